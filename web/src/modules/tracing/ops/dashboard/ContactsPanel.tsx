/**
 * Contacts under control per degree: the share controlled (central isolation or home quarantine)
 * of all contacts of that degree, and the rest split into not yet controlled and released.
 */
import { Card, Col, Empty, Progress, Row, Space, Typography } from 'antd';
import { CONTACT_DEGREES } from '../../../../../../domain/tracing.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { TracingDashboard } from '../../api-types';
import { CONTACT_DEGREE_LABELS } from '../labels';
import { dashboardMessages } from './dashboard.messages';

const COLORS = { controlled: '#389e0d', pending: '#d4380d', released: '#bfbfbf' };

export function ContactsPanel({
  contacts,
  loading,
}: {
  contacts: TracingDashboard['contacts'] | undefined;
  loading: boolean;
}) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const none = contacts !== undefined && CONTACT_DEGREES.every((d) => contacts[d].total === 0);
  return (
    <Card
      size="small"
      title={t('contacts.title')}
      loading={loading && !contacts}
      data-testid="contacts-panel"
    >
      {none ? (
        <Empty description={t('contacts.empty')} />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {CONTACT_DEGREES.map((degree) => {
            const c = contacts?.[degree] ?? { total: 0, controlled: 0, released: 0, pending: 0 };
            const pct = (n: number) => (c.total === 0 ? 0 : Math.round((n / c.total) * 1000) / 10);
            return (
              <div key={degree} data-testid={`contacts-${degree}`}>
                <Row justify="space-between" align="bottom">
                  <Col>
                    <Typography.Text strong>{CONTACT_DEGREE_LABELS[degree][lang]}</Typography.Text>
                  </Col>
                  <Col>
                    <Typography.Text className="num">
                      {t('contacts.ofTotal', { controlled: c.controlled, total: c.total })}
                    </Typography.Text>
                  </Col>
                </Row>
                {/* One bar, three parts: controlled, released (done with), not yet controlled. */}
                <Progress
                  percent={pct(c.controlled + c.released)}
                  success={{ percent: pct(c.controlled), strokeColor: COLORS.controlled }}
                  strokeColor={COLORS.released}
                  railColor={c.total > 0 ? '#ffccc7' : undefined}
                  format={() => `${pct(c.controlled)}%`}
                />
                <Space size="middle" wrap style={{ fontSize: 12 }}>
                  <Legend color={COLORS.controlled} text={`${t('contacts.controlled')} ${c.controlled}`} />
                  <Legend color="#ffccc7" text={`${t('contacts.pending')} ${c.pending}`} />
                  <Legend color={COLORS.released} text={`${t('contacts.released')} ${c.released}`} />
                </Space>
              </div>
            );
          })}
        </Space>
      )}
    </Card>
  );
}

function Legend({ color, text }: { color: string; text: string }) {
  return (
    <span>
      <span
        style={{
          display: 'inline-block',
          width: 10,
          height: 10,
          borderRadius: 2,
          background: color,
          marginRight: 4,
        }}
      />
      <Typography.Text type="secondary" className="num">
        {text}
      </Typography.Text>
    </span>
  );
}
