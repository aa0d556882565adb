/** 导入记录: the imports of the user's area, newest first, each with its result and error report. */
import { Badge, Button, Card, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../../app/i18n/i18n';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import type { ImportJob, ImportStatus } from '../api-types';
import { importsMessages } from './imports.messages';
import { useImportDownloads } from './use-import-downloads';

const BADGES: Record<ImportStatus, 'default' | 'processing' | 'success' | 'error' | 'warning'> = {
  uploaded: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  interrupted: 'warning',
  cancelled: 'default',
};

export function ImportHistory({ activeId }: { activeId: string | null }) {
  const t = useT(importsMessages);
  const downloads = useImportDownloads();
  const [tick, setTick] = useState(0);
  const list = useApi<{ items: ImportJob[] }>('/api/population/imports', { limit: 20 }, tick);
  const items = list.data?.items ?? [];
  const anyRunning = items.some((job) => job.status === 'running');

  // While something runs, the list follows it (less often than the import's own page does).
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 3000);
    return () => clearTimeout(timer);
  }, [anyRunning, list.data]);

  return (
    <Card title={t('history.title')} data-testid="import-history">
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<ImportJob>
          rowKey="id"
          size="small"
          loading={list.loading && !list.data}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('history.empty') }}
          rowClassName={(job) => (job.id === activeId ? 'ant-table-row-selected' : '')}
          columns={[
            {
              title: t('history.file'),
              dataIndex: 'fileName',
              ellipsis: true,
              render: (name: string, job) => <Link to={`/population/imports/${job.id}`}>{name}</Link>,
            },
            {
              title: t('history.status'),
              dataIndex: 'status',
              width: 110,
              render: (status: ImportStatus) => (
                <Badge status={BADGES[status]} text={t(`status.${status}`)} />
              ),
            },
            {
              title: t('history.rows'),
              key: 'rows',
              width: 90,
              align: 'right',
              render: (_, job) => (
                <span className="num">{(job.rowsTotal ?? job.rowsDone).toLocaleString()}</span>
              ),
            },
            {
              title: t('history.result'),
              key: 'result',
              width: 230,
              render: (_, job) => (
                <span className="num">
                  <Typography.Text type="success">{job.inserted}</Typography.Text> / {job.updated} /{' '}
                  {job.unchanged} /{' '}
                  <Typography.Text type={job.failed > 0 ? 'danger' : undefined}>{job.failed}</Typography.Text>
                </span>
              ),
            },
            {
              title: t('history.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (at: string) => <span className="num">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>,
            },
            {
              title: t('history.actions'),
              key: 'actions',
              width: 170,
              render: (_, job) => (
                <Space size={0}>
                  <Link to={`/population/imports/${job.id}`}>
                    <Button type="link" size="small">
                      {t('history.open')}
                    </Button>
                  </Link>
                  {job.failed > 0 && job.status !== 'running' && (
                    <Button
                      type="link"
                      size="small"
                      loading={downloads.busy === `errors:${job.id}`}
                      onClick={() => void downloads.errors(job.id, job.fileName)}
                    >
                      {t('history.errors')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
