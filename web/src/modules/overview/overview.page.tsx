/**
 * 首页概览: the selected jurisdiction's place in the tree, what lies below it (statistic cards),
 * the county map with a chosen metric, and its children.
 */
import { Space, Typography } from 'antd';
import { useState } from 'react';
import type { JurisdictionChanged, JurisdictionDetail } from '../../app/api-types';
import { useT } from '../../app/i18n/i18n';
import { useLiveEvent } from '../../app/live/live.context';
import { useSelect, useSelection } from '../../app/selection';
import { BadCodeState, ErrorState, PageLoading } from '../../app/states';
import { useApi } from '../../app/use-api';
import { JurisdictionBreadcrumb } from '../../components/JurisdictionBreadcrumb';
import { affectsSubtree } from '../../components/jurisdiction-tree/affects';
import { JurisdictionTags } from '../../components/JurisdictionTags';
import { ChildrenTable } from './ChildrenTable';
import { MapPanel } from './MapPanel';
import { overviewMessages } from './overview.messages';
import { StatCards } from './StatCards';
import './overview.css';

export default function OverviewPage() {
  const t = useT(overviewMessages);
  const { code, raw } = useSelection();
  const select = useSelect();
  // Grids and buildings added or removed anywhere below move the numbers: load them again.
  const [version, setVersion] = useState(0);
  useLiveEvent<JurisdictionChanged>('jurisdiction.changed', (event) => {
    if (code && affectsSubtree(code, event)) setVersion((v) => v + 1);
  });
  const { data, error, reload } = useApi<JurisdictionDetail>(
    code ? `/api/jurisdictions/${code}` : null,
    undefined,
    version,
  );

  if (!code) return <BadCodeState code={raw} />;
  if (error) return <ErrorState error={error} target={code} onRetry={reload} />;
  if (!data || data.jurisdiction.code !== code) return <PageLoading />;

  const node = data.jurisdiction;
  const open = (target: string) => select(target, 'overview');
  return (
    <div className="overview-grid" data-testid="overview" data-code={code}>
      <div className="page-head">
        <div>
          <JurisdictionBreadcrumb ancestors={data.ancestors} current={node} modulePath="overview" />
          <Space align="center" size={8} wrap>
            <h2 data-testid="page-title">{node.shortName}</h2>
            <JurisdictionTags node={node} />
            <Typography.Text type="secondary" className="num">
              {t('head.code')} {node.code}
            </Typography.Text>
          </Space>
        </div>
      </div>
      <StatCards level={node.level} counts={data.counts} />
      {(node.level === 'city' || node.level === 'county' || node.level === 'town') && (
        <MapPanel code={code} level={node.level} onSelect={open} version={version} />
      )}
      <ChildrenTable code={code} onOpen={open} version={version} />
    </div>
  );
}
