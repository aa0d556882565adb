/**
 * The change history, newest first. Fields changed together (one edit, one import row) share a
 * time, a source and an actor, and show as one entry.
 */
import { Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLang, useT } from '../../../app/i18n/i18n';
import type { PersonChange } from '../api-types';
import { changeFieldLabel, changeValueText, sourceLabel } from '../labels';
import { peopleMessages } from './people.messages';

interface Group {
  key: string;
  at: string;
  source: string;
  actor: string | null;
  changes: PersonChange[];
}

function groupChanges(changes: PersonChange[]): Group[] {
  const groups: Group[] = [];
  for (const change of changes) {
    const last = groups.at(-1);
    if (last && last.at === change.at && last.source === change.source && last.actor === change.actor) {
      last.changes.push(change);
    } else {
      groups.push({
        key: `${change.at}:${groups.length}`,
        at: change.at,
        source: change.source,
        actor: change.actor,
        changes: [change],
      });
    }
  }
  return groups;
}

export function ChangeTimeline({ changes }: { changes: PersonChange[] }) {
  const t = useT(peopleMessages);
  const { lang } = useLang();
  const colon = lang === 'zh' ? '：' : ': ';
  return (
    <Timeline
      data-testid="change-timeline"
      items={groupChanges(changes).map((group) => ({
        key: group.key,
        color: group.source === 'import' ? 'green' : 'blue',
        title: <span className="num">{dayjs(group.at).format('YYYY-MM-DD HH:mm')}</span>,
        content: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {group.actor
                ? t('person.change.by', { source: sourceLabel(group.source, lang), actor: group.actor })
                : sourceLabel(group.source, lang)}
            </Typography.Text>
            {group.changes.map((change, index) => (
              <div key={index} style={{ fontSize: 13 }}>
                <strong>{changeFieldLabel(change.field, lang)}</strong>
                {change.field !== 'created' && (
                  <>
                    {colon}
                    <Typography.Text delete type="secondary">
                      {changeValueText(change.field, change.oldValue, lang)}
                    </Typography.Text>
                    {' → '}
                    <span>{changeValueText(change.field, change.newValue, lang)}</span>
                  </>
                )}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
