/**
 * 检测态势 at /testing/dashboard/<round id>. Without a round id the newest active round opens (or
 * the newest round of any status); the round's id sits in the :code slot like population's records.
 */
import { Button, Empty } from 'antd';
import { Link, Navigate, useParams } from 'react-router';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import type { ListOf, Round } from '../../api-types';
import { DashboardView } from './DashboardView';
import { dashboardMessages } from './dashboard.messages';

export default function DashboardPage() {
  const { code } = useParams();
  return isRecordId(code) ? <DashboardView key={code} roundId={code} /> : <LatestRound />;
}

function LatestRound() {
  const t = useT(dashboardMessages);
  const { data, error, reload } = useApi<ListOf<Round>>('/api/testing/rounds', { limit: 50 });
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const round = data.items.find((r) => r.status === 'active') ?? data.items[0];
  if (round) return <Navigate to={`/testing/dashboard/${round.id}`} replace />;
  return (
    <div>
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      <Empty description={t('round.none')} data-testid="dashboard-no-round">
        <Link to="/testing/rounds">
          <Button type="primary">{t('round.toRounds')}</Button>
        </Link>
      </Empty>
    </div>
  );
}
