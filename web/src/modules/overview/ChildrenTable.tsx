import { RightOutlined } from '@ant-design/icons';
import { Card, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Jurisdiction, Page } from '../../app/api-types';
import { useLang, useT } from '../../app/i18n/i18n';
import { kindLabel } from '../../app/i18n/labels';
import { modulePath } from '../../app/selection';
import { useApi } from '../../app/use-api';
import { overviewMessages } from './overview.messages';

const PAGE_SIZE = 20;

/** The children of the selected jurisdiction; a click opens one. */
export function ChildrenTable({
  code,
  onOpen,
  version,
}: {
  code: string;
  onOpen: (code: string) => void;
  version: number;
}) {
  const t = useT(overviewMessages);
  const { lang } = useLang();
  const [page, setPage] = useState({ code, number: 1 });
  // A new jurisdiction starts on page 1 without an effect resetting state.
  const current = page.code === code ? page.number : 1;
  const { data, loading } = useApi<Page<Jurisdiction>>(
    '/api/jurisdictions',
    {
      parent: code,
      limit: PAGE_SIZE,
      offset: (current - 1) * PAGE_SIZE,
    },
    version,
  );

  return (
    <Card title={data ? t('children.titleCount', { count: data.total }) : t('children.title')}>
      <Table<Jurisdiction>
        size="middle"
        rowKey="code"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('children.none') }}
        data-testid="children-table"
        rowClassName="clickable-row"
        onRow={(row) => ({ onClick: () => onOpen(row.code) })}
        pagination={{
          current,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => t('state.total', { total }),
          onChange: (number) => setPage({ code, number }),
        }}
        columns={[
          {
            title: t('children.name'),
            dataIndex: 'shortName',
            // A real link (keyboard, open in a new tab); the row's click does the same.
            render: (name: string, row) => (
              <Link
                to={modulePath('overview', row.code)}
                title={row.name}
                onClick={(e) => e.stopPropagation()}
              >
                {name}
              </Link>
            ),
          },
          {
            title: t('children.kind'),
            key: 'kind',
            render: (_, row) => kindLabel(row.level, row.kind, lang),
          },
          {
            title: t('children.code'),
            dataIndex: 'code',
            render: (c: string) => <span className="num">{c}</span>,
          },
          {
            title: t('children.count'),
            dataIndex: 'childCount',
            align: 'right',
            render: (n: number | undefined) => <span className="num">{n ?? 0}</span>,
          },
          { key: 'go', width: 40, render: () => <RightOutlined style={{ color: '#bfbfbf' }} /> },
        ]}
      />
    </Card>
  );
}
