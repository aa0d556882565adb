/**
 * Shown instead of the whole app while the user still has a temporary password: the server refuses
 * everything else (403 PASSWORD_CHANGE_REQUIRED) until it is changed.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { parens, useLang, useT } from '../i18n/i18n';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { useDocumentTitle } from '../use-document-title';
import { useAuth, useMe } from './auth.context';
import { authMessages } from './auth.messages';
import { ChangePasswordForm } from './ChangePasswordForm';
import './login.css';

export function ForcedPasswordChangePage() {
  const t = useT(authMessages);
  const { message } = App.useApp();
  const { refresh, logout } = useAuth();
  const me = useMe();
  const { lang } = useLang();
  useDocumentTitle(t('password.forcedTitle'));
  return (
    <div className="login-screen forced-password" data-testid="forced-password">
      <div className="login-lang">
        <LanguageSwitch dark />
      </div>
      <section className="login-panel" style={{ gridColumn: '1 / -1' }}>
        <div className="login-card">
          <Typography.Title level={3}>
            <SafetyCertificateOutlined style={{ color: '#1a56b8', marginRight: 8 }} />
            {t('password.forcedTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {me.displayName}
            {parens(me.username, lang)} — {t('password.forcedIntro')}
          </Typography.Paragraph>
          <ChangePasswordForm
            onDone={() => {
              void message.success(t('password.changed'));
              void refresh();
            }}
            extra={<Button onClick={() => void logout()}>{t('password.logoutInstead')}</Button>}
          />
        </div>
      </section>
    </div>
  );
}
