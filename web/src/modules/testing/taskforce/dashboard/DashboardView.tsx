/**
 * One round's dashboard. The unit being looked at is ?at=<code> (the user's home, or the round's
 * one area there, by default), so a drilled-down view is linkable; figures reload every minute and
 * alerts at once on a live event.
 */
import { Badge, Col, Row, Space, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import type { Coverage, Round, TestingEvent } from '../../api-types';
import { AlertsPanel } from './AlertsPanel';
import { CoverageBreadcrumb } from './CoverageBreadcrumb';
import { CoverageMapPanel } from './CoverageMapPanel';
import { CoverageStats } from './CoverageStats';
import { CoverageTable } from './CoverageTable';
import { DailyReportPanel } from './DailyReportPanel';
import { dashboardMessages } from './dashboard.messages';
import { MissingPanel } from './MissingPanel';
import { RoundHeader } from './RoundHeader';
import { TurnaroundPanel } from './TurnaroundPanel';
import { useAlerts } from './use-alerts';

const REFRESH_MS = 60_000;

function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

export function DashboardView({ roundId }: { roundId: string }) {
  const t = useT(dashboardMessages);
  const [params, setParams] = useSearchParams();
  const at = params.get('at') ?? undefined;
  const [roundVersion, setRoundVersion] = useState(0);
  const tick = useTick(REFRESH_MS);
  const round = useApi<Round>(`/api/testing/rounds/${roundId}`, undefined, roundVersion);
  const coverage = useApi<Coverage>(`/api/testing/rounds/${roundId}/coverage`, { jurisdiction: at }, tick);
  const alerts = useAlerts(roundId, tick);
  useLiveEvent<TestingEvent>('testing.round_changed', (event) => {
    if (event.roundId === roundId) setRoundVersion((v) => v + 1);
  });

  const open = (code: string) => {
    const next = new URLSearchParams(params);
    next.set('at', code);
    setParams(next);
  };
  if (round.error && !round.data) return <ErrorState error={round.error} onRetry={round.reload} />;
  if (!round.data) return <PageLoading />;
  const unit = coverage.data?.unit;
  const openAlerts = alerts.data?.items.filter((a) => !a.acknowledgedAt).length ?? 0;

  return (
    <div data-testid="testing-dashboard">
      <RoundHeader round={round.data} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <CoverageStats coverage={coverage.data} openAlerts={openAlerts} />
        {unit && <CoverageBreadcrumb unit={unit} onOpen={open} />}
        <Tabs
          data-testid="dashboard-tabs"
          tabBarExtraContent={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('auto.refresh')}
            </Typography.Text>
          }
          items={[
            {
              key: 'coverage',
              label: t('tab.coverage'),
              children: (
                <Row gutter={[16, 16]}>
                  <Col xs={24} xl={15}>
                    {coverage.error && !coverage.data ? (
                      <ErrorState error={coverage.error} onRetry={coverage.reload} />
                    ) : (
                      <CoverageTable coverage={coverage.data} loading={coverage.loading} onOpen={open} />
                    )}
                  </Col>
                  <Col xs={24} xl={9}>
                    <CoverageMapPanel roundId={roundId} tick={tick} onOpen={open} />
                  </Col>
                </Row>
              ),
            },
            {
              key: 'alerts',
              label: (
                <Badge count={openAlerts} size="small" offset={[8, -2]}>
                  {t('tab.alerts')}
                </Badge>
              ),
              children: <AlertsPanel alerts={alerts} />,
            },
            {
              key: 'turnaround',
              label: t('tab.turnaround'),
              children: <TurnaroundPanel roundId={roundId} jurisdiction={at} tick={tick} />,
            },
            {
              key: 'daily',
              label: t('tab.daily'),
              children: <DailyReportPanel round={round.data} jurisdiction={at} />,
            },
            {
              key: 'missing',
              label: t('tab.missing'),
              children: <MissingPanel round={round.data} unit={unit} jurisdiction={at} />,
            },
          ]}
        />
      </Space>
    </div>
  );
}
