/**
 * 区域管控 at /risk/zones/:code? (risk.read): the counties under the selected place coloured by
 * their strongest active zone (CountyMap), the zones listed with their lifting state ("可于 <date>
 * 解除"), filters by status and kind, declaring a zone (risk.zones) and each zone's drawer. Reloads
 * on zone and case events.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../domain/access.js';
import { useAuth } from '../../../app/auth/auth.context';
import type { CountyMapData } from '../../../app/api-types';
import { useLocalize, useT } from '../../../app/i18n/i18n';
import { useSelect, useSelection } from '../../../app/selection';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { CountyMap } from '../../../components/county-map/CountyMap';
import { PageHead } from '../../../components/PageHead';
import { useZoneRefresh } from './use-zone-refresh';
import type { Zone, ZoneDetail, ZoneKind, ZoneMap, ZoneStatus } from './api-types';
import { DeclareZoneModal } from './DeclareZoneModal';
import { ZONE_KIND_COLOURS, ZONE_KIND_LABELS, ZONE_STATUS_LABELS } from './labels';
import { ZoneDrawer } from './ZoneDrawer';
import { zonesMessages } from './zones.messages';

const PAGE_SIZE = 20;

export default function ZonesPage() {
  const t = useT(zonesMessages);
  const localize = useLocalize();
  const { can } = useAuth();
  const { message } = App.useApp();
  const selection = useSelection();
  const select = useSelect();
  const at = selection.code ?? undefined;
  const [status, setStatus] = useState<ZoneStatus | undefined>('active');
  const [kind, setKind] = useState<ZoneKind | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const [declaring, setDeclaring] = useState(false);
  const version = useZoneRefresh();
  const list = useApi<{ items: Zone[]; total: number }>(
    '/api/risk/zones',
    { at, status, kind, page, pageSize: PAGE_SIZE },
    version,
  );
  const map = useApi<ZoneMap>('/api/risk/zones/map', { at }, version);
  const outlines = useApi<CountyMapData>(at ? `/api/jurisdictions/${at}/map` : null, { metric: 'towns' });
  const kindLabel = (k: ZoneKind) => localize(ZONE_KIND_LABELS[k]);

  const mapValues =
    outlines.data?.values.map((v) => ({
      ...v,
      value: map.data?.counties.find((c) => c.code === v.code)?.strength ?? 0,
    })) ?? [];

  const liftingText = (z: Zone) => {
    if (!z.lifting) return null;
    const to = z.lifting.to ? kindLabel(z.lifting.to) : null;
    if (z.lifting.liftableToday)
      return <Tag color="green">{to ? t('zones.steppableNow', { kind: to }) : t('zones.liftableNow')}</Tag>;
    if (z.lifting.canLiftOn)
      return (
        <Tag color="orange">
          {to
            ? t('zones.canStepOn', { date: z.lifting.canLiftOn, kind: to })
            : t('zones.canLiftOn', { date: z.lifting.canLiftOn })}
        </Tag>
      );
    return <Tag>{t('zones.waiting')}</Tag>;
  };

  return (
    <div data-testid="risk-zones">
      <PageHead
        title={t('zones.title')}
        subtitle={t('zones.subtitle')}
        extra={
          can(Permission.RiskZones) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDeclaring(true)}
              data-testid="zone-new"
            >
              {t('zones.declare')}
            </Button>
          )
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('zones.map')} loading={!map.data && map.loading}>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              {outlines.data?.geojson && outlines.data.geojson.features.length > 0 ? (
                <CountyMap
                  geojson={outlines.data.geojson}
                  values={mapValues}
                  seriesName={t('zones.map')}
                  hint={t('zones.mapHint')}
                  height={360}
                  onSelect={(code) => select(code)}
                />
              ) : (
                <Empty style={{ padding: 60 }} />
              )}
            </Col>
            <Col xs={24} lg={10}>
              {map.data && map.data.citywide.length > 0 && (
                <Typography.Paragraph>
                  {t('zones.citywide', { kinds: map.data.citywide.map((z) => kindLabel(z.kind)).join('、') })}
                </Typography.Paragraph>
              )}
              <Table
                size="small"
                rowKey="code"
                pagination={false}
                dataSource={map.data?.counties ?? []}
                data-testid="zone-map-table"
                onRow={(row) => ({ onClick: () => select(row.code), style: { cursor: 'pointer' } })}
                columns={[
                  { title: t('zones.place'), dataIndex: 'name' },
                  {
                    title: t('zones.kind'),
                    render: (_, row) =>
                      row.strongest ? (
                        <Tag color={ZONE_KIND_COLOURS[row.strongest]}>{kindLabel(row.strongest)}</Tag>
                      ) : (
                        '—'
                      ),
                  },
                  {
                    title: t('zones.list'),
                    render: (_, row) =>
                      (Object.entries(row.counts) as Array<[ZoneKind, number]>)
                        .map(([k, n]) => `${kindLabel(k)} ${n}`)
                        .join('，') || '—',
                  },
                ]}
              />
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          title={t('zones.list')}
          extra={
            <Space>
              <Select<ZoneStatus | 'all'>
                value={status ?? 'all'}
                style={{ width: 120 }}
                onChange={(v) => {
                  setStatus(v === 'all' ? undefined : v);
                  setPage(1);
                }}
                options={[
                  { value: 'all', label: t('zones.allStatuses') },
                  ...(['active', 'lifted', 'stepped_down'] as const).map((s) => ({
                    value: s,
                    label: localize(ZONE_STATUS_LABELS[s]),
                  })),
                ]}
              />
              <Select<ZoneKind | 'all'>
                value={kind ?? 'all'}
                style={{ width: 130 }}
                onChange={(v) => {
                  setKind(v === 'all' ? undefined : v);
                  setPage(1);
                }}
                options={[
                  { value: 'all', label: t('zones.allKinds') },
                  ...(Object.keys(ZONE_KIND_LABELS) as ZoneKind[]).map((k) => ({
                    value: k,
                    label: kindLabel(k),
                  })),
                ]}
              />
            </Space>
          }
        >
          {list.error && !list.data ? (
            <ErrorState error={list.error} onRetry={list.reload} />
          ) : (
            <Table<Zone>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: t('zones.empty') }}
              data-testid="zones-table"
              onRow={(z) => ({ onClick: () => setOpen(z.id), style: { cursor: 'pointer' } })}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: list.data?.total ?? 0,
                onChange: setPage,
                showSizeChanger: false,
              }}
              columns={[
                { title: t('zones.place'), render: (_, z) => z.place.name },
                {
                  title: t('zones.kind'),
                  render: (_, z) => <Tag color={ZONE_KIND_COLOURS[z.kind]}>{kindLabel(z.kind)}</Tag>,
                },
                { title: t('zones.startedOn'), dataIndex: 'startedOn' },
                {
                  title: t('zones.status'),
                  render: (_, z) => localize(ZONE_STATUS_LABELS[z.status]),
                },
                {
                  title: t('zones.cases'),
                  render: (_, z) => z.cases.map((c) => `${c.number} ${c.nameMasked}`).join('，') || '—',
                },
                {
                  title: t('zones.gates'),
                  render: (_, z) => (z.gates.total ? t('zones.gateCount', z.gates) : '—'),
                },
                { title: t('zones.lifting'), render: (_, z) => liftingText(z) },
              ]}
            />
          )}
        </Card>
      </Space>

      <DeclareZoneModal
        open={declaring}
        onClose={() => setDeclaring(false)}
        onDeclared={(zone: ZoneDetail) => {
          setDeclaring(false);
          void message.success(t('form.created', { name: zone.place.name, kind: kindLabel(zone.kind) }));
          list.reload();
          map.reload();
          setOpen(zone.id);
        }}
      />
      <ZoneDrawer
        id={open}
        onClose={() => setOpen(null)}
        onOpen={setOpen}
        onChanged={() => {
          list.reload();
          map.reload();
        }}
      />
    </div>
  );
}
