/**
 * One grid: its counts, its grid workers, and its buildings with their building heads. Moving a
 * building to another grid happens on the jurisdictions page (linked).
 */
import { BarChartOutlined, BorderOuterOutlined, DragOutlined } from '@ant-design/icons';
import { Button, Card, Space, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { Jurisdiction, Page } from '../../../app/api-types';
import { useLang, useT } from '../../../app/i18n/i18n';
import { kindLabel } from '../../../app/i18n/labels';
import { modulePath } from '../../../app/selection';
import { useApi } from '../../../app/use-api';
import type { StaffEntry, UnitSummary } from '../api-types';
import { unitPath } from '../components/unit-path';
import { gridsMessages } from './grids.messages';
import { StaffTags } from './StaffTags';

/** Households and people of one building (its own summary request; villages have tens of buildings). */
function BuildingCounts({ code }: { code: string }) {
  const t = useT(gridsMessages);
  const { data } = useApi<UnitSummary>('/api/population/summary', { code });
  if (!data) return <span className="num">…</span>;
  return (
    <span className="num" data-testid="building-counts">
      {t('building.countsValue', { households: data.households, people: data.people })}
    </span>
  );
}

export function GridCard({
  grid,
  staff,
  specials,
  canManage,
  canMove,
  focused,
  onAddStaff,
  onRemoveStaff,
}: {
  grid: Jurisdiction;
  staff: StaffEntry[];
  specials: number | undefined;
  canManage: boolean;
  canMove: boolean;
  focused: boolean;
  onAddStaff: (unitCode: string) => void;
  onRemoveStaff: (entry: StaffEntry) => void;
}) {
  const t = useT(gridsMessages);
  const { lang } = useLang();
  const summary = useApi<UnitSummary>('/api/population/summary', { code: grid.code });
  const buildings = useApi<Page<Jurisdiction>>('/api/jurisdictions', { parent: grid.code, limit: 500 });
  const workers = staff.filter((s) => s.unit.code === grid.code);
  const headsOf = (code: string) => staff.filter((s) => s.unit.code === code);
  const stat = (value: number | undefined) => (value === undefined ? '—' : value);

  return (
    <Card
      className="grid-card"
      data-testid="grid-card"
      data-code={grid.code}
      style={focused ? { borderColor: '#1a56b8', boxShadow: '0 0 0 2px rgba(26,86,184,0.15)' } : undefined}
      title={
        <Space size={8} wrap>
          <BorderOuterOutlined style={{ color: '#722ed1' }} />
          <span>{grid.shortName}</span>
          <Typography.Text type="secondary" className="num" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {grid.code}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space size={0}>
          <Link to={unitPath(grid.code)}>
            <Button type="link" size="small" icon={<BarChartOutlined />}>
              {t('grid.overview')}
            </Button>
          </Link>
          {canMove && (
            <Link to={modulePath('jurisdictions', grid.code)}>
              <Button type="link" size="small" icon={<DragOutlined />}>
                {t('grid.move')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space size={40} style={{ marginBottom: 12 }}>
        <Statistic title={t('grid.people')} value={stat(summary.data?.people)} />
        <Statistic title={t('grid.households')} value={stat(summary.data?.households)} />
        <Statistic title={t('grid.specials')} value={stat(specials)} />
        <Statistic title={t('grid.buildings')} value={stat(buildings.data?.total)} />
      </Space>
      <div style={{ marginBottom: 12 }}>
        <Typography.Text strong style={{ marginRight: 8 }}>
          {t('grid.workers')}
        </Typography.Text>
        <StaffTags
          staff={workers}
          canManage={canManage}
          empty={t('grid.noWorker')}
          addLabel={t('grid.addWorker')}
          onAdd={() => onAddStaff(grid.code)}
          onRemove={onRemoveStaff}
        />
      </div>
      <Table<Jurisdiction>
        rowKey="code"
        size="small"
        loading={buildings.loading}
        dataSource={buildings.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('grid.noBuildings') }}
        data-testid="grid-buildings"
        columns={[
          {
            title: t('building.name'),
            dataIndex: 'shortName',
            width: 110,
            render: (name: string, row) => <Link to={unitPath(row.code)}>{name}</Link>,
          },
          {
            title: t('building.kind'),
            dataIndex: 'kind',
            width: 80,
            render: (kind: string) => kindLabel('building', kind, lang),
          },
          {
            title: t('building.address'),
            dataIndex: 'address',
            ellipsis: true,
            render: (address: string | null) => address ?? '—',
          },
          {
            title: t('building.counts'),
            key: 'counts',
            width: 130,
            render: (_, row) => <BuildingCounts code={row.code} />,
          },
          {
            title: t('building.heads'),
            key: 'heads',
            render: (_, row) => (
              <StaffTags
                staff={headsOf(row.code)}
                canManage={canManage}
                empty="—"
                addLabel={t('building.addHead')}
                onAdd={() => onAddStaff(row.code)}
                onRemove={onRemoveStaff}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
