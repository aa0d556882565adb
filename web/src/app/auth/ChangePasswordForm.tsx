/**
 * Current, new and confirm; the policy is checked as the user types and again by the server
 * (WRONG_PASSWORD, WEAK_PASSWORD are shown on the form).
 */
import { Alert, Button, Form, Input } from 'antd';
import { type ReactNode, useState } from 'react';
import { api, ApiError } from '../api';
import { errorMessage } from '../i18n/errors';
import { useLang, useT } from '../i18n/i18n';
import { useMe } from './auth.context';
import { authMessages } from './auth.messages';
import { newPasswordProblems, PasswordPolicy } from './PasswordPolicy';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordForm({ onDone, extra }: { onDone: () => void; extra?: ReactNode }) {
  const t = useT(authMessages);
  const { lang } = useLang();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const currentPassword = Form.useWatch('currentPassword', form) ?? '';
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      form.resetFields();
      onDone();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      else throw caught;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
      {error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(error, lang)}
          style={{ marginBottom: 16 }}
          data-testid="password-error"
        />
      )}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" id="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[
          { required: true, message: t('password.newRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && newPasswordProblems(value, me.username, currentPassword).length > 0) {
                throw new Error(t('password.policyUnmet'));
              }
            },
          },
        ]}
        extra={<PasswordPolicy password={newPassword} username={me.username} current={currentPassword} />}
      >
        <Input.Password autoComplete="new-password" id="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" id="password-confirm" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
        {extra}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
          {t('password.submit')}
        </Button>
      </div>
    </Form>
  );
}
