/**
 * 流调态势 at /tracing/dashboard: what the command asks every morning and every hour — cases per
 * day (community vs under control), the 2/4/24 clocks, contacts under control, the investigators'
 * load. The unit looked at is ?at=<code> (a code in the jurisdiction slot, from the header's
 * switcher, counts too), so a drilled-down view is linkable; without it the server takes the
 * user's home. Reloads every minute and soon after any tracing event.
 */
import { Card, Col, Grid, Row, Segmented, Space, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { parseJurisdictionCode } from '../../../../../../domain/jurisdiction.js';
import { useMe } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import { PageHead } from '../../../../components/PageHead';
import type { TracingDashboard } from '../../api-types';
import { LoadTable } from '../components/LoadTable';
import { TRACING_TOPICS, useRefresh } from '../components/use-refresh';
import { opsMessages } from '../ops.messages';
import { CasesPerDay } from './CasesPerDay';
import { ClocksPanel } from './ClocksPanel';
import { ContactsPanel } from './ContactsPanel';
import { dashboardMessages } from './dashboard.messages';
import { HeadlineFigures } from './HeadlineFigures';

const PERIODS = [7, 14, 30] as const;
const DEFAULT_DAYS = 14;

export default function TracingDashboardPage() {
  const t = useT(dashboardMessages);
  const tOps = useT(opsMessages);
  const me = useMe();
  const { code } = useParams();
  const [params, setParams] = useSearchParams();
  const at = params.get('at') ?? parseJurisdictionCode(code ?? '')?.code ?? undefined;
  const asked = Number(params.get('days'));
  const days = PERIODS.includes(asked as (typeof PERIODS)[number]) ? asked : DEFAULT_DAYS;
  const version = useRefresh(TRACING_TOPICS);
  // On a phone the filters go under the title rather than squeezing it.
  const wide = Grid.useBreakpoint().md ?? true;
  const { data, error, loading, reload } = useApi<TracingDashboard>(
    '/api/tracing/dashboard',
    { at, days },
    version,
  );

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: key === 'days' });
  };

  const filters = (
    <Space wrap>
      <JurisdictionPicker
        value={at ?? me.jurisdiction.code}
        onChange={(next) => set('at', next)}
        style={{ width: 240 }}
        testId="dashboard-at"
      />
      <Segmented<number>
        value={days}
        onChange={(next) => set('days', String(next))}
        options={PERIODS.map((d) => ({ value: d, label: t('filter.days', { days: d }) }))}
        data-testid="dashboard-days"
      />
    </Space>
  );

  return (
    <div data-testid="tracing-dashboard">
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} extra={wide && filters} />
      {!wide && <div style={{ marginBottom: 12 }}>{filters}</div>}
      {error && !data ? (
        <ErrorState error={error} target={at} onRetry={reload} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <HeadlineFigures totals={data?.totals} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <CasesPerDay days={days} perDay={data?.casesPerDay} loading={loading} />
            </Col>
            <Col xs={24} xl={10}>
              <ClocksPanel clocks={data?.clocks} loading={loading} />
            </Col>
            <Col xs={24} xl={9}>
              <ContactsPanel contacts={data?.contacts} loading={loading} />
            </Col>
            <Col xs={24} xl={15}>
              <Card size="small" title={tOps('load.title')}>
                <LoadTable rows={data?.load ?? []} loading={loading && !data} testId="dashboard-load" />
              </Card>
            </Col>
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {tOps('auto.refresh')}
          </Typography.Text>
        </Space>
      )}
    </div>
  );
}
