/**
 * The contact lifecycle's moves for users with tracing.control: 通知, 申请转运, 集中隔离, 居家隔离,
 * 解除. Only the moves domain/tracing.ts allows from the current status are offered; if the server
 * still refuses (someone moved the contact meanwhile), the refusal is said in a dialog and the
 * list reloads to show where the contact really is.
 */
import { DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { CONTACT_TRANSITIONS, type ContactStatus } from '../../../../../../domain/tracing.js';
import { api, isApiError } from '../../../../app/api';
import { useAuth } from '../../../../app/auth/auth.context';
import { errorMessage } from '../../../../app/i18n/errors';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { ContactStatusInput, ContactSummary, ReleaseBlocker } from '../../api-types';
import { CONTACT_ACTION_LABELS, CONTACT_STATUS_LABELS, releaseBlockerText } from '../labels';
import { workbenchMessages } from '../workbench.messages';

type Move = keyof typeof CONTACT_ACTION_LABELS;
const MOVES: readonly Move[] = [
  'notified',
  'transfer_requested',
  'central_isolation',
  'home_quarantine',
  'released',
];

export function allowedMoves(status: ContactStatus): Move[] {
  return MOVES.filter((move) => CONTACT_TRANSITIONS[status].includes(move));
}

export function ContactActions({
  contact,
  onChanged,
  size = 'small',
}: {
  contact: Pick<ContactSummary, 'id' | 'name' | 'status' | 'isolationPlace'>;
  onChanged: () => void;
  size?: 'small' | 'middle';
}) {
  const t = useT(workbenchMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [placeFor, setPlaceFor] = useState<Move | null>(null);
  const [blocked, setBlocked] = useState<ReleaseBlocker[] | null>(null);
  const [form] = Form.useForm<{ isolationPlace?: string }>();
  const [reasonForm] = Form.useForm<{ reason: string }>();
  if (!can(Permission.TracingControl)) return null;
  const moves = allowedMoves(contact.status);
  if (moves.length === 0) return null;

  const move = async (status: Move, isolationPlace?: string, override?: string) => {
    const body: ContactStatusInput = {
      status,
      ...(isolationPlace ? { isolationPlace } : {}),
      ...(override ? { override } : {}),
    };
    setBusy(true);
    try {
      await api.post(`/api/tracing/contacts/${contact.id}/status`, body);
      void message.success(t('contact.statusChanged', { status: CONTACT_STATUS_LABELS[status][lang] }));
      setPlaceFor(null);
      setBlocked(null);
      onChanged();
    } catch (error) {
      // Not yet by the edition's rule: say why, and let a supervisor release anyway with a reason.
      if (isApiError(error, 'RELEASE_BLOCKED')) {
        const details = (error as { details?: { blockers?: ReleaseBlocker[] } }).details;
        setBlocked(details?.blockers ?? []);
        return;
      }
      // The lifecycle's own refusal is said with the statuses in words (the line above); anything
      // else (scope, permission) in the catalogue's sentence.
      const detail = isApiError(error, 'CONTACT_WRONG_STATE')
        ? null
        : isApiError(error)
          ? errorMessage(error, lang)
          : String(error);
      modal.error({
        title: t('contact.refused'),
        content: (
          <div data-testid="contact-refused">
            <p>
              {t('contact.refusedMove', {
                from: CONTACT_STATUS_LABELS[contact.status][lang],
                to: CONTACT_STATUS_LABELS[status][lang],
              })}
            </p>
            {detail && <p>{detail}</p>}
          </div>
        ),
      });
      onChanged();
    } finally {
      setBusy(false);
    }
  };

  const start = (status: Move) => {
    if (status === 'central_isolation') {
      form.setFieldsValue({ isolationPlace: contact.isolationPlace ?? '' });
      setPlaceFor(status);
    } else if (status === 'released') {
      modal.confirm({
        title: t('contact.releaseConfirm', { name: contact.name }),
        onOk: () => move(status),
      });
    } else void move(status);
  };

  const [first, ...rest] = moves;
  const label = (m: Move) => CONTACT_ACTION_LABELS[m][lang];
  return (
    <>
      <Space.Compact size={size} data-testid="contact-actions">
        <Button loading={busy} onClick={() => start(first!)} data-testid={`contact-move-${first}`}>
          {label(first!)}
        </Button>
        {rest.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: rest.map((m) => ({
                key: m,
                label: <span data-testid={`contact-move-${m}`}>{label(m)}</span>,
                danger: m === 'released',
              })),
              onClick: ({ key }) => start(key as Move),
            }}
          >
            <Button
              icon={<DownOutlined />}
              disabled={busy}
              aria-label={t('contact.actions')}
              data-testid="contact-more"
            />
          </Dropdown>
        )}
      </Space.Compact>
      {blocked && (
        <Modal
          open
          title={t('contact.releaseBlocked', { name: contact.name })}
          okText={t('contact.releaseAnyway')}
          okButtonProps={{ danger: true }}
          onCancel={() => setBlocked(null)}
          onOk={() => reasonForm.submit()}
          confirmLoading={busy}
          destroyOnHidden
        >
          <ul data-testid="release-blockers">
            {blocked.map((b, i) => (
              <li key={i}>{releaseBlockerText(b, lang)}</li>
            ))}
          </ul>
          <Form
            form={reasonForm}
            layout="vertical"
            onFinish={(v) => void move('released', undefined, v.reason.trim())}
          >
            <Form.Item
              name="reason"
              label={t('contact.releaseReason')}
              rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}
            >
              <Input.TextArea rows={2} maxLength={200} data-testid="release-reason" />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {placeFor && (
        <Modal
          open
          title={`${label(placeFor)} · ${contact.name}`}
          onCancel={() => setPlaceFor(null)}
          onOk={() => form.submit()}
          confirmLoading={busy}
          destroyOnHidden
        >
          <Form
            form={form}
            layout="vertical"
            onFinish={(v: { isolationPlace?: string }) =>
              void move(placeFor, v.isolationPlace?.trim() || undefined)
            }
          >
            <Form.Item name="isolationPlace" label={t('contact.isolationPlace')} rules={[{ max: 200 }]}>
              <Input placeholder={t('contact.isolationPlacePlaceholder')} data-testid="isolation-place" />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
