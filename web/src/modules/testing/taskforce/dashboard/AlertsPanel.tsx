/**
 * The round's alerts, newest first: positive and invalid pools and positive people, each with its
 * tube's recall list (who was in it, where they live, their recheck task) and an acknowledge button.
 */
import { Button, Card, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import type { ApiState } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { AlertKind, ListOf, TestingAlert } from '../../api-types';
import { ALERT_KIND_LABELS } from '../labels';
import { dashboardMessages } from './dashboard.messages';
import { RecallDrawer } from './RecallDrawer';

export function AlertsPanel({ alerts }: { alerts: ApiState<ListOf<TestingAlert>> }) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const notifyError = useNotifyError();
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [recall, setRecall] = useState<TestingAlert | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const ack = async (alert: TestingAlert) => {
    setBusy(alert.id);
    try {
      await api.post(`/api/testing/alerts/${alert.id}/ack`);
      alerts.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  if (alerts.error && !alerts.data) return <ErrorState error={alerts.error} onRetry={alerts.reload} />;
  const items = (alerts.data?.items ?? []).filter((a) => !onlyOpen || !a.acknowledgedAt);
  return (
    <Card
      size="small"
      title={t('alerts.title')}
      extra={
        <span>
          {t('alerts.onlyOpen')} <Switch size="small" checked={onlyOpen} onChange={setOnlyOpen} />
        </span>
      }
    >
      <Table<TestingAlert>
        size="small"
        rowKey="id"
        loading={alerts.loading && !alerts.data}
        dataSource={items}
        locale={{ emptyText: t('alerts.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        rowClassName={(a) => (a.acknowledgedAt ? '' : 'testing-alert-open')}
        data-testid="alerts-table"
        columns={[
          {
            title: t('alerts.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (kind: AlertKind) => (
              <Tag color={ALERT_KIND_LABELS[kind].color}>{ALERT_KIND_LABELS[kind][lang]}</Tag>
            ),
          },
          {
            title: t('alerts.tube'),
            key: 'tube',
            render: (_, a) => <span className="num">{a.tube.barcode ?? '—'}</span>,
          },
          { title: t('alerts.place'), key: 'place', render: (_, a) => a.place.name },
          { title: t('alerts.members'), dataIndex: 'members', align: 'right', width: 90 },
          {
            title: t('alerts.raisedAt'),
            dataIndex: 'raisedAt',
            width: 150,
            render: (at: string) => dayjs(at).format('MM-DD HH:mm:ss'),
          },
          {
            title: t('alerts.status'),
            key: 'status',
            width: 260,
            render: (_, a) => (
              <span>
                <Button type="link" size="small" onClick={() => setRecall(a)} data-testid="alert-recall">
                  {t('alerts.recall')}
                </Button>
                {a.acknowledgedAt ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('alerts.acked', { at: dayjs(a.acknowledgedAt).format('MM-DD HH:mm') })}
                  </Typography.Text>
                ) : (
                  <Button
                    size="small"
                    type="primary"
                    loading={busy === a.id}
                    onClick={() => void ack(a)}
                    data-testid="alert-ack"
                  >
                    {t('alerts.ack')}
                  </Button>
                )}
              </span>
            ),
          },
        ]}
      />
      {recall && (
        <RecallDrawer tubeId={recall.tube.id} barcode={recall.tube.barcode} onClose={() => setRecall(null)} />
      )}
    </Card>
  );
}
