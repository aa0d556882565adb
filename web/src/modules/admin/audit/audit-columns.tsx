import { Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { AuditEntry } from '../../../app/api-types';
import type { Lang, Translate } from '../../../app/i18n/i18n';
import { actionLabel, outcomeLabel, roleLabel } from '../../../app/i18n/labels';
import type { auditMessages } from './audit.messages';

type T = Translate<keyof typeof auditMessages.zh>;

export function auditColumns(t: T, lang: Lang): TableColumnsType<AuditEntry> {
  return [
    {
      title: t('col.at'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => <span className="num">{dayjs(at).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('col.actor'),
      key: 'actor',
      width: 150,
      render: (_, e) =>
        e.actor ? (
          <Typography.Text strong>{e.actor.username}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('system')}</Typography.Text>
        ),
    },
    {
      title: t('col.role'),
      key: 'role',
      width: 150,
      render: (_, e) => (e.actor?.role ? roleLabel(e.actor.role, lang) : '—'),
    },
    {
      title: t('col.action'),
      dataIndex: 'action',
      width: 140,
      render: (action: string) => <span title={action}>{actionLabel(action, lang)}</span>,
    },
    {
      title: t('col.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (outcome: string) => {
        const label = outcomeLabel(outcome, lang);
        return <Tag color={label.color}>{label.text}</Tag>;
      },
    },
    {
      title: t('col.resource'),
      key: 'resource',
      ellipsis: true,
      // A user is better known by name than by id; the id stays in the tooltip and the drawer.
      render: (_, e) => {
        if (!e.resourceType) return '—';
        const self =
          e.resourceType === 'user' && e.actor && e.resourceId === e.actor.id ? e.actor.username : null;
        const name = typeof e.detail?.username === 'string' ? e.detail.username : self;
        return (
          <span title={`${e.resourceType} ${e.resourceId ?? ''}`}>
            <Typography.Text type="secondary">{e.resourceType}</Typography.Text> {name ?? e.resourceId}
          </span>
        );
      },
    },
    { title: t('col.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
    {
      title: t('col.requestId'),
      dataIndex: 'requestId',
      width: 130,
      ellipsis: true,
      render: (id: string | null) =>
        id ? (
          <Typography.Text type="secondary" className="num">
            {id.slice(0, 8)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
}
