/**
 * Providers, outermost first: language → antd (locale, theme, message/modal context) → session →
 * live events → router.
 */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { RouterProvider } from 'react-router/dom';
import { AuthProvider } from './auth/auth.context';
import { I18nProvider, useLang } from './i18n/i18n';
import { LiveProvider } from './live/live.context';
import { router } from './router';
import { theme } from './theme';

function Localized() {
  const { lang } = useLang();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <AuthProvider>
          <LiveProvider>
            <RouterProvider router={router} />
          </LiveProvider>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized />
    </I18nProvider>
  );
}
