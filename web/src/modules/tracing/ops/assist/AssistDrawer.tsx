/**
 * One assist notice: who and what, the content, the reply, the printable document (the server's
 * zh-CN HTML, in a new tab, to print or save as PDF) and the status moves this side may make.
 * `replied` asks for the reply's text first.
 */
import { PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { Masked } from '../../../population/components/Masked';
import type { AssistNotice, AssistStatus } from '../../api-types';
import { ASSIST_NEXT, ASSIST_STATUS_LABELS, ASSIST_SUBJECT_LABELS } from '../labels';
import type { AssistStatusInput, AssistStatusResult, CaseDraft } from './assist-types';
import { assistMessages } from './assist.messages';
import { NoticeContent } from './NoticeContent';

export function AssistDrawer({
  id,
  canAct,
  version,
  onClose,
  onChanged,
}: {
  id: string;
  canAct: boolean;
  version: number;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useT(assistMessages);
  const { lang } = useLang();
  const screens = Grid.useBreakpoint();
  const { data, error, reload } = useApi<AssistNotice>(`/api/tracing/assist/${id}`, undefined, version);
  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={data ? t('drawer.title', { number: data.number }) : t('state.loading')}
      extra={
        <Button
          icon={<PrinterOutlined />}
          onClick={() => window.open(`/api/tracing/assist/${id}/print`, '_blank', 'noopener')}
          data-testid="assist-print"
        >
          {t('drawer.print')}
        </Button>
      }
      data-testid="assist-drawer"
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={reload} />
      ) : !data ? (
        <PageLoading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              {
                key: 'status',
                label: t('col.status'),
                children: (
                  <Tag color={ASSIST_STATUS_LABELS[data.status]?.color} data-testid="assist-status">
                    {ASSIST_STATUS_LABELS[data.status]?.[lang] ?? data.status}
                  </Tag>
                ),
              },
              {
                key: 'subject',
                label: t('col.subject'),
                children: (
                  <Tag color={ASSIST_SUBJECT_LABELS[data.subject]?.color}>
                    {ASSIST_SUBJECT_LABELS[data.subject]?.[lang] ?? data.subject}
                  </Tag>
                ),
              },
              {
                key: 'direction',
                label: t('drawer.direction'),
                children: t(data.direction === 'outgoing' ? 'tab.outgoing' : 'tab.incoming'),
              },
              { key: 'peer', label: t('drawer.peer'), children: data.peer || '—' },
              { key: 'region', label: t('drawer.region'), children: data.targetRegion ?? '—' },
              { key: 'name', label: t('drawer.name'), children: data.name },
              { key: 'id', label: t('drawer.id'), children: <Masked masked={data.idMasked} /> },
              { key: 'phone', label: t('drawer.phone'), children: <Masked masked={data.phoneMasked} /> },
              {
                key: 'case',
                label: t('drawer.case'),
                children: data.case ? (
                  <Link to={`/tracing/cases/${data.case.id}`}>{data.case.number}</Link>
                ) : (
                  '—'
                ),
              },
              {
                key: 'contact',
                label: t('drawer.contact'),
                children: data.contact ? (
                  <Link to={`/tracing/contacts/${data.contact.id}`}>{data.contact.name}</Link>
                ) : (
                  '—'
                ),
              },
              {
                key: 'created',
                label: t('drawer.createdAt'),
                children: dayjs(data.createdAt).format('YYYY-MM-DD HH:mm'),
              },
              {
                key: 'updated',
                label: t('drawer.updatedAt'),
                children: dayjs(data.updatedAt).format('YYYY-MM-DD HH:mm'),
              },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('drawer.content')}</Typography.Title>
            <NoticeContent content={data.content} />
          </div>
          <div>
            <Typography.Title level={5}>{t('drawer.reply')}</Typography.Title>
            {data.reply ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="assist-reply">
                {data.reply}
              </Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">{t('drawer.noReply')}</Typography.Text>
            )}
          </div>
          {canAct && (
            <StatusActions
              notice={data}
              onMoved={() => {
                reload();
                onChanged();
              }}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}

function StatusActions({ notice, onMoved }: { notice: AssistNotice; onMoved: () => void }) {
  const t = useT(assistMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<AssistStatus | null>(null);
  const [replying, setReplying] = useState(false);
  const [accepted, setAccepted] = useState<AssistStatusResult | null>(null);
  const [form] = Form.useForm<{ reply: string }>();
  const next = ASSIST_NEXT[notice.direction]?.[notice.status] ?? [];
  const words = (status: AssistStatus) => ASSIST_STATUS_LABELS[status][lang];
  // Outgoing: we record the other side's answer; incoming: we write ours.
  const replyTitle = notice.direction === 'outgoing' ? t('reply.record') : t('reply.title');

  const navigate = useNavigate();
  const [opening, setOpening] = useState(false);
  // The case opens from the notice itself (POST /cases with assistNoticeId): the person and the
  // source come from the notice; what the other side did not say takes the usual defaults.
  const openCase = async (draft: CaseDraft) => {
    setOpening(true);
    try {
      const created = await api.post<{ case: { id: string } }>('/api/tracing/cases', {
        assistNoticeId: draft.assistNoticeId,
        classification: draft.classification ?? 'confirmed',
        foundIn: 'community',
        sampledDate: draft.sampledDate ?? dayjs().format('YYYY-MM-DD'),
        ...(draft.onsetDate ? { onsetDate: draft.onsetDate } : {}),
      });
      void navigate(`/tracing/cases/${created.case.id}`);
    } catch (error) {
      notifyError(error);
    } finally {
      setOpening(false);
    }
  };

  const move = async (body: AssistStatusInput) => {
    setBusy(body.status);
    try {
      const result = await api.post<AssistStatusResult>(`/api/tracing/assist/${notice.id}/status`, body);
      void message.success(t('drawer.moved', { status: words(body.status) }));
      setReplying(false);
      setAccepted(result.contact || result.caseDraft ? result : null);
      onMoved();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="assist-actions">
      <Typography.Title level={5}>{t('drawer.actions')}</Typography.Title>
      {accepted?.contact && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(accepted.contact.matched === 'existing' ? 'accept.contactExisting' : 'accept.contact')}
          action={
            <Link to={`/tracing/contacts/${accepted.contact.id}`}>
              <Button size="small">{t('accept.openContact')}</Button>
            </Link>
          }
          data-testid="assist-accepted-contact"
        />
      )}
      {accepted?.caseDraft && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('accept.case')}
          description={t('accept.caseDetail', {
            name: accepted.caseDraft.name,
            id: accepted.caseDraft.idMasked ?? '—',
            sampled: accepted.caseDraft.sampledDate ?? '—',
          })}
          action={
            <Button
              size="small"
              type="primary"
              loading={opening}
              onClick={() => void openCase(accepted.caseDraft!)}
            >
              {t('accept.openCase')}
            </Button>
          }
          data-testid="assist-accepted-case"
        />
      )}
      {next.length === 0 ? (
        <Typography.Text type="secondary">{t('drawer.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {next.map((status) =>
            status === 'replied' ? (
              <Button
                key={status}
                type="primary"
                onClick={() => setReplying(true)}
                data-testid="assist-to-replied"
              >
                {replyTitle}
              </Button>
            ) : (
              <Popconfirm
                key={status}
                title={t('status.confirm', { status: words(status) })}
                onConfirm={() => void move({ status })}
              >
                <Button
                  type={status === 'closed' ? 'default' : 'primary'}
                  loading={busy === status}
                  data-testid={`assist-to-${status}`}
                >
                  {status === 'sent' ? t('status.sent') : t('status.to', { status: words(status) })}
                </Button>
              </Popconfirm>
            ),
          )}
        </Space>
      )}
      <Modal
        open={replying}
        title={replyTitle}
        onCancel={() => setReplying(false)}
        onOk={() => form.submit()}
        confirmLoading={busy === 'replied'}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void move({ status: 'replied', reply: v.reply.trim() })}
        >
          <Form.Item
            name="reply"
            label={t('reply.label')}
            rules={[{ required: true, whitespace: true, message: t('reply.required') }]}
          >
            <Input.TextArea
              rows={5}
              maxLength={4000}
              showCount
              placeholder={notice.direction === 'incoming' ? t('reply.placeholder') : undefined}
              data-testid="assist-reply-input"
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
