/**
 * The investigators' load (GET /board rows): open and overdue cases, clocks due within the hour,
 * calls today. Overdue work sorts first and stands out; the dashboard and the teams page share it.
 */
import { Space, Table, Tag, Typography } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import type { LoadRow } from '../../api-types';
import { opsMessages } from '../ops.messages';

function byUrgency(a: LoadRow, b: LoadRow): number {
  return b.overdue - a.overdue || b.dueSoon - a.dueSoon || b.open - a.open;
}

export function LoadTable({
  rows,
  loading,
  testId,
}: {
  rows: LoadRow[];
  loading?: boolean;
  testId?: string;
}) {
  const t = useT(opsMessages);
  const count = (value: number, warn?: 'danger' | 'warning') =>
    value > 0 && warn ? (
      <Typography.Text type={warn} strong className="num">
        {value}
      </Typography.Text>
    ) : (
      <span className="num">{value}</span>
    );
  return (
    <Table<LoadRow>
      size="small"
      rowKey={(r) => r.user.id}
      loading={loading}
      dataSource={[...rows].sort(byUrgency)}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: t('load.empty') }}
      scroll={{ x: 560 }}
      data-testid={testId}
      columns={[
        { title: t('load.user'), key: 'user', render: (_, r) => r.user.name, fixed: 'left' },
        {
          title: t('load.teams'),
          key: 'teams',
          render: (_, r) =>
            r.teams.length === 0 ? (
              <Typography.Text type="secondary">{t('load.noTeam')}</Typography.Text>
            ) : (
              <Space size={[0, 4]} wrap>
                {r.teams.map((name) => (
                  <Tag key={name}>{name}</Tag>
                ))}
              </Space>
            ),
        },
        {
          title: t('load.open'),
          dataIndex: 'open',
          align: 'right',
          sorter: (a, b) => a.open - b.open,
          render: (v: number) => count(v),
        },
        {
          title: t('load.overdue'),
          dataIndex: 'overdue',
          align: 'right',
          sorter: (a, b) => a.overdue - b.overdue,
          render: (v: number) => count(v, 'danger'),
        },
        {
          title: t('load.dueSoon'),
          dataIndex: 'dueSoon',
          align: 'right',
          sorter: (a, b) => a.dueSoon - b.dueSoon,
          render: (v: number) => count(v, 'warning'),
        },
        {
          title: t('load.callsToday'),
          dataIndex: 'callsToday',
          align: 'right',
          sorter: (a, b) => a.callsToday - b.callsToday,
          render: (v: number) => count(v),
        },
      ]}
    />
  );
}
