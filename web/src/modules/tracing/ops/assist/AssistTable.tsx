/** One direction's notices: number, subject, person (masked), the other side, links, status. */
import { Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { Masked } from '../../../population/components/Masked';
import type { AssistNotice } from '../../api-types';
import { ASSIST_STATUS_LABELS, ASSIST_SUBJECT_LABELS, colorOf, labelOf } from '../labels';
import { assistMessages } from './assist.messages';

export function AssistTable({
  direction,
  notices,
  loading,
  onOpen,
}: {
  direction: AssistNotice['direction'];
  notices: AssistNotice[];
  loading: boolean;
  onOpen: (notice: AssistNotice) => void;
}) {
  const t = useT(assistMessages);
  const { lang } = useLang();
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  return (
    <Table<AssistNotice>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={notices}
      rowClassName="clickable-row"
      onRow={(n) => ({ onClick: () => onOpen(n) })}
      pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: t('list.empty') }}
      scroll={{ x: 880 }}
      data-testid={`assist-table-${direction}`}
      columns={[
        {
          title: t('col.number'),
          dataIndex: 'number',
          render: (v: string) => <Typography.Text className="num">{v}</Typography.Text>,
        },
        {
          title: t('col.subject'),
          dataIndex: 'subject',
          render: (v: string) => (
            <Tag color={colorOf(ASSIST_SUBJECT_LABELS, v)}>{labelOf(ASSIST_SUBJECT_LABELS, v, lang)}</Tag>
          ),
        },
        {
          title: t('col.person'),
          key: 'person',
          render: (_, n) => (
            <Space orientation="vertical" size={0}>
              <span>{n.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <Masked masked={n.idMasked} />
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: direction === 'outgoing' ? t('col.peerOut') : t('col.peerIn'),
          key: 'peer',
          render: (_, n) => n.peer || n.targetRegion || '—',
        },
        {
          title: t('col.link'),
          key: 'link',
          render: (_, n) => (
            <Space orientation="vertical" size={0}>
              {n.case && (
                <Link to={`/tracing/cases/${n.case.id}`} onClick={stop}>
                  {n.case.number}
                </Link>
              )}
              {n.contact && (
                <Link to={`/tracing/contacts/${n.contact.id}`} onClick={stop}>
                  {n.contact.name}
                </Link>
              )}
              {!n.case && !n.contact && '—'}
            </Space>
          ),
        },
        {
          title: t('col.status'),
          dataIndex: 'status',
          filters: Object.entries(ASSIST_STATUS_LABELS).map(([value, l]) => ({ value, text: l[lang] })),
          onFilter: (value, n) => n.status === value,
          render: (v: string) => (
            <Tag color={colorOf(ASSIST_STATUS_LABELS, v)}>{labelOf(ASSIST_STATUS_LABELS, v, lang)}</Tag>
          ),
        },
        {
          title: t('col.updatedAt'),
          dataIndex: 'updatedAt',
          defaultSortOrder: 'descend',
          sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
          render: (v: string) => dayjs(v).format('MM-DD HH:mm'),
        },
      ]}
    />
  );
}
