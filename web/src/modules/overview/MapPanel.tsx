/**
 * The map of county outlines coloured by a metric, and beside it the value of every county —
 * including units with no outline (the development zone).
 */
import { Alert, Card, Col, Empty, Row, Segmented, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { MAP_METRICS, type CountyMapData, type CountyValue, type MapMetric } from '../../app/api-types';
import { errorMessage } from '../../app/i18n/errors';
import { useLang, useT } from '../../app/i18n/i18n';
import { modulePath } from '../../app/selection';
import { useApi } from '../../app/use-api';
import { CountyMap } from '../../components/county-map/CountyMap';
import { overviewMessages } from './overview.messages';

const TITLES = { city: 'map.title', county: 'map.titleCounty', town: 'map.titleTown' } as const;

export function MapPanel({
  code,
  level,
  onSelect,
  version,
}: {
  code: string;
  level: keyof typeof TITLES;
  onSelect: (code: string) => void;
  version: number;
}) {
  const t = useT(overviewMessages);
  const { lang } = useLang();
  const [metric, setMetric] = useState<MapMetric>('villages');
  const { data, loading, error } = useApi<CountyMapData>(
    `/api/jurisdictions/${code}/map`,
    { metric },
    version,
  );
  const seriesName = t(`map.metric.${metric}`);
  const total = data?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;

  return (
    <Card
      title={t(TITLES[level])}
      extra={
        <Segmented<MapMetric>
          value={metric}
          onChange={setMetric}
          options={MAP_METRICS.map((m) => ({ value: m, label: t(`map.metric.${m}`) }))}
          data-testid="map-metric"
        />
      }
      loading={!data && loading}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          {error ? (
            <Alert type="error" showIcon title={errorMessage(error, lang)} />
          ) : data?.geojson && data.geojson.features.length > 0 ? (
            <CountyMap
              geojson={data.geojson}
              values={data.values}
              seriesName={seriesName}
              onSelect={onSelect}
              hint={t('map.clickHint')}
            />
          ) : (
            <Empty description={t('map.noGeo')} style={{ padding: 80 }} />
          )}
        </Col>
        <Col xs={24} lg={9}>
          <Table<CountyValue>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={data?.values ?? []}
            loading={loading}
            data-testid="map-values"
            columns={[
              {
                title: t('map.county'),
                dataIndex: 'name',
                render: (name: string, row) => (
                  <span>
                    <Link to={modulePath('overview', row.code)}>{name}</Link>
                    {!row.onMap && (
                      <Tooltip title={t('map.noOutlineHint')}>
                        <Tag style={{ marginLeft: 8 }} data-testid="no-outline">
                          {t('map.noOutline')}
                        </Tag>
                      </Tooltip>
                    )}
                  </span>
                ),
              },
              {
                title: seriesName,
                dataIndex: 'value',
                align: 'right',
                render: (value: number) => <span className="num">{value.toLocaleString()}</span>,
              },
            ]}
            summary={() =>
              (data?.values.length ?? 0) > 1 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('map.total')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong className="num">
                      {total.toLocaleString()}
                    </Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        </Col>
      </Row>
    </Card>
  );
}
