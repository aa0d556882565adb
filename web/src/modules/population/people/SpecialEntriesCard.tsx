/** The special populations a person is registered in, each with its details and what it needs. */
import { Card, Descriptions, Empty, Tag } from 'antd';
import { isSpecialKind, SPECIAL_KIND_DEFINITIONS } from '../../../../../domain/population.js';
import { useLang, useT } from '../../../app/i18n/i18n';
import type { SpecialEntry } from '../api-types';
import { detailText, specialLabel } from '../labels';
import { peopleMessages } from './people.messages';

export function SpecialEntriesCard({ entries }: { entries: SpecialEntry[] }) {
  const t = useT(peopleMessages);
  const { lang } = useLang();
  return (
    <Card title={t('person.specials')} data-testid="person-specials">
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('person.specialsNone')} />
      ) : (
        entries.map((entry, index) => {
          const definition = isSpecialKind(entry.kind) ? SPECIAL_KIND_DEFINITIONS[entry.kind] : undefined;
          return (
            <Descriptions
              key={entry.kind}
              style={{ marginTop: index === 0 ? 0 : 16 }}
              title={<Tag color="volcano">{specialLabel(entry.kind, lang)}</Tag>}
              bordered
              size="small"
              column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
              styles={{ label: { width: lang === 'zh' ? 120 : 150 } }}
              items={[
                ...(definition
                  ? [
                      {
                        key: 'need',
                        label: t('person.need'),
                        children: definition.need[lang],
                        span: 'filled' as const,
                      },
                    ]
                  : []),
                ...(definition?.details ?? []).map((field) => ({
                  key: field.key,
                  label: field.label[lang],
                  children: detailText(field, entry.details[field.key], lang) || '—',
                })),
                { key: 'since', label: t('person.since'), children: entry.since ?? '—' },
                {
                  key: 'notes',
                  label: t('person.notes'),
                  children: entry.notes ?? '—',
                  span: 'filled' as const,
                },
              ]}
            />
          );
        })
      )}
    </Card>
  );
}
