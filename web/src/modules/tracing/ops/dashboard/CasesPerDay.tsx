/** New cases per CST day, stacked: found in the community (the number that worries) over under control. */
import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import type { TracingDashboard } from '../../api-types';
import { Chart } from '../components/Chart';
import type { OpsChartOption } from '../components/echarts';
import { dashboardMessages } from './dashboard.messages';

export function CasesPerDay({
  days,
  perDay,
  loading,
}: {
  days: number;
  perDay: TracingDashboard['casesPerDay'] | undefined;
  loading: boolean;
}) {
  const t = useT(dashboardMessages);
  const option = useMemo((): OpsChartOption => {
    const rows = perDay ?? [];
    const series = (name: string, color: string, pick: (r: (typeof rows)[number]) => number) => ({
      type: 'bar' as const,
      name,
      stack: 'cases',
      barMaxWidth: 28,
      itemStyle: { color },
      emphasis: { focus: 'series' as const },
      data: rows.map(pick),
    });
    return {
      grid: { left: 40, right: 12, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      xAxis: { type: 'category', data: rows.map((r) => r.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        series(t('perDay.community'), '#d4380d', (r) => r.community),
        series(t('perDay.underControl'), '#1a56b8', (r) => r.underControl),
      ],
    };
  }, [perDay, t]);
  const empty = perDay !== undefined && perDay.every((r) => r.community + r.underControl === 0);
  return (
    <Card size="small" title={t('perDay.title', { days })} loading={loading && !perDay}>
      {empty ? (
        <Empty description={t('perDay.empty')} style={{ height: 240 }} />
      ) : (
        <Chart option={option} height={260} label={t('perDay.title', { days })} testId="cases-per-day" />
      )}
    </Card>
  );
}
