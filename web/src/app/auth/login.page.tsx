/**
 * The login page: product and city, the form, an error per server code (a lockout says until when)
 * and, in demo mode, the demo accounts.
 */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import type { SystemInfo } from '../api-types';
import { errorMessage } from '../i18n/errors';
import { useLang, useT } from '../i18n/i18n';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { Logo } from '../layout/Logo';
import { useApi } from '../use-api';
import { useDocumentTitle } from '../use-document-title';
import { useAuth } from './auth.context';
import { authMessages } from './auth.messages';
import { DemoAccounts } from './DemoAccounts';
import { safeNext } from './guards';
import './login.css';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const t = useT(authMessages);
  const { lang } = useLang();
  const { login, lostReason } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: info } = useApi<SystemInfo>('/api/system/info');
  const [form] = Form.useForm<Credentials>();
  const [error, setError] = useState<ApiError | null>(null);
  // Counts failed attempts, so the same error twice still reads as a new answer (and tests can tell).
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('login.title'));

  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', String(caught)));
      setAttempt((n) => n + 1);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  const city = info?.city.name ?? '';
  return (
    <div className="login-screen">
      <div className="login-lang">
        <LanguageSwitch dark />
      </div>
      <section className="login-brand">
        <Logo size={56} />
        <h1>
          Cordon <span>{t('app.title')}</span>
        </h1>
        {city && <p className="login-city">{t('login.subtitle', { city })}</p>}
        <p className="login-tagline">{t('login.tagline')}</p>
        <ul>
          <li>{t('login.feature1')}</li>
          <li>{t('login.feature2')}</li>
          <li>{t('login.feature3')}</li>
        </ul>
      </section>
      <section className="login-panel">
        <div className="login-card">
          <Typography.Title level={3}>{t('login.title')}</Typography.Title>
          {lostReason === 'expired' && !error && (
            <Alert type="info" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(error, lang)}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
              data-code={error.code}
              data-attempt={attempt}
              key={attempt}
            />
          )}
          <Form<Credentials>
            form={form}
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={(values) => void submit(values)}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login-username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          {info?.demo && info.demoAccounts.length > 0 && (
            <DemoAccounts
              info={info}
              onPick={(account) => {
                setError(null);
                form.setFieldsValue({ username: account.username, password: info.demoPassword ?? '' });
              }}
            />
          )}
          {info && (
            <Typography.Text type="secondary" className="login-version">
              {t('login.version', { version: info.version })}
            </Typography.Text>
          )}
        </div>
      </section>
    </div>
  );
}
