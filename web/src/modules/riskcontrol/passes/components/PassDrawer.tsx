/**
 * One pass: its details, holders (masked, with their code colour), route, certificates, the
 * decision; for an approved pass the QR code with the signed token, the printable pass and the
 * usage log. The actions are those the server says this user may take (`can`).
 */
import { CopyOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Grid,
  Input,
  Modal,
  Popconfirm,
  QRCode,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { PassDetail, PassHolder } from '../api-types';
import { COLOUR_LABELS, PASS_STATUS_LABELS, PASS_TYPE_LABELS, colorOf, labelOf } from '../labels';
import { passesMessages } from '../passes.messages';
import { reasonCodeText } from '../problems';
import { Attachments } from './Attachments';
import { PrintablePass, printPass } from './PrintablePass';

const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

export function PassDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useT(passesMessages);
  const { lang } = useLang();
  const screens = Grid.useBreakpoint();
  const detail = useApi<PassDetail>(`/api/risk/passes/${id}`);
  const pass = detail.data;
  return (
    <Drawer
      open
      size={screens.md ? 860 : '100%'}
      onClose={onClose}
      title={pass ? t('detail.title', { number: pass.number }) : ' '}
      extra={
        pass && (
          <Space>
            <Tag color={colorOf(PASS_TYPE_LABELS, pass.type)}>
              {labelOf(PASS_TYPE_LABELS, pass.type, lang)}
            </Tag>
            <Tag
              color={colorOf(PASS_STATUS_LABELS, pass.status)}
              data-testid="detail-status"
              data-status={pass.status}
            >
              {labelOf(PASS_STATUS_LABELS, pass.status, lang)}
            </Tag>
          </Space>
        )
      }
      data-testid="pass-drawer"
    >
      {detail.error && !pass ? (
        <ErrorState error={detail.error} onRetry={detail.reload} />
      ) : !pass ? (
        <PageLoading />
      ) : (
        <PassBody
          pass={pass}
          onChanged={() => {
            detail.reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}

function PassBody({ pass, onChanged }: { pass: PassDetail; onChanged: () => void }) {
  const t = useT(passesMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="pass-detail">
      <Actions pass={pass} onChanged={onChanged} />
      {pass.status === 'approved' && pass.token && (
        <Card size="small" title={t('detail.qr')} data-testid="pass-qr-card">
          <div className="pass-qr">
            <QRCode value={pass.token} size={200} errorLevel="M" data-testid="pass-qr" />
            <Space orientation="vertical">
              <Typography.Text type="secondary">{t('detail.qrHint')}</Typography.Text>
              <Space wrap>
                <Button
                  type="primary"
                  icon={<PrinterOutlined />}
                  onClick={printPass}
                  data-testid="pass-print-button"
                >
                  {t('detail.print')}
                </Button>
                <Button
                  icon={<CopyOutlined />}
                  onClick={() =>
                    void navigator.clipboard.writeText(pass.token!).then(
                      () => message.success(t('action.copied')),
                      () => message.error(t('action.copyFailed')),
                    )
                  }
                >
                  {t('detail.copyToken')}
                </Button>
              </Space>
              <Typography.Text className="pass-token" data-testid="pass-token" copyable={false}>
                {pass.token}
              </Typography.Text>
            </Space>
          </div>
          <PrintablePass pass={pass} />
        </Card>
      )}
      <Card size="small" title={t('detail.basic')}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('col.organisation')}>{pass.organisation ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('col.plate')}>{pass.plate ?? '—'}</Descriptions.Item>
          {pass.vehicle && <Descriptions.Item label={t('detail.vehicle')}>{pass.vehicle}</Descriptions.Item>}
          {pass.origin && <Descriptions.Item label={t('detail.origin')}>{pass.origin}</Descriptions.Item>}
          {pass.destination && (
            <Descriptions.Item label={t('detail.destination')}>{pass.destination}</Descriptions.Item>
          )}
          {pass.purpose && <Descriptions.Item label={t('detail.purpose')}>{pass.purpose}</Descriptions.Item>}
          <Descriptions.Item label={t('col.validity')}>
            {time(pass.validFrom)} ~ {time(pass.validUntil)}
          </Descriptions.Item>
          <Descriptions.Item label={t('col.place')}>{pass.place.name}</Descriptions.Item>
          <Descriptions.Item label={t('detail.appliedBy')}>
            {pass.appliedBy ?? '—'} · {time(pass.appliedAt)}
          </Descriptions.Item>
          {pass.decidedAt && (
            <Descriptions.Item label={t('detail.decidedBy')}>
              {pass.decidedBy ?? '—'} · {time(pass.decidedAt)}
            </Descriptions.Item>
          )}
          {pass.decisionNote && (
            <Descriptions.Item label={t('detail.note')}>{pass.decisionNote}</Descriptions.Item>
          )}
          {pass.revokedAt && (
            <Descriptions.Item label={t('detail.revokedAt')}>{time(pass.revokedAt)}</Descriptions.Item>
          )}
          {pass.revokeReason && (
            <Descriptions.Item label={t('detail.revokeReason')}>{pass.revokeReason}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('detail.holders')}>
        <Table<PassHolder>
          size="small"
          rowKey="seq"
          pagination={false}
          dataSource={pass.holdersDetail}
          data-testid="pass-holders"
          columns={[
            { title: '#', dataIndex: 'seq', width: 48 },
            { title: t('form.name'), dataIndex: 'name' },
            {
              title: '',
              dataIndex: 'role',
              render: (v: string) => t(v === 'driver' ? 'detail.role.driver' : 'detail.role.holder'),
            },
            {
              title: t('form.idNumber'),
              dataIndex: 'idMasked',
              render: (v: string) => <span className="masked">{v}</span>,
            },
            { title: t('form.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
            {
              title: '',
              dataIndex: 'colour',
              render: (v: PassHolder['colour']) =>
                v ? (
                  <Tag color={colorOf(COLOUR_LABELS, v)}>{labelOf(COLOUR_LABELS, v, lang)}</Tag>
                ) : (
                  <Typography.Text type="secondary">{t('detail.colourUnknown')}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      {pass.routeDetail.length > 0 && (
        <Card size="small" title={t('detail.route')}>
          <Steps
            size="small"
            current={-1}
            items={pass.routeDetail.map((r) => ({ title: r.code, content: r.name ?? '' }))}
            data-testid="pass-route"
          />
        </Card>
      )}
      <Card size="small" title={t('detail.attachments')}>
        <Attachments pass={pass} onUploaded={onChanged} />
      </Card>
      {(pass.status === 'approved' || pass.status === 'revoked') && (
        <Card size="small" title={t('detail.usage')}>
          <Table
            size="small"
            rowKey={(r) => `${r.at}-${r.checkpoint}`}
            pagination={false}
            dataSource={pass.usage}
            locale={{ emptyText: t('detail.usageEmpty') }}
            data-testid="pass-usage"
            columns={[
              { title: t('col.appliedAt'), dataIndex: 'at', render: (v: string) => time(v) },
              { title: t('col.route'), dataIndex: 'checkpoint' },
              {
                title: t('col.status'),
                dataIndex: 'verdict',
                render: (v: 'pass' | 'turn_back') => (
                  <Tag color={v === 'pass' ? 'success' : 'error'}>{t(`detail.verdict.${v}`)}</Tag>
                ),
              },
              {
                title: '',
                dataIndex: 'reasons',
                render: (v: string[]) => v.map((r) => reasonCodeText(r, lang)).join('；') || '—',
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function Actions({ pass, onChanged }: { pass: PassDetail; onChanged: () => void }) {
  const t = useT(passesMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');

  const run = async (key: string, call: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await call();
      void message.success(t('action.done'));
      onChanged();
      return true;
    } catch (error) {
      notifyError(error);
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (!pass.can.decide && !pass.can.revoke && !pass.can.withdraw) return null;
  return (
    <Card
      size="small"
      title={t(pass.can.decide ? 'detail.decision' : 'detail.actions')}
      data-testid="pass-actions"
    >
      {pass.can.decide && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('action.notePlaceholder')}
            aria-label={t('action.noteLabel')}
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={500}
            data-testid="decision-note"
          />
          <Space>
            <Button
              type="primary"
              loading={busy === 'approve'}
              onClick={() =>
                void run('approve', () =>
                  api.post(`/api/risk/passes/${pass.id}/decision`, {
                    decision: 'approve',
                    note: note.trim(),
                  }),
                )
              }
              data-testid="pass-approve"
            >
              {t('action.approve')}
            </Button>
            <Button
              danger
              loading={busy === 'reject'}
              onClick={() => {
                if (note.trim() === '') {
                  void message.warning(t('action.rejectNeedsNote'));
                  return;
                }
                void run('reject', () =>
                  api.post(`/api/risk/passes/${pass.id}/decision`, { decision: 'reject', note: note.trim() }),
                );
              }}
              data-testid="pass-reject"
            >
              {t('action.reject')}
            </Button>
          </Space>
        </Space>
      )}
      <Space>
        {pass.can.revoke && (
          <Button danger onClick={() => setRevoking(true)} data-testid="pass-revoke">
            {t('action.revoke')}
          </Button>
        )}
        {pass.can.withdraw && (
          <Popconfirm
            title={t('action.withdrawConfirm')}
            onConfirm={() => void run('withdraw', () => api.post(`/api/risk/passes/${pass.id}/withdraw`, {}))}
          >
            <Button loading={busy === 'withdraw'} data-testid="pass-withdraw">
              {t('action.withdraw')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <Modal
        open={revoking}
        title={t('action.revokeTitle')}
        okText={t('action.revoke')}
        okButtonProps={{ danger: true, loading: busy === 'revoke', disabled: reason.trim() === '' }}
        onCancel={() => setRevoking(false)}
        onOk={() =>
          void run('revoke', () =>
            api.post(`/api/risk/passes/${pass.id}/revoke`, { reason: reason.trim() }),
          ).then((ok) => ok && setRevoking(false))
        }
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('action.revokeReasonRequired')}
          aria-label={t('action.revokeReason')}
          autoSize={{ minRows: 3 }}
          maxLength={500}
          data-testid="revoke-reason"
        />
      </Modal>
    </Card>
  );
}
