/**
 * 查看完整信息: asks why (required, audited by the server with the reveal), then hands the clear
 * values to the page, which shows them for a short while.
 */
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../app/api';
import { useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import type { Revealed } from '../api-types';
import { peopleMessages } from './people.messages';

const QUICK_REASONS = [
  'reveal.reason.tracing',
  'reveal.reason.sampling',
  'reveal.reason.transfer',
  'reveal.reason.medical',
  'reveal.reason.supply',
  'reveal.reason.verify',
] as const;

export function RevealModal({
  personId,
  name,
  onClose,
  onRevealed,
}: {
  personId: string;
  name: string;
  onClose: () => void;
  onRevealed: (values: Revealed) => void;
}) {
  const t = useT(peopleMessages);
  const notifyError = useNotifyError();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      onRevealed(
        await api.post<Revealed>(`/api/population/people/${personId}/reveal`, { reason: reason.trim() }),
      );
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={
        <span>
          <EyeOutlined style={{ color: '#d4380d', marginRight: 8 }} />
          {t('reveal.title', { name })}
        </span>
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reveal.ok')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'reveal-confirm' }}
    >
      <Alert type="warning" showIcon title={t('reveal.intro')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="reveal-form"
      >
        <Form.Item
          name="reason"
          label={t('reveal.reason')}
          rules={[
            { required: true, whitespace: true, message: t('reveal.reasonRequired') },
            { min: 2, message: t('reveal.reasonRequired') },
            { max: 200 },
          ]}
        >
          <Input.TextArea
            id="reveal-reason"
            autoFocus
            rows={3}
            maxLength={200}
            showCount
            placeholder={t('reveal.reasonPlaceholder')}
          />
        </Form.Item>
        <Space size={[4, 8]} wrap>
          <Typography.Text type="secondary">{t('reveal.quick')}</Typography.Text>
          {QUICK_REASONS.map((key) => (
            <Tag.CheckableTag
              key={key}
              checked={false}
              onChange={() => form.setFieldsValue({ reason: t(key) })}
              style={{ border: '1px solid #d9d9d9' }}
            >
              {t(key)}
            </Tag.CheckableTag>
          ))}
        </Space>
      </Form>
    </Modal>
  );
}
