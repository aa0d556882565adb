/** A page of passes: number, type, status, organisation, plate, people, route, validity, place. */
import { Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { PassSummary } from '../api-types';
import { PASS_STATUS_LABELS, PASS_TYPE_LABELS, colorOf, labelOf } from '../labels';
import { passesMessages } from '../passes.messages';

export function PassTable({
  passes,
  total,
  page,
  loading,
  onPage,
  onOpen,
  testId,
}: {
  passes: PassSummary[];
  total: number;
  page: number;
  loading: boolean;
  onPage: (page: number) => void;
  onOpen: (pass: PassSummary) => void;
  testId?: string;
}) {
  const t = useT(passesMessages);
  const { lang } = useLang();
  return (
    <Table<PassSummary>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={passes}
      rowClassName="clickable-row"
      onRow={(p) =>
        ({
          onClick: () => onOpen(p),
          'data-testid': 'pass-row',
          'data-number': p.number,
        }) as React.HTMLAttributes<HTMLElement>
      }
      pagination={{
        current: page,
        pageSize: 20,
        total,
        showSizeChanger: false,
        hideOnSinglePage: true,
        onChange: onPage,
      }}
      locale={{ emptyText: t('list.empty') }}
      scroll={{ x: 1000 }}
      data-testid={testId}
      columns={[
        {
          title: t('col.number'),
          dataIndex: 'number',
          render: (v: string) => <Typography.Text className="num">{v}</Typography.Text>,
        },
        {
          title: t('col.type'),
          dataIndex: 'type',
          render: (v: string) => (
            <Tag color={colorOf(PASS_TYPE_LABELS, v)}>{labelOf(PASS_TYPE_LABELS, v, lang)}</Tag>
          ),
        },
        {
          title: t('col.status'),
          dataIndex: 'status',
          render: (v: string) => (
            <Tag color={colorOf(PASS_STATUS_LABELS, v)} data-testid="pass-status" data-status={v}>
              {labelOf(PASS_STATUS_LABELS, v, lang)}
            </Tag>
          ),
        },
        { title: t('col.organisation'), dataIndex: 'organisation', render: (v: string | null) => v ?? '—' },
        { title: t('col.plate'), dataIndex: 'plate', render: (v: string | null) => v ?? '—' },
        { title: t('col.holders'), dataIndex: 'holders', render: (v: string[]) => v.join('、') || '—' },
        {
          title: t('col.route'),
          dataIndex: 'route',
          render: (v: string[]) => (v.length ? <span className="num">{v.join(' → ')}</span> : '—'),
        },
        {
          title: t('col.validity'),
          key: 'validity',
          render: (_, p) => `${dayjs(p.validFrom).format('MM-DD')} ~ ${dayjs(p.validUntil).format('MM-DD')}`,
        },
        { title: t('col.place'), key: 'place', render: (_, p) => p.place.name },
        {
          title: t('col.appliedAt'),
          dataIndex: 'appliedAt',
          render: (v: string) => dayjs(v).format('MM-DD HH:mm'),
        },
      ]}
    />
  );
}
