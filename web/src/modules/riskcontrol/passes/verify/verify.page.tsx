/**
 * 卡口核验 at /risk/verify, made for a phone at the barrier: pick the checkpoint once (remembered),
 * the crossing and the certificates seen, then scan (camera or handheld) or type a token, a plate or
 * an ID number; the answer fills the width. With the network down the page decides on the QR code
 * alone (./offline.ts) and keeps the checks to send later.
 */
import { SyncOutlined, WifiOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Checkbox,
  Collapse,
  Empty,
  Input,
  List,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { PageHead } from '../../../../components/PageHead';
import { ScanField } from '../../../testing/field/components/ScanField';
import type { Certificate, Crossing } from '../api-types';
import { CERTIFICATE_LABELS, CHECKPOINT_KIND_LABELS, CROSSING_LABELS, labelOf } from '../labels';
import { ResultCard } from './ResultCard';
import { type Outcome, useVerifier } from './use-verifier';
import { verifyMessages } from './verify.messages';
import '../../../testing/field/field.css';
import '../passes.css';

export default function VerifyPage() {
  const t = useT(verifyMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const { user } = useAuth();
  const v = useVerifier(user?.id ?? 'anonymous');
  const [chosen, setChosen] = useState<string | null>(() => v.store.chosen());
  const [crossing, setCrossing] = useState<Crossing | undefined>();
  const [certificates, setCertificates] = useState<Certificate[]>([]);
  const [driver, setDriver] = useState<{ name: string; idNumber: string }>({ name: '', idNumber: '' });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [history, setHistory] = useState<Array<{ at: string; outcome: Outcome }>>([]);

  const list = v.checkpoints ?? [];
  const checkpoint = list.find((c) => c.id === chosen) ?? (list.length === 1 ? list[0] : undefined);
  const crossings = checkpoint ? (Object.keys(checkpoint.policy) as Crossing[]) : [];
  const current = crossing && crossings.includes(crossing) ? crossing : crossings[0];
  const needed = current && checkpoint ? (checkpoint.policy[current]?.certificates ?? []) : [];

  useEffect(() => {
    if (!v.lastSync) return;
    const { accepted, duplicates, rejected } = v.lastSync;
    if (accepted + duplicates > 0) void message.success(t('net.synced', { count: accepted + duplicates }));
    if (rejected.length > 0)
      void message.warning(
        t('net.syncRejected', {
          count: rejected.length,
          reasons: [...new Set(rejected.map((r) => r.reason))].join('；'),
        }),
      );
  }, [v.lastSync, message, t]);

  if (v.checkpoints === null) {
    if (v.checkpointsError) return <ErrorState error={v.checkpointsError} onRetry={() => void v.refresh()} />;
    return <PageLoading />;
  }

  const submit = async (text: string) => {
    if (!checkpoint) return false;
    setBusy(true);
    try {
      const answer = await v.check({
        checkpoint,
        text,
        crossing: current,
        certificates: certificates.filter((c) => needed.includes(c)),
        driver: {
          ...(driver.name.trim() ? { name: driver.name.trim() } : {}),
          ...(driver.idNumber.trim() ? { idNumber: driver.idNumber.trim() } : {}),
        },
      });
      setOutcome(answer);
      if (answer.kind === 'online' || answer.kind === 'offline')
        setHistory((h) => [{ at: new Date().toISOString(), outcome: answer }, ...h].slice(0, 10));
      return answer.kind !== 'error' && answer.kind !== 'needs_network';
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field-phone field-stack verify-page" data-testid="verify-page">
      <PageHead title={t('page.title')} />
      <div className="verify-status" data-testid="verify-status">
        <Tag
          icon={<WifiOutlined />}
          color={v.online ? 'success' : 'warning'}
          data-testid="net-state"
          data-online={v.online ? 'true' : 'false'}
        >
          {t(v.online ? 'net.online' : 'net.offline')}
        </Tag>
        {v.pending > 0 && (
          <Badge
            status="processing"
            text={t('net.pending', { count: v.pending })}
            data-testid="pending-count"
            data-count={v.pending}
          />
        )}
        {v.pending > 0 && v.online && (
          <Button
            size="small"
            icon={<SyncOutlined spin={v.syncing} />}
            onClick={() => void v.sync()}
            data-testid="sync-now"
          >
            {t('net.sync')}
          </Button>
        )}
        <Typography.Text type="secondary" className="verify-asof" data-testid="revocations-asof">
          {v.revocations
            ? t('net.revocations', { at: dayjs(v.revocations.asOf).format('MM-DD HH:mm') })
            : t('net.revocationsNone')}
        </Typography.Text>
      </div>
      {!v.keysReady && !v.online && <Alert type="warning" showIcon title={t('net.keysMissing')} />}

      {list.length === 0 ? (
        <Empty description={t('checkpoint.none')} data-testid="verify-no-checkpoint" />
      ) : (
        <>
          <Select
            size="large"
            value={checkpoint?.id}
            placeholder={t('checkpoint.pick')}
            aria-label={t('checkpoint.label')}
            onChange={(id: string) => {
              setChosen(id);
              v.store.setChosen(id);
              setCrossing(undefined);
              setCertificates([]);
              setOutcome(null);
            }}
            options={list.map((c) => ({
              value: c.id,
              label: `${c.code} ${c.name}`,
              title: labelOf(CHECKPOINT_KIND_LABELS, c.kind, lang),
            }))}
            data-testid="verify-checkpoint"
          />
          {checkpoint && crossings.length > 0 && (
            <Segmented<Crossing>
              block
              size="large"
              value={current}
              onChange={(c) => {
                setCrossing(c);
                setCertificates([]);
              }}
              options={crossings.map((c) => ({ value: c, label: labelOf(CROSSING_LABELS, c, lang) }))}
              data-testid="verify-crossing"
            />
          )}
          {checkpoint && current && (
            <div className="verify-certs" data-testid="verify-certs">
              <Typography.Text type="secondary">{t('certs.label')}</Typography.Text>
              {needed.length === 0 ? (
                <Typography.Text type="secondary"> · {t('certs.none')}</Typography.Text>
              ) : (
                <Checkbox.Group<Certificate>
                  value={certificates}
                  onChange={setCertificates}
                  options={needed.map((c) => ({ value: c, label: labelOf(CERTIFICATE_LABELS, c, lang) }))}
                />
              )}
            </div>
          )}
          {checkpoint && (
            <ScanField
              placeholder={t('scan.placeholder')}
              button={t('scan.button')}
              busy={busy}
              onSubmit={submit}
              testId="verify-scan"
            />
          )}
          <Collapse
            size="small"
            items={[
              {
                key: 'driver',
                label: t('driver.toggle'),
                children: (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Input
                      size="large"
                      placeholder={t('driver.name')}
                      value={driver.name}
                      onChange={(e) => setDriver({ ...driver, name: e.target.value })}
                      data-testid="verify-driver-name"
                    />
                    <Input
                      size="large"
                      placeholder={t('driver.idNumber')}
                      value={driver.idNumber}
                      maxLength={18}
                      onChange={(e) => setDriver({ ...driver, idNumber: e.target.value })}
                      data-testid="verify-driver-id"
                    />
                  </Space>
                ),
              },
            ]}
          />
          {outcome && <ResultCard outcome={outcome} />}
          <History items={history} />
        </>
      )}
    </div>
  );
}

function History({ items }: { items: Array<{ at: string; outcome: Outcome }> }) {
  const t = useT(verifyMessages);
  if (items.length === 0) return null;
  return (
    <List
      size="small"
      header={<Typography.Text strong>{t('history.title')}</Typography.Text>}
      dataSource={items}
      data-testid="verify-history"
      renderItem={({ at, outcome }) => {
        const verdict =
          outcome.kind === 'online'
            ? outcome.result.verdict
            : outcome.kind === 'offline'
              ? outcome.decision.verdict
              : null;
        const label =
          outcome.kind === 'online'
            ? (outcome.result.pass?.plate ?? outcome.result.pass?.number ?? outcome.result.person?.name ?? '')
            : outcome.kind === 'offline'
              ? (outcome.decision.pass?.p ?? outcome.decision.person?.n ?? '')
              : '';
        return (
          <List.Item>
            <Space>
              <Typography.Text type="secondary" className="num">
                {dayjs(at).format('HH:mm:ss')}
              </Typography.Text>
              {verdict && (
                <Tag color={verdict === 'pass' ? 'success' : 'error'}>{t(`verdict.${verdict}`)}</Tag>
              )}
              {outcome.kind === 'offline' && <Tag color="warning">{t('result.offline')}</Tag>}
              <span>{label}</span>
            </Space>
          </List.Item>
        );
      }}
    />
  );
}
