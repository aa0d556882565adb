/** One audit entry in full, with its JSON detail. */
import { Descriptions, Drawer, Empty, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { AuditEntry } from '../../../app/api-types';
import { useLang, useT } from '../../../app/i18n/i18n';
import { actionLabel, outcomeLabel, roleLabel } from '../../../app/i18n/labels';
import { auditMessages } from './audit.messages';

export function AuditDetailDrawer({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const t = useT(auditMessages);
  const { lang } = useLang();
  const outcome = entry ? outcomeLabel(entry.outcome, lang) : null;
  return (
    <Drawer
      open={entry !== null}
      onClose={onClose}
      size={560}
      title={entry ? t('drawer.title', { id: entry.id }) : ''}
      destroyOnHidden
    >
      {entry && (
        <div data-testid="audit-drawer">
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 130 } }}
            items={[
              { key: 'at', label: t('col.at'), children: dayjs(entry.at).format('YYYY-MM-DD HH:mm:ss.SSS') },
              {
                key: 'action',
                label: t('col.action'),
                children: (
                  <span>
                    {actionLabel(entry.action, lang)}{' '}
                    <Typography.Text type="secondary" code>
                      {entry.action}
                    </Typography.Text>
                  </span>
                ),
              },
              {
                key: 'outcome',
                label: t('col.outcome'),
                children: <Tag color={outcome!.color}>{outcome!.text}</Tag>,
              },
              { key: 'actor', label: t('col.actor'), children: entry.actor?.username ?? t('system') },
              {
                key: 'role',
                label: t('col.role'),
                children: entry.actor?.role ? roleLabel(entry.actor.role, lang) : '—',
              },
              { key: 'actorId', label: t('drawer.actorId'), children: entry.actor?.id ?? '—' },
              {
                key: 'resource',
                label: t('col.resource'),
                children: entry.resourceType ? `${entry.resourceType} ${entry.resourceId ?? ''}` : '—',
              },
              { key: 'county', label: t('drawer.county'), children: entry.countyCode },
              { key: 'ip', label: t('col.ip'), children: entry.ip ?? '—' },
              { key: 'ua', label: t('drawer.userAgent'), children: entry.userAgent ?? '—' },
              {
                key: 'request',
                label: t('col.requestId'),
                children: entry.requestId ? (
                  <Typography.Text copyable>{entry.requestId}</Typography.Text>
                ) : (
                  '—'
                ),
              },
            ]}
          />
          <h4 style={{ margin: '20px 0 8px' }}>{t('drawer.detail')}</h4>
          {entry.detail ? (
            <pre className="json-block" data-testid="audit-detail-json">
              {JSON.stringify(entry.detail, null, 2)}
            </pre>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('drawer.noDetail')} />
          )}
        </div>
      )}
    </Drawer>
  );
}
