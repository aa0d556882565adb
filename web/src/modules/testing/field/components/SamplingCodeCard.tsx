/**
 * 采样码 on a person's page (population): the QR code samplers scan, and the link to the resident's
 * own page. Shown only to users with testing.read; the code is fetched only for them.
 */
import { Card, QRCode, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import { codesMessages } from '../codes/codes.messages';
import type { SamplingCode } from '../field-types';
import '../field.css';

function CodeCard({ personId, householdId }: { personId: string; householdId: string | null }) {
  const t = useT(codesMessages);
  const { data, error } = useApi<SamplingCode>(`/api/testing/people/${personId}/code`);
  return (
    <Card title={t('card.title')} size="small" style={{ marginBottom: 16 }} data-testid="sampling-code-card">
      {error ? (
        <Typography.Text type="secondary">{t('card.unavailable')}</Typography.Text>
      ) : (
        <div className="field-qr-card">
          <QRCode value={data?.code ?? '-'} status={data ? 'active' : 'loading'} size={168} type="svg" />
          {data && (
            <>
              <Typography.Text
                className="field-code-text"
                copyable={{ text: data.code }}
                data-testid="sampling-code"
              >
                {data.code}
              </Typography.Text>
              <Space wrap>
                <a href={data.residentLink} target="_blank" rel="noreferrer">
                  {t('card.residentPage')}
                </a>
                {householdId && <Link to={`/testing/codes/${householdId}`}>{t('card.householdSheet')}</Link>}
              </Space>
            </>
          )}
        </div>
      )}
    </Card>
  );
}

export function SamplingCodeCard({
  personId,
  householdId,
}: {
  personId: string;
  householdId: string | null;
}) {
  const { can } = useAuth();
  return can(Permission.TestingRead) ? <CodeCard personId={personId} householdId={householdId} /> : null;
}

/** 打印采样码 on a household's page (population), for users with testing.read. */
export function HouseholdCodesLink({ householdId }: { householdId: string }) {
  const t = useT(codesMessages);
  const { can } = useAuth();
  if (!can(Permission.TestingRead)) return null;
  return (
    <Link to={`/testing/codes/${householdId}`} data-testid="household-codes-link">
      {t('card.householdSheet')}
    </Link>
  );
}
