import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import type { Coverage } from '../../api-types';
import { ShareBar } from '../components/ShareBar';
import { dashboardMessages } from './dashboard.messages';

/** The unit's headline figures: expected, sampled, missing, exempt, coverage, open alerts. */
export function CoverageStats({
  coverage,
  openAlerts,
}: {
  coverage: Coverage | undefined;
  openAlerts: number;
}) {
  const t = useT(dashboardMessages);
  const total = coverage?.total;
  const stat = (title: string, value: number | undefined, color?: string) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small">
        <Statistic title={title} value={value ?? '—'} styles={{ content: color ? { color } : {} }} />
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]} data-testid="coverage-stats">
      {stat(t('stat.expected'), total?.expected)}
      {stat(t('stat.sampled'), total?.sampled, '#1a56b8')}
      {stat(t('stat.missing'), total?.missing, total && total.missing > 0 ? '#d4380d' : undefined)}
      <Col xs={12} md={8} xl={4}>
        <Card size="small">
          <Tooltip title={total && t('cov.exemptDetail', { ...total.exempt })}>
            <Statistic title={t('stat.exempt')} value={total?.exemptTotal ?? '—'} />
          </Tooltip>
        </Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small">
          <Statistic
            title={t('stat.share')}
            valueRender={() => <ShareBar share={total?.share ?? null} width={150} />}
          />
        </Card>
      </Col>
      {stat(t('stat.alerts'), openAlerts, openAlerts > 0 ? '#d4380d' : undefined)}
    </Row>
  );
}
