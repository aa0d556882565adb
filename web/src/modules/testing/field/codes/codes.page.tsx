/**
 * 采样码打印 at /testing/codes/<household id>: every member's sampling QR code on one sheet, to cut
 * out and hand to people without a smartphone. The print style hides the shell (../field.css).
 */
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Empty, QRCode, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import type { HouseholdCodes } from '../field-types';
import { codesMessages } from './codes.messages';
import '../field.css';

function Sheet({ householdId }: { householdId: string }) {
  const t = useT(codesMessages);
  const { data, error, reload } = useApi<HouseholdCodes>(`/api/testing/households/${householdId}/codes`);
  if (error) return <ErrorState error={error} target={householdId} onRetry={reload} />;
  if (!data || data.householdId !== householdId) return <PageLoading />;
  return (
    <div className="field-stack" data-testid="codes-sheet">
      <div className="no-print">
        <PageHead
          title={t('sheet.title')}
          subtitle={`${data.address} · ${t('sheet.members', { count: data.members.length })}`}
          extra={
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              onClick={() => window.print()}
              data-testid="codes-print"
            >
              {t('sheet.print')}
            </Button>
          }
        />
      </div>
      <Typography.Title level={4} className="print-only">
        {data.address}
      </Typography.Title>
      {data.members.length === 0 ? (
        <Empty description={t('sheet.none')} />
      ) : (
        <div className="field-sheet">
          {data.members.map((m) => (
            <div key={m.personId} className="field-sheet-card field-qr-card" data-testid="codes-card">
              <Typography.Text strong style={{ fontSize: 16 }}>
                {m.name}
              </Typography.Text>
              <QRCode value={m.code} type="svg" size={150} bordered={false} />
              <span className="field-code-text">{m.code}</span>
            </div>
          ))}
        </div>
      )}
      <Typography.Paragraph type="secondary">{t('sheet.hint')}</Typography.Paragraph>
    </div>
  );
}

export default function CodesPage() {
  const t = useT(codesMessages);
  const { code } = useParams();
  if (isRecordId(code)) return <Sheet key={code} householdId={code} />;
  return (
    <div className="field-stack" data-testid="codes-page">
      <PageHead title={t('page.title')} />
      <Card>
        <Empty description={t('page.pick')}>
          <Link to="/population/units">
            <Button>{t('page.openUnits')}</Button>
          </Link>
        </Empty>
      </Card>
    </div>
  );
}
