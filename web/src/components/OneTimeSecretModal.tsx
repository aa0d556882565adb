/**
 * Shows a temporary password exactly once, with a copy button; closing it is the acknowledgement.
 */
import { CopyOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { useT } from '../app/i18n/i18n';

export interface OneTimeSecret {
  title: string;
  intro: string;
  label: string;
  secret: string;
  note: string;
  ack: string;
}

/** The Clipboard API needs a secure context (https or localhost); plain http falls back. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  // execCommand is deprecated but is the only way to copy outside a secure context.
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

export function OneTimeSecretModal({ value, onClose }: { value: OneTimeSecret; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await copyText(value.secret);
      void message.success(t('action.copied'));
    } catch {
      void message.warning(t('action.copyFailed'));
    }
  };
  return (
    <Modal
      open
      title={
        <span>
          <KeyOutlined style={{ color: '#1a56b8', marginRight: 8 }} />
          {value.title}
        </span>
      }
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-ack">
          {value.ack}
        </Button>
      }
    >
      <div data-testid="one-time-secret">
        <Typography.Paragraph>{value.intro}</Typography.Paragraph>
        <Typography.Text type="secondary">{value.label}</Typography.Text>
        <Space.Compact style={{ width: '100%', margin: '4px 0 16px' }}>
          <Input
            readOnly
            value={value.secret}
            data-testid="secret-value"
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 16 }}
            onFocus={(event) => event.currentTarget.select()}
          />
          <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="secret-copy">
            {t('action.copy')}
          </Button>
        </Space.Compact>
        <Alert type="warning" showIcon title={value.note} />
      </div>
    </Modal>
  );
}
