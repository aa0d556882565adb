/**
 * The county map coloured by coverage share. Outlines come from the jurisdictions map (the user's
 * home), the values from the round's coverage/map; a county with no outline stays in the table.
 */
import { Alert, Card, Col, Empty, Row, Table } from 'antd';
import { useMemo } from 'react';
import type { CountyMapData } from '../../../../app/api-types';
import { useMe } from '../../../../app/auth/auth.context';
import { errorMessage } from '../../../../app/i18n/errors';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import { CountyMap } from '../../../../components/county-map/CountyMap';
import type { CoverageMap } from '../../api-types';
import { ShareBar } from '../components/ShareBar';
import { dashboardMessages } from './dashboard.messages';

type Value = CoverageMap['values'][number];

export function CoverageMapPanel({
  roundId,
  tick,
  onOpen,
}: {
  roundId: string;
  tick: number;
  onOpen: (code: string) => void;
}) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const me = useMe();
  const outlines = useApi<CountyMapData>(`/api/jurisdictions/${me.jurisdiction.code}/map`, {
    metric: 'villages',
  });
  const shares = useApi<CoverageMap>(`/api/testing/rounds/${roundId}/coverage/map`, undefined, tick);
  const values = useMemo(
    () =>
      (shares.data?.values ?? []).map((v) => ({
        code: v.code,
        name: v.name,
        value: Math.round(v.value * 10) / 10,
        onMap: true,
      })),
    [shares.data],
  );
  const geojson = outlines.data?.geojson;

  return (
    <Card size="small" title={t('map.title')} loading={!shares.data && shares.loading}>
      {shares.error ? (
        <Alert type="error" showIcon title={errorMessage(shares.error, lang)} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col span={24}>
            {geojson && geojson.features.length > 0 ? (
              <CountyMap
                geojson={geojson}
                values={values}
                seriesName={t('map.series')}
                onSelect={onOpen}
                hint={t('map.hint')}
                height={380}
              />
            ) : (
              <Empty description={t('map.noGeo')} style={{ padding: 60 }} />
            )}
          </Col>
          <Col span={24}>
            <Table<Value>
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={shares.data?.values ?? []}
              data-testid="coverage-map-values"
              columns={[
                {
                  title: t('cov.unit'),
                  dataIndex: 'name',
                  render: (name: string, v) => <a onClick={() => onOpen(v.code)}>{name}</a>,
                },
                {
                  title: t('cov.sampled'),
                  key: 'sampled',
                  align: 'right',
                  render: (_, v) => `${v.sampled.toLocaleString()} / ${v.expected.toLocaleString()}`,
                },
                {
                  title: t('cov.share'),
                  dataIndex: 'share',
                  width: 150,
                  render: (s: number | null) => <ShareBar share={s} width={130} />,
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
