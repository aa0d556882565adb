/**
 * 网格管理 for a village or community (a grid or building in the URL opens its village): its grids,
 * their buildings and the staff who serve them. Grids and buildings are jurisdictions: they are
 * created and moved on the jurisdictions page, linked from here.
 */
import { ApartmentOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { Permission } from '../../../../../domain/access.js';
import { parseJurisdictionCode } from '../../../../../domain/jurisdiction.js';
import { api } from '../../../app/api';
import type { Jurisdiction, JurisdictionDetail, Page } from '../../../app/api-types';
import { useAuth } from '../../../app/auth/auth.context';
import { useT } from '../../../app/i18n/i18n';
import { modulePath, useSelect, useSelection } from '../../../app/selection';
import { BadCodeState, ErrorState, PageLoading } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { useNotifyError } from '../../../app/use-notify-error';
import { JurisdictionBreadcrumb } from '../../../components/JurisdictionBreadcrumb';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import { PageHead } from '../../../components/PageHead';
import type { SpecialCounts, StaffEntry } from '../api-types';
import { StaffFormModal } from '../components/StaffFormModal';
import { populationMessages } from '../population.messages';
import { GridCard } from './GridCard';
import { gridsMessages } from './grids.messages';
import '../population.css';

function PickVillage() {
  const t = useT(gridsMessages);
  const select = useSelect();
  return (
    <div data-testid="grids-page">
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      <Card title={t('pick.title')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pick.hint')}>
          <JurisdictionPicker
            value={null}
            selectableLevels={['village']}
            maxLevel="village"
            placeholder={t('pick.placeholder')}
            onChange={(code) => code && select(code)}
            style={{ width: 320 }}
            testId="grids-village-picker"
          />
        </Empty>
      </Card>
    </div>
  );
}

function VillageGrids({ village, focus }: { village: string; focus: string | undefined }) {
  const t = useT(gridsMessages);
  const tp = useT(populationMessages);
  const { can } = useAuth();
  const canManage = can(Permission.PopulationManage);
  const canMove = can(Permission.JurisdictionManage);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const detail = useApi<JurisdictionDetail>(`/api/jurisdictions/${village}`);
  const grids = useApi<Page<Jurisdiction>>('/api/jurisdictions', { parent: village, limit: 500 });
  const staff = useApi<{ items: StaffEntry[] }>('/api/population/staff', { jurisdiction: village });
  const specials = useApi<SpecialCounts>('/api/population/specials/counts', { jurisdiction: village });
  const [adding, setAdding] = useState<string | null>(null);

  const error = detail.error ?? grids.error;
  if (error)
    return <ErrorState error={error} target={village} onRetry={() => (detail.reload(), grids.reload())} />;
  const node = detail.data?.jurisdiction;
  if (!detail.data || node?.code !== village || !grids.data) return <PageLoading />;

  const gridList = grids.data.items.filter((g) => g.level === 'grid');
  const buildingCount =
    node.level === 'village' ? detail.data.counts.find((c) => c.level === 'building') : undefined;
  const specialsOf = (code: string) => specials.data?.rows.find((r) => r.unit.code === code)?.total;

  const remove = async (entry: StaffEntry) => {
    try {
      await api.delete(`/api/population/staff/${entry.id}`);
      void message.success(tp('staff.removed', { name: entry.name }));
      staff.reload();
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <div className="population-stack" data-testid="grids-page" data-code={village}>
      <div className="page-head">
        <div>
          <JurisdictionBreadcrumb
            ancestors={detail.data.ancestors}
            current={node}
            modulePath="population/grids"
          />
          <Space align="center" size={8} wrap>
            <h2 data-testid="page-title">
              {node.shortName} · {t('page.title')}
            </h2>
            <Tag color="purple">{t('head.grids', { count: gridList.length })}</Tag>
            <Tag color="magenta">{t('head.buildings', { count: buildingCount?.count ?? 0 })}</Tag>
            <Tag color="blue">{t('head.staff', { count: staff.data?.items.length ?? 0 })}</Tag>
          </Space>
        </div>
        {canMove && (
          <Link to={modulePath('jurisdictions', village)}>
            <Button icon={<ApartmentOutlined />} data-testid="open-jurisdictions">
              {t('head.jurisdictions')}
            </Button>
          </Link>
        )}
      </div>
      {gridList.length === 0 ? (
        <Card>
          <Empty description={t('empty.grids')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {gridList.map((grid) => (
            <Col key={grid.code} xs={24} xxl={12}>
              <GridCard
                grid={grid}
                staff={staff.data?.items ?? []}
                specials={specialsOf(grid.code)}
                canManage={canManage}
                canMove={canMove}
                focused={grid.code === focus}
                onAddStaff={setAdding}
                onRemoveStaff={(entry) => void remove(entry)}
              />
            </Col>
          ))}
        </Row>
      )}
      {adding && (
        <StaffFormModal
          unitCode={adding}
          onClose={() => setAdding(null)}
          onSaved={(entry) => {
            setAdding(null);
            void message.success(tp('staff.added', { name: entry.name }));
            staff.reload();
          }}
        />
      )}
    </div>
  );
}

export default function GridsPage() {
  const { code, raw } = useSelection();
  if (!code) return <BadCodeState code={raw} />;
  const level = parseJurisdictionCode(code)?.level;
  if (level !== 'village' && level !== 'grid' && level !== 'building') return <PickVillage />;
  const village = code.slice(0, 12);
  return <VillageGrids key={village} village={village} focus={level === 'grid' ? code : undefined} />;
}
