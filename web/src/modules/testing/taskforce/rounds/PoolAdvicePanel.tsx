/**
 * How much each validated pool size would cost in the area (Dorfman: expected tests per person,
 * tubes, reagent) beside the theoretical optimum, from GET /api/testing/pool-advice.
 */
import { Alert, Card, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { errorMessage } from '../../../../app/i18n/errors';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import type { PoolAdvice, PoolOption } from '../../api-types';
import type { TrendOption } from '../components/echarts';
import { TrendChart } from '../components/TrendChart';
import { percent } from '../labels';
import { roundsMessages } from './rounds.messages';

/** The optimum is starred: it may not be a validated size, so it must not read as one. */
function poolLabel(o: PoolOption, optimumK: number | undefined): string {
  return o.k === optimumK ? `${o.k}:1 ★` : `${o.k}:1`;
}

export function PoolAdvicePanel({ jurisdiction }: { jurisdiction: string }) {
  const t = useT(roundsMessages);
  const { lang } = useLang();
  const { data, error, loading } = useApi<PoolAdvice>('/api/testing/pool-advice', { jurisdiction });
  const rows = useMemo(() => {
    if (!data) return [];
    const known = data.options.some((o) => o.k === data.optimum.k);
    return known ? data.options : [...data.options, data.optimum];
  }, [data]);
  const optimumK = data?.optimum.k;
  const label = (o: PoolOption) => poolLabel(o, optimumK);

  const option = useMemo(
    (): TrendOption => ({
      grid: { left: 40, right: 12, top: 28, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: rows.map((o) => poolLabel(o, optimumK)) },
      yAxis: { type: 'value', name: '', min: 0 },
      series: [
        {
          type: 'bar',
          name: t('advice.perPerson'),
          barMaxWidth: 36,
          data: rows.map((o) => ({
            value: Number(o.testsPerPerson.toFixed(3)),
            itemStyle: { color: o.k === optimumK ? '#389e0d' : '#1a56b8' },
          })),
          label: { show: true, position: 'top', formatter: (p) => Number(p.value).toFixed(3) },
        },
      ],
    }),
    [rows, optimumK, t],
  );

  return (
    <Card size="small" title={t('advice.pool')} loading={loading && !data} data-testid="pool-advice">
      {error ? (
        <Alert
          type="warning"
          showIcon
          title={t('advice.unavailable')}
          description={errorMessage(error, lang)}
        />
      ) : data ? (
        <>
          <Typography.Text type="secondary">
            {t('advice.people', { people: data.people.toLocaleString() })} ·{' '}
            {t('advice.prevalence', { p: percent(data.prevalence.p, 2) })}
            {data.prevalence.basis === 'observed' ? t('advice.observed') : t('advice.upperBound')}
          </Typography.Text>
          <TrendChart option={option} height={180} label={t('advice.perPerson')} testId="pool-advice-chart" />
          <Table<PoolOption>
            size="small"
            rowKey="k"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: t('advice.size'), key: 'k', render: (_, o) => label(o) },
              {
                title: t('advice.perPerson'),
                dataIndex: 'testsPerPerson',
                align: 'right',
                render: (v: number) => v.toFixed(3),
              },
              {
                title: t('advice.tubes'),
                dataIndex: 'tubes',
                align: 'right',
                render: (v: number) => v.toLocaleString(),
              },
              {
                title: t('advice.reagent'),
                dataIndex: 'reagentTests',
                align: 'right',
                render: (v: number) => v.toLocaleString(),
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ★ {t('advice.optimum', { k: data.optimum.k })} — {t('advice.optimumNote')}
          </Typography.Text>
        </>
      ) : null}
    </Card>
  );
}
