/**
 * Steps 3 and 4: one import's progress, polled every second while it runs, then its result —
 * added, updated, unchanged, failed — and the error report with the failed rows and their reasons.
 */
import {
  DownloadOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Progress, Result, Space, Statistic, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../app/api';
import { useT } from '../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { useNotifyError } from '../../../app/use-notify-error';
import type { ImportJob } from '../api-types';
import { importsMessages } from './imports.messages';
import { useImportDownloads } from './use-import-downloads';

const POLL_MS = 1000;

function Counts({ job }: { job: ImportJob }) {
  const t = useT(importsMessages);
  const items = [
    { key: 'total', value: job.rowsTotal ?? '—' },
    { key: 'done', value: job.rowsDone },
    { key: 'inserted', value: job.inserted, color: '#389e0d' },
    { key: 'updated', value: job.updated, color: '#1a56b8' },
    { key: 'unchanged', value: job.unchanged },
    { key: 'failed', value: job.failed, color: job.failed > 0 ? '#cf1322' : undefined },
  ] as const;
  return (
    <div className="import-counts" data-testid="import-counts">
      {items.map((item) => (
        <Card size="small" key={item.key} data-testid={`import-count-${item.key}`} data-value={item.value}>
          <Statistic
            title={t(`count.${item.key}`)}
            value={item.value}
            styles={{ content: { color: 'color' in item ? item.color : undefined } }}
          />
        </Card>
      ))}
    </div>
  );
}

export function ImportRun({ id }: { id: string }) {
  const t = useT(importsMessages);
  const { modal } = App.useApp();
  const notifyError = useNotifyError();
  const downloads = useImportDownloads();
  const [tick, setTick] = useState(0);
  const { data, error, reload } = useApi<ImportJob>(`/api/population/imports/${id}`, undefined, tick);
  const running = data?.status === 'running';

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, data]);

  if (error && !data) return <ErrorState error={error} target={id} onRetry={reload} />;
  if (!data || data.id !== id) return <PageLoading />;

  const act = async (action: 'resume' | 'cancel') => {
    try {
      await api.post(`/api/population/imports/${id}/${action}`);
      setTick((n) => n + 1);
    } catch (failure) {
      notifyError(failure);
    }
  };
  const percent = data.rowsTotal
    ? Math.min(100, Math.floor((data.rowsDone / data.rowsTotal) * 100))
    : running
      ? 0
      : 100;
  const finished = data.status === 'done';
  const step = finished ? 3 : 2;
  const errorsButton = data.failed > 0 && (
    <Button
      type="primary"
      danger
      icon={<DownloadOutlined />}
      loading={downloads.busy === `errors:${id}`}
      onClick={() => void downloads.errors(id, data.fileName)}
      data-testid="download-errors"
    >
      {t('result.downloadErrors')}
    </Button>
  );
  const again = (
    <Link to="/population/imports">
      <Button icon={<UploadOutlined />}>{t('result.another')}</Button>
    </Link>
  );

  return (
    <Card data-testid="import-run" data-status={data.status} title={t('run.title', { name: data.fileName })}>
      <Steps
        current={step}
        status={
          data.status === 'failed' || data.status === 'cancelled' ? 'error' : finished ? 'finish' : undefined
        }
        items={[
          { title: t('step.upload') },
          { title: t('step.mapping') },
          { title: t('step.running') },
          { title: t('step.done') },
        ]}
        style={{ marginBottom: 24 }}
      />
      {!finished && (
        <>
          <Progress
            percent={percent}
            status={running ? 'active' : data.status === 'failed' ? 'exception' : 'normal'}
            data-testid="import-progress"
          />
          <div style={{ marginTop: 4, color: 'rgba(0,0,0,0.45)' }}>
            {data.rowsTotal
              ? t('run.progress', {
                  done: data.rowsDone.toLocaleString(),
                  total: data.rowsTotal.toLocaleString(),
                })
              : t('run.progressUnknown', { done: data.rowsDone.toLocaleString() })}
          </div>
        </>
      )}
      {data.status === 'uploaded' && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          title={t('run.uploaded')}
          description={t('run.reupload')}
        />
      )}
      {data.status === 'interrupted' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          title={t('run.interrupted')}
          action={
            <Button
              icon={<PlayCircleOutlined />}
              onClick={() => void act('resume')}
              data-testid="import-resume"
            >
              {t('run.resume')}
            </Button>
          }
        />
      )}
      {data.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={t('run.failed', { error: data.error ?? '' })}
        />
      )}
      {data.status === 'cancelled' && (
        <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t('run.cancelled')} />
      )}
      {finished && (
        <Result
          status={data.failed > 0 ? 'warning' : 'success'}
          title={data.failed > 0 ? t('result.withErrors', { failed: data.failed }) : t('result.title')}
          subTitle={
            <span data-testid="import-summary">
              {t('result.summary', {
                total: (data.rowsTotal ?? data.rowsDone).toLocaleString(),
                inserted: data.inserted.toLocaleString(),
                updated: data.updated.toLocaleString(),
                unchanged: data.unchanged.toLocaleString(),
                failed: data.failed.toLocaleString(),
              })}
            </span>
          }
          extra={
            <Space wrap>
              {errorsButton}
              <Link to="/population/people">
                <Button icon={<TeamOutlined />}>{t('result.viewPeople')}</Button>
              </Link>
              {again}
            </Space>
          }
          style={{ padding: '16px 0 0' }}
        />
      )}
      {finished && data.failed > 0 && (
        <Alert type="warning" showIcon style={{ margin: '16px 0 8px' }} title={t('result.errorsHint')} />
      )}
      <Counts job={data} />
      {(running ||
        (!finished && data.failed > 0) ||
        data.status === 'cancelled' ||
        data.status === 'failed') && (
        <Space style={{ marginTop: 16 }} wrap>
          {running && (
            <Button
              danger
              icon={<PauseCircleOutlined />}
              data-testid="import-cancel"
              onClick={() => {
                modal.confirm({
                  title: t('run.cancelConfirm'),
                  okButtonProps: { danger: true },
                  onOk: () => void act('cancel'),
                });
              }}
            >
              {t('run.cancel')}
            </Button>
          )}
          {!running && errorsButton}
          {!running && again}
        </Space>
      )}
    </Card>
  );
}
