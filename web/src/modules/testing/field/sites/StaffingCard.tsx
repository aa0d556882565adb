/**
 * The protocol's staffing norms for the area's population (server: domain staffingFor over the
 * ledger) beside what the sites and teams add up to. Ranges are drawn at their lower end — the
 * fewest sites or tables that meet the norm — and labelled with the whole range.
 */
import { Card, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import { Chart } from '../../../population/components/Chart';
import type { ChartOption } from '../../../population/components/echarts';
import type { Staffing } from '../field-types';
import { sitesMessages } from './sites.messages';

const range = ({ min, max }: { min: number; max: number }) => (min === max ? String(min) : `${min}–${max}`);

export function StaffingCard({ staffing }: { staffing: Staffing }) {
  const t = useT(sitesMessages);
  const { suggested, actual } = staffing;
  const rows = useMemo(
    () =>
      [
        {
          key: 'sites',
          need: suggested.sites.min,
          label: range(suggested.sites),
          have: actual.sites,
        },
        {
          key: 'samplers',
          need: suggested.samplers,
          label: String(suggested.samplers),
          have: actual.samplers,
        },
        {
          key: 'tables',
          need: suggested.tables.min,
          label: range(suggested.tables),
          have: actual.tables,
        },
      ] as const,
    [suggested, actual],
  );
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => t(`staffing.${r.key}`)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('staffing.suggested'),
          type: 'bar',
          data: rows.map((r) => r.need),
          label: { show: true, position: 'top', formatter: (p) => rows[p.dataIndex]?.label ?? '' },
        },
        {
          name: t('staffing.actual'),
          type: 'bar',
          data: rows.map((r) => r.have),
          label: { show: true, position: 'top' },
        },
      ],
    }),
    [rows, t],
  );
  return (
    <Card
      size="small"
      title={t('staffing.title')}
      extra={
        <Typography.Text type="secondary">
          {t('staffing.people', { people: staffing.people })}
        </Typography.Text>
      }
      data-testid="staffing"
    >
      <Chart option={option} height={220} label={t('staffing.title')} />
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {rows.map((r) => (
          <Tag key={r.key} color={r.have >= r.need ? 'green' : 'red'}>
            {t(`staffing.${r.key}`)}：
            {r.have >= r.need ? t('staffing.ok') : t('staffing.short', { n: r.need - r.have })}
          </Tag>
        ))}
        <Tag>{t('staffing.helpers', { helpers: actual.helpers })}</Tag>
      </div>
    </Card>
  );
}
