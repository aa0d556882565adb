/** Suggested sites, samplers and tables for the area against what is set up (GET /api/testing/staffing). */
import { Alert, Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { errorMessage } from '../../../../app/i18n/errors';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import type { Staffing } from '../../api-types';
import { roundsMessages } from './rounds.messages';

function range(r: { min: number; max: number }): string {
  return r.min === r.max ? r.min.toLocaleString() : `${r.min.toLocaleString()}–${r.max.toLocaleString()}`;
}

export function StaffingPanel({ jurisdiction, roundId }: { jurisdiction: string; roundId: string | null }) {
  const t = useT(roundsMessages);
  const { lang } = useLang();
  const { data, error, loading } = useApi<Staffing>('/api/testing/staffing', {
    jurisdiction,
    roundId: roundId ?? undefined,
  });

  const cell = (title: string, actual: number, suggested: string, needed: number) => (
    <Col span={8}>
      <Statistic
        title={title}
        value={actual}
        suffix={actual < needed ? <Tag color="red">{t('staffing.short')}</Tag> : undefined}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('staffing.suggested', { value: suggested })}
      </Typography.Text>
    </Col>
  );

  return (
    <Card size="small" title={t('staffing.title')} loading={loading && !data} data-testid="staffing">
      {error ? (
        <Alert
          type="warning"
          showIcon
          title={t('advice.unavailable')}
          description={errorMessage(error, lang)}
        />
      ) : data ? (
        <>
          <Typography.Paragraph type="secondary">
            {data.jurisdiction.name} · {t('advice.people', { people: data.people.toLocaleString() })} ·{' '}
            {t('staffing.actual')}
          </Typography.Paragraph>
          <Row gutter={12}>
            {cell(
              t('staffing.sites'),
              data.actual.sites,
              range(data.suggested.sites),
              data.suggested.sites.min,
            )}
            {cell(
              t('staffing.samplers'),
              data.actual.samplers,
              data.suggested.samplers.toLocaleString(),
              data.suggested.samplers,
            )}
            {cell(
              t('staffing.tables'),
              data.actual.tables,
              range(data.suggested.tables),
              data.suggested.tables.min,
            )}
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('staffing.helpers', { count: data.actual.helpers })}
          </Typography.Text>
        </>
      ) : null}
    </Card>
  );
}
