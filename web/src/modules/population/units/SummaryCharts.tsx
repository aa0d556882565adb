/** Small charts of a unit: its age structure, residence types and special populations. */
import { Card, Col, Empty, Row } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { RESIDENCE_TYPES, SPECIAL_KINDS } from '../../../../../domain/population.js';
import { useLang, useT } from '../../../app/i18n/i18n';
import type { UnitSummary } from '../api-types';
import { Chart } from '../components/Chart';
import type { ChartOption } from '../components/echarts';
import { ageBandLabel, residenceLabel, specialLabel } from '../labels';
import { unitsMessages } from './units.messages';

const HEIGHT = 240;

function ChartCard({ title, empty, children }: { title: string; empty: boolean; children: ReactNode }) {
  const t = useT(unitsMessages);
  return (
    <Card title={title} size="small" styles={{ body: { height: HEIGHT + 24 } }}>
      {empty ? (
        <div className="population-chart-empty">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chart.empty')} />
        </div>
      ) : (
        children
      )}
    </Card>
  );
}

export function SummaryCharts({ summary }: { summary: UnitSummary }) {
  const t = useT(unitsMessages);
  const { lang } = useLang();
  const seriesName = t('chart.people');

  const age = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: summary.ageBands.map((b) => ageBandLabel(b.band, lang)),
        axisLabel: { interval: 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: seriesName,
          data: summary.ageBands.map((b) => b.count),
          barMaxWidth: 36,
          label: { show: true, position: 'top' },
        },
      ],
    }),
    [summary, lang, seriesName],
  );

  const residence = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, icon: 'circle' },
      color: ['#1a56b8', '#389e0d', '#f5a524'],
      series: [
        {
          type: 'pie',
          name: seriesName,
          radius: ['42%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{c}' },
          data: RESIDENCE_TYPES.map((type) => ({
            name: residenceLabel(type, lang),
            value: summary.byResidence[type] ?? 0,
          })),
        },
      ],
    }),
    [summary, lang, seriesName],
  );

  const specialKinds = useMemo(
    () => SPECIAL_KINDS.filter((kind) => (summary.specials[kind] ?? 0) > 0),
    [summary],
  );
  const specials = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: specialKinds.map((kind) => specialLabel(kind, lang)),
        axisLabel: { width: 110, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: seriesName,
          data: specialKinds.map((kind) => summary.specials[kind] ?? 0),
          barMaxWidth: 18,
          itemStyle: { color: '#d4380d' },
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [summary, lang, seriesName, specialKinds],
  );

  return (
    <Row gutter={[16, 16]} data-testid="unit-charts">
      <Col xs={24} lg={8}>
        <ChartCard title={t('chart.age')} empty={summary.people === 0}>
          <Chart option={age} height={HEIGHT} label={t('chart.age')} testId="chart-age" />
        </ChartCard>
      </Col>
      <Col xs={24} lg={8}>
        <ChartCard title={t('chart.residence')} empty={summary.people === 0}>
          <Chart option={residence} height={HEIGHT} label={t('chart.residence')} testId="chart-residence" />
        </ChartCard>
      </Col>
      <Col xs={24} lg={8}>
        <ChartCard title={t('chart.specials')} empty={specialKinds.length === 0}>
          <Chart option={specials} height={HEIGHT} label={t('chart.specials')} testId="chart-specials" />
        </ChartCard>
      </Col>
    </Row>
  );
}
