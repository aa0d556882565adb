/**
 * 人口概况 of one jurisdiction — typically a village, a grid or a building, but any level works:
 * its counts, small charts, the staff who serve it and its people (the search table, fixed to it).
 */
import { ApartmentOutlined, BorderOuterOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { JurisdictionDetail } from '../../../app/api-types';
import { useT } from '../../../app/i18n/i18n';
import { modulePath, useSelection } from '../../../app/selection';
import { BadCodeState, ErrorState, PageLoading } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { JurisdictionBreadcrumb } from '../../../components/JurisdictionBreadcrumb';
import { JurisdictionTags } from '../../../components/JurisdictionTags';
import type { UnitSummary } from '../api-types';
import { PAGE_SIZES, PeopleTable } from '../components/PeopleTable';
import { StaffPanel } from '../components/StaffPanel';
import { populationMessages } from '../population.messages';
import { SummaryCharts } from './SummaryCharts';
import { SummaryStats } from './SummaryStats';
import { unitsMessages } from './units.messages';

const STAFF_LEVELS = ['village', 'grid', 'building'];

export function UnitView() {
  const t = useT(unitsMessages);
  const tp = useT(populationMessages);
  const { code, raw } = useSelection();
  const detail = useApi<JurisdictionDetail>(code ? `/api/jurisdictions/${code}` : null);
  const summary = useApi<UnitSummary>(code ? '/api/population/summary' : null, { code: code ?? undefined });
  const [paging, setPaging] = useState({ page: 1, size: PAGE_SIZES[0]! });

  if (!code) return <BadCodeState code={raw} />;
  const error = detail.error ?? summary.error;
  if (error)
    return <ErrorState error={error} target={code} onRetry={() => (detail.reload(), summary.reload())} />;
  const node = detail.data?.jurisdiction;
  if (!detail.data || node?.code !== code || !summary.data || summary.data.code !== code)
    return <PageLoading />;

  const village = node.level === 'village' || node.level === 'grid' || node.level === 'building';
  return (
    <div className="population-stack" data-testid="unit-page" data-code={code}>
      <div className="page-head">
        <div>
          <JurisdictionBreadcrumb
            ancestors={detail.data.ancestors}
            current={node}
            modulePath="population/units"
          />
          <Space align="center" size={8} wrap>
            <h2 data-testid="page-title">{node.shortName}</h2>
            <JurisdictionTags node={node} />
            <Typography.Text type="secondary" className="num">
              {t('head.code')} {node.code}
            </Typography.Text>
          </Space>
        </div>
        <Space wrap>
          <Link to={modulePath('population/people', code)}>
            <Button icon={<SearchOutlined />}>{t('head.search')}</Button>
          </Link>
          <Link to={modulePath('population/specials', code)}>
            <Button icon={<TeamOutlined />}>{t('head.specials')}</Button>
          </Link>
          {village && (
            <Link to={modulePath('population/grids', code.slice(0, 12))}>
              <Button icon={node.level === 'village' ? <ApartmentOutlined /> : <BorderOuterOutlined />}>
                {t('head.grids')}
              </Button>
            </Link>
          )}
        </Space>
      </div>
      <SummaryStats summary={summary.data} />
      {summary.data.people === 0 && <Alert type="info" showIcon title={t('empty.noPeople')} />}
      <SummaryCharts summary={summary.data} />
      {STAFF_LEVELS.includes(node.level) && (
        <StaffPanel code={code} addTo={node.level === 'village' ? undefined : code} />
      )}
      <Card title={tp('unit.people')}>
        <PeopleTable
          query={{ jurisdiction: code }}
          page={paging.page}
          size={paging.size}
          onPage={(page, size) => setPaging({ page, size })}
          testId="unit-people"
        />
      </Card>
    </div>
  );
}
