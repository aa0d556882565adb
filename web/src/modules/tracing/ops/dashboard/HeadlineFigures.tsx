/** The headline figures every briefing opens with: cases, community vs under control, open, overdue. */
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import type { TracingDashboard } from '../../api-types';
import { dashboardMessages } from './dashboard.messages';

export function HeadlineFigures({ totals }: { totals: TracingDashboard['totals'] | undefined }) {
  const t = useT(dashboardMessages);
  const share =
    totals && totals.cases > 0 ? `${Math.round((totals.community / totals.cases) * 1000) / 10}%` : null;
  const stat = (key: string, title: string, value: number | undefined, color?: string, note?: string) => (
    // Five figures share the row evenly on a desk, two to a row on a phone.
    <Col flex="1 1 150px">
      <Card size="small" style={{ height: '100%' }}>
        <Statistic
          title={title}
          value={value ?? '—'}
          styles={{ content: color ? { color } : {} }}
          data-testid={`stat-${key}`}
        />
        {note && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {note}
          </Typography.Text>
        )}
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]} data-testid="tracing-figures">
      {stat('cases', t('stat.cases'), totals?.cases)}
      {stat(
        'community',
        t('stat.community'),
        totals?.community,
        totals && totals.community > 0 ? '#d4380d' : undefined,
        share ? t('stat.communityShare', { share }) : undefined,
      )}
      {stat('under-control', t('stat.underControl'), totals?.underControl, '#1a56b8')}
      {stat('open', t('stat.open'), totals?.open)}
      {stat(
        'overdue',
        t('stat.overdue'),
        totals?.overdue,
        totals && totals.overdue > 0 ? '#d4380d' : undefined,
      )}
    </Row>
  );
}
