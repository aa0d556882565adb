/**
 * 卡口统计 at /risk/checkpoint-stats[/<jurisdiction>]?day=YYYY-MM-DD: one day of the checkpoints of
 * the area, per checkpoint and shift — vehicles and people checked, passed, turned back — as stacked
 * bars (passes, then turn-backs by reason) and a table, with the day's totals.
 */
import { Card, DatePicker, Empty, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { shiftOf } from '../../../../../../domain/checkpoint-policy.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { Chart } from '../../../population/components/Chart';
import type { ChartOption } from '../../../population/components/echarts';
import type { CheckpointStats } from '../api-types';
import { reasonCodeText } from '../problems';
import { statsMessages } from './stats.messages';
import '../passes.css';

type Row = CheckpointStats['rows'][number];

/** Turn-backs in reds and ambers, one hue per reason; passes green. */
const REASON_COLOURS = [
  '#d4380d',
  '#fa8c16',
  '#cf1322',
  '#ad6800',
  '#eb2f96',
  '#722ed1',
  '#8c8c8c',
  '#a8071a',
  '#d48806',
  '#5b8fd9',
];

export default function StatsPage() {
  const t = useT(statsMessages);
  const { lang } = useLang();
  const { code } = useParams();
  const [params, setParams] = useSearchParams();
  const today = shiftOf(new Date()).day;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('day') ?? '') ? params.get('day')! : today;
  const stats = useApi<CheckpointStats>('/api/risk/checkpoint-stats', { at: code, day });

  const option = useMemo<ChartOption | null>(() => {
    const data = stats.data;
    if (!data || data.rows.length === 0) return null;
    const reasons = Object.keys(data.totals.reasons).sort(
      (a, b) => data.totals.reasons[b]! - data.totals.reasons[a]!,
    );
    const labels = data.rows.map((r) => `${r.code}·${t(`shift.short.${r.shift}`)}`);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: { interval: 0, rotate: labels.length > 8 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('chart.passed'),
          type: 'bar',
          stack: 'checks',
          barMaxWidth: 72,
          itemStyle: { color: '#389e0d' },
          data: data.rows.map((r) => r.passed),
        },
        ...reasons.map((reason, i) => ({
          name: reasonCodeText(reason, lang),
          type: 'bar' as const,
          stack: 'checks',
          barMaxWidth: 72,
          itemStyle: { color: REASON_COLOURS[i % REASON_COLOURS.length] },
          data: data.rows.map((r) => r.reasons[reason] ?? 0),
        })),
      ],
    };
  }, [stats.data, t, lang]);

  if (stats.error && !stats.data) return <ErrorState error={stats.error} onRetry={stats.reload} />;
  const data = stats.data;
  const totals = data?.totals;
  const checked = totals?.checked ?? 0;

  return (
    <div data-testid="checkpoint-stats-page">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          <DatePicker
            value={dayjs(day)}
            allowClear={false}
            disabledDate={(d: Dayjs) => d.isAfter(dayjs(today), 'day')}
            onChange={(d: Dayjs | null) => d && setParams({ day: d.format('YYYY-MM-DD') })}
            aria-label={t('day.label')}
            data-testid="stats-day"
          />
        }
      />
      {!data ? (
        <PageLoading />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small">
            <div className="pass-stats-cards" data-testid="stats-totals">
              <Statistic title={t('total.checked')} value={checked} />
              <Statistic
                title={t('total.passed')}
                value={totals?.passed ?? 0}
                styles={{ content: { color: '#389e0d' } }}
              />
              <Statistic
                title={t('total.turnedBack')}
                value={totals?.turnedBack ?? 0}
                styles={{ content: { color: '#d4380d' } }}
              />
              <Statistic
                title={t('total.rate')}
                value={checked ? ((100 * (totals?.turnedBack ?? 0)) / checked).toFixed(1) : '—'}
                suffix={checked ? '%' : undefined}
              />
            </div>
          </Card>
          <Card size="small" title={t('chart.title')}>
            {option ? (
              <Chart option={option} height={320} label={t('chart.label')} testId="stats-chart" />
            ) : (
              <Empty description={t('empty')} />
            )}
          </Card>
          <Card size="small">
            <Table<Row>
              size="small"
              rowKey={(r) => `${r.checkpointId}-${r.shift}`}
              dataSource={data.rows}
              pagination={false}
              locale={{ emptyText: t('empty') }}
              scroll={{ x: 860 }}
              data-testid="stats-table"
              columns={[
                {
                  title: t('col.checkpoint'),
                  key: 'checkpoint',
                  render: (_, r) => (
                    <Space>
                      <Typography.Text className="num" strong>
                        {r.code}
                      </Typography.Text>
                      <span>{r.name}</span>
                    </Space>
                  ),
                },
                {
                  title: t('col.shift'),
                  dataIndex: 'shift',
                  render: (s: number) => t(`shift.${s}` as 'shift.1'),
                },
                { title: t('col.vehicles'), dataIndex: 'vehicles', align: 'right' },
                { title: t('col.people'), dataIndex: 'people', align: 'right' },
                { title: t('col.passed'), dataIndex: 'passed', align: 'right' },
                {
                  title: t('col.turnedBack'),
                  dataIndex: 'turnedBack',
                  align: 'right',
                  render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
                },
                {
                  title: t('col.reasons'),
                  dataIndex: 'reasons',
                  render: (reasons: Record<string, number>) =>
                    Object.entries(reasons)
                      .sort((a, b) => b[1] - a[1])
                      .map(([reason, n]) => (
                        <Tag key={reason} color="volcano">
                          {reasonCodeText(reason, lang)} {n}
                        </Tag>
                      )),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}
