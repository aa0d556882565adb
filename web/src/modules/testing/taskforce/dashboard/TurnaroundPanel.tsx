/**
 * Lab turnaround of the round: tubes at each stage, the share resulted within the edition's hours,
 * tubes closed vs resulted per hour, and each lab's backlog.
 */
import { Card, Col, Empty, Progress, Row, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { TUBE_STATUSES, type Turnaround } from '../../api-types';
import type { TrendOption } from '../components/echarts';
import { TrendChart } from '../components/TrendChart';
import { TUBE_STAGE_LABELS } from '../labels';
import { dashboardMessages } from './dashboard.messages';

type LabRow = Turnaround['labs'][number];

export function TurnaroundPanel({
  roundId,
  jurisdiction,
  tick,
}: {
  roundId: string;
  jurisdiction: string | undefined;
  tick: number;
}) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const { data, error, loading, reload } = useApi<Turnaround>(
    `/api/testing/rounds/${roundId}/turnaround`,
    { jurisdiction },
    tick,
  );

  const stages = useMemo(
    (): TrendOption => ({
      grid: { left: 48, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: TUBE_STATUSES.map((s) => TUBE_STAGE_LABELS[s][lang]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 40,
          data: TUBE_STATUSES.map((s) => data?.stages[s] ?? 0),
          label: { show: true, position: 'top' },
        },
      ],
    }),
    [data, lang],
  );
  const hourly = useMemo(
    (): TrendOption => ({
      grid: { left: 48, right: 12, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: (data?.hourly ?? []).map((h) => dayjs(h.hour).format('MM-DD HH:00')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'line', name: t('ta.closed'), smooth: true, data: (data?.hourly ?? []).map((h) => h.closed) },
        {
          type: 'line',
          name: t('ta.resulted'),
          smooth: true,
          data: (data?.hourly ?? []).map((h) => h.resulted),
        },
      ],
    }),
    [data, t],
  );

  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  const empty = data && data.measured === 0 && data.stages.open === 0;
  return (
    <Row gutter={[16, 16]} data-testid="turnaround">
      <Col xs={24} lg={12}>
        <Card size="small" title={t('ta.stages')} loading={loading && !data}>
          {empty ? (
            <Empty description={t('ta.empty')} />
          ) : (
            <TrendChart option={stages} height={220} label={t('ta.stages')} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={t('ta.shares')}
          loading={loading && !data}
          extra={
            data && (
              <Typography.Text type="secondary">{t('ta.measured', { count: data.measured })}</Typography.Text>
            )
          }
        >
          <Row gutter={16} justify="space-around" style={{ paddingTop: 16 }}>
            {(data?.shares ?? []).map((s) => (
              <Col key={s.withinHours} style={{ textAlign: 'center' }}>
                <Progress type="dashboard" percent={Math.round(s.share * 1000) / 10} size={120} />
                <div>{t('ta.within', { hours: s.withinHours })}</div>
                <Typography.Text type="secondary">{s.count.toLocaleString()}</Typography.Text>
              </Col>
            ))}
          </Row>
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('ta.hourly')} loading={loading && !data}>
          {(data?.hourly.length ?? 0) === 0 ? (
            <Empty description={t('ta.empty')} />
          ) : (
            <TrendChart option={hourly} height={260} label={t('ta.hourly')} testId="turnaround-hourly" />
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('ta.labs')}>
          <Table<LabRow>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data?.labs ?? []}
            columns={[
              { title: t('ta.lab'), key: 'lab', render: (_, l) => `${l.name}（${l.code}）` },
              {
                title: t('ta.capacity'),
                dataIndex: 'capacityPerDay',
                align: 'right',
                render: (v: number) => v.toLocaleString(),
              },
              {
                title: t('ta.inTransit'),
                dataIndex: 'shippedNotReceived',
                align: 'right',
                render: (v: number) => v.toLocaleString(),
              },
              {
                title: t('ta.waiting'),
                dataIndex: 'receivedNotResulted',
                align: 'right',
                render: (v: number) => v.toLocaleString(),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
