/**
 * Special populations counted per child unit of the jurisdiction (each village of a town, each grid
 * of a village …), one column per kind that occurs, with a chart of the totals per kind.
 */
import { Button, Card, Col, Empty, Row, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo } from 'react';
import { SPECIAL_KINDS, type SpecialKind } from '../../../../../domain/population.js';
import { useLang, useT } from '../../../app/i18n/i18n';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import type { SpecialCounts } from '../api-types';
import { Chart } from '../components/Chart';
import type { ChartOption } from '../components/echarts';
import { specialLabel } from '../labels';
import { specialsMessages } from './specials.messages';

type Row = SpecialCounts['rows'][number];

function CountLink({ value, onClick }: { value: number; onClick: () => void }) {
  if (value === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Button type="link" size="small" className="num" style={{ padding: 0 }} onClick={onClick}>
      {value.toLocaleString()}
    </Button>
  );
}

export function SpecialCountsCard({
  code,
  jurisdiction,
  onKind,
  onUnit,
}: {
  code: string;
  jurisdiction: string | undefined;
  onKind: (kind: SpecialKind | undefined) => void;
  onUnit: (code: string) => void;
}) {
  const t = useT(specialsMessages);
  const { lang } = useLang();
  const counts = useApi<SpecialCounts>('/api/population/specials/counts', { jurisdiction });
  const data = counts.data;
  const kinds = useMemo(() => SPECIAL_KINDS.filter((k) => (data?.totals[k] ?? 0) > 0), [data]);
  const grand = kinds.reduce((sum, k) => sum + (data?.totals[k] ?? 0), 0);

  const chart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: kinds.map((k) => specialLabel(k, lang)),
        axisLabel: { width: 120, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('counts.chart'),
          data: kinds.map((k) => data?.totals[k] ?? 0),
          barMaxWidth: 18,
          itemStyle: { color: '#d4380d' },
          label: { show: true, position: 'right' },
          cursor: 'pointer',
        },
      ],
    }),
    [kinds, data, lang, t],
  );

  if (counts.error) return <ErrorState error={counts.error} target={code} onRetry={counts.reload} />;

  const columns: TableColumnsType<Row> = [
    {
      title: t('counts.unit'),
      key: 'unit',
      width: 140,
      render: (_, row) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onUnit(row.unit.code)}>
          {row.unit.name}
        </Button>
      ),
    },
    ...kinds.map((kind) => ({
      title: specialLabel(kind, lang),
      key: kind,
      align: 'right' as const,
      width: 84,
      render: (_: unknown, row: Row) => (
        <CountLink value={row.counts[kind] ?? 0} onClick={() => onKind(kind)} />
      ),
    })),
    {
      title: t('counts.total'),
      dataIndex: 'total',
      align: 'right',
      width: 72,
      render: (value: number) => <strong className="num">{value.toLocaleString()}</strong>,
    },
  ];

  return (
    <Card
      title={t('counts.title')}
      extra={<Typography.Text type="secondary">{t('counts.hint')}</Typography.Text>}
    >
      {data && kinds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('counts.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Table<Row>
              rowKey={(row) => row.unit.code}
              size="small"
              loading={counts.loading}
              dataSource={(data?.rows ?? []).filter((row) => row.total > 0)}
              columns={columns}
              pagination={(data?.rows.length ?? 0) > 20 ? { pageSize: 20, size: 'small' } : false}
              scroll={{ x: 'max-content' }}
              data-testid="special-counts"
              summary={() =>
                data && (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <strong>{t('counts.sum')}</strong>
                    </Table.Summary.Cell>
                    {kinds.map((kind, i) => (
                      <Table.Summary.Cell key={kind} index={i + 1} align="right">
                        <CountLink value={data.totals[kind] ?? 0} onClick={() => onKind(kind)} />
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={kinds.length + 1} align="right">
                      <strong className="num" data-testid="special-grand-total" data-value={grand}>
                        {grand.toLocaleString()}
                      </strong>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                )
              }
            />
          </Col>
          <Col xs={24} xl={8}>
            <Chart
              option={chart}
              height={Math.max(200, kinds.length * 34 + 24)}
              label={t('counts.chart')}
              testId="chart-special-kinds"
              onClick={(name) => onKind(kinds.find((k) => specialLabel(k, lang) === name))}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
