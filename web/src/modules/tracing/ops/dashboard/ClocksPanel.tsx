/**
 * The 2/4/24 clocks: per clock, the share done in time among those that came due (a gauge), and
 * below it every case's clock by state, stacked (in time, late, overdue, still running). The hours
 * are the default edition's; a case's own edition decides its due times on the server.
 */
import { Card, Col, Empty, Grid, Progress, Row, Tooltip, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { DEFAULT_EDITION_ID, editionById } from '../../../../../../domain/protocol.js';
import { CLOCKS, type ClockName } from '../../../../../../domain/tracing.js';
import { parens, useLang, useT } from '../../../../app/i18n/i18n';
import type { TracingDashboard } from '../../api-types';
import { Chart } from '../components/Chart';
import type { OpsChartOption } from '../components/echarts';
import { CLOCK_LABELS, CLOCK_STATE_COLORS, CLOCK_STATE_LABELS, CLOCK_STATES } from '../labels';
import { dashboardMessages } from './dashboard.messages';

const HOURS: Record<ClockName, number> = (() => {
  const { clocks } = editionById(DEFAULT_EDITION_ID).tracing;
  return { onScene: clocks.onSceneHours, coreInfo: clocks.coreInfoHours, report: clocks.reportHours };
})();

type Counts = TracingDashboard['clocks'][ClockName];

/** Done in time among the clocks already due; null while none is due. */
function inTime(c: Counts): number | null {
  const due = c.done + c.late + c.overdue;
  return due === 0 ? null : c.done / due;
}

export function ClocksPanel({
  clocks,
  loading,
}: {
  clocks: TracingDashboard['clocks'] | undefined;
  loading: boolean;
}) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  // A phone fits three gauges in a row only with short names.
  const narrow = !Grid.useBreakpoint().sm;
  const name = useCallback(
    (clock: ClockName) =>
      `${CLOCK_LABELS[clock][lang]}${parens(t('clocks.hours', { hours: HOURS[clock] }), lang)}`,
    [lang, t],
  );

  const option = useMemo((): OpsChartOption => {
    const order = [...CLOCKS].reverse(); // the first clock on top
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: order.map(name) },
      series: CLOCK_STATES.map((state) => ({
        type: 'bar' as const,
        name: CLOCK_STATE_LABELS[state][lang],
        stack: 'clock',
        barMaxWidth: 22,
        itemStyle: { color: CLOCK_STATE_COLORS[state] },
        data: order.map((clock) => clocks?.[clock][state] ?? 0),
      })),
    };
  }, [clocks, lang, name]);

  const none = clocks !== undefined && CLOCKS.every((c) => CLOCK_STATES.every((s) => clocks[c][s] === 0));
  return (
    <Card size="small" title={t('clocks.title')} loading={loading && !clocks} data-testid="clocks-panel">
      {none ? (
        <Empty description={t('clocks.empty')} />
      ) : (
        <>
          <Row gutter={8} justify="space-around">
            {CLOCKS.map((clock) => {
              const share = clocks ? inTime(clocks[clock]) : null;
              const value = share === null ? 0 : Math.round(share * 1000) / 10;
              const color =
                share === null ? undefined : value >= 95 ? '#389e0d' : value >= 80 ? '#f5a524' : '#d4380d';
              return (
                <Col key={clock} style={{ textAlign: 'center' }} data-testid={`clock-${clock}`}>
                  <Tooltip title={t('clocks.inTimeHint')}>
                    <Progress
                      type="dashboard"
                      size={narrow ? 76 : 96}
                      percent={value}
                      strokeColor={color}
                      format={() => (share === null ? '—' : `${value}%`)}
                    />
                  </Tooltip>
                  <div>
                    {narrow
                      ? `${CLOCK_LABELS[clock].short[lang]} ${t('clocks.hours', { hours: HOURS[clock] })}`
                      : name(clock)}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {share === null ? t('clocks.none') : t('clocks.inTime')}
                  </Typography.Text>
                </Col>
              );
            })}
          </Row>
          <Chart option={option} height={170} label={t('clocks.title')} testId="clocks-chart" />
        </>
      )}
    </Card>
  );
}
