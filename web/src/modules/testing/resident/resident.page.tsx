/**
 * The resident's own page at /r/:token, without login: their health code (a coloured QR code of a
 * short-lived signed token, refreshed before it expires, with its reasons), their masked name, their
 * sampling code as a QR code to show at the table, and their recent results. The token is the whole credential; a
 * forged or stale one gets the server's bare 404.
 */
import { Button, Card, List, QRCode, Result, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { TUBE_RESULT_LABELS } from '../../../../../domain/testing.js';
import { isApiError } from '../../../app/api';
import { useLang, useT } from '../../../app/i18n/i18n';
import { LanguageSwitch } from '../../../app/layout/LanguageSwitch';
import { useApi } from '../../../app/use-api';
import { useDocumentTitle } from '../../../app/use-document-title';
import type { ResidentHealthCode } from '../../riskcontrol/codes/api-types';
import { HealthCodeCard } from '../../riskcontrol/codes/HealthCodeCard';
import { type ResidentPage as ResidentPageData, TASK_STATUSES } from '../api-types';
import { fieldMessages } from '../field/field.messages';
import { RESULT_COLORS } from '../field/labels';
import { residentMessages } from './resident.messages';
import './resident.css';

/** The page's data with the person's health code (risk control) when the server sends it. */
type ResidentView = ResidentPageData & { healthCode?: ResidentHealthCode };
type Item = ResidentView['results'][number];

function ResultLine({ item }: { item: Item }) {
  const t = useT(residentMessages);
  const tf = useT(fieldMessages);
  const { lang } = useLang();
  const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
  // The task's status in words when it is one we know; otherwise as the server wrote it.
  const recheck = TASK_STATUSES.find((status) => status === item.recheck);
  return (
    <List.Item className="resident-result" data-testid="resident-result" data-result={item.result}>
      <Space direction="vertical" size={2}>
        <Typography.Text strong>{item.round}</Typography.Text>
        <Typography.Text type="secondary">
          {t('sampledAt')} {when(item.sampledAt)}
        </Typography.Text>
        {item.resultedAt && (
          <Typography.Text type="secondary">
            {t('resultedAt')} {when(item.resultedAt)}
          </Typography.Text>
        )}
        {item.recheck && (
          <Typography.Text type="warning">
            {t('recheck', { status: recheck ? tf(`status.${recheck}`) : item.recheck })}
          </Typography.Text>
        )}
      </Space>
      {item.result === 'pending' ? (
        <Tag color="default">{t('pending')}</Tag>
      ) : (
        <Tag color={RESULT_COLORS[item.result]}>{TUBE_RESULT_LABELS[item.result][lang]}</Tag>
      )}
    </List.Item>
  );
}

export default function ResidentPage() {
  const t = useT(residentMessages);
  const { token = '' } = useParams();
  const { data, error, reload } = useApi<ResidentView>(`/api/testing/resident/${encodeURIComponent(token)}`);
  useDocumentTitle(t('title'));

  let body;
  if (error) {
    body = isApiError(error, 'NOT_FOUND') ? (
      <Result status="404" title={t('notFound')} />
    ) : (
      <Result status="error" title={t('error')} extra={<Button onClick={reload}>{t('retry')}</Button>} />
    );
  } else if (!data) {
    body = <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  } else {
    body = (
      <>
        {data.healthCode && <HealthCodeCard code={data.healthCode} onExpiring={reload} />}
        <Card>
          <div className="resident-code" data-testid="resident-code">
            <span className="resident-name" data-testid="resident-name">
              {data.name}
            </span>
            <QRCode value={data.code} type="svg" size={320} bordered={false} errorLevel="M" />
            <Typography.Text strong>{t('show')}</Typography.Text>
            <span className="resident-code-text">{data.code}</span>
          </div>
        </Card>
        <Card title={t('results')} size="small">
          <List
            dataSource={data.results}
            locale={{ emptyText: t('noResults') }}
            renderItem={(item) => <ResultLine item={item} />}
          />
        </Card>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('privacy')}
        </Typography.Paragraph>
      </>
    );
  }

  return (
    <main className="resident-page" data-testid="resident-page">
      <div className="resident-column">
        <div className="resident-head">
          <h1>{t('title')}</h1>
          <LanguageSwitch />
        </div>
        {body}
      </div>
    </main>
  );
}
