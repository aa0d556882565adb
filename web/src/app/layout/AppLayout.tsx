/**
 * The shell around every page: a navy sider with the product name and the navigation, a header
 * with the jurisdiction switcher, language and user menu, a demo banner for demo accounts.
 */
import { Layout } from 'antd';
import { useState } from 'react';
import { Outlet } from 'react-router';
import { useMe } from '../auth/auth.context';
import { useLang, useT } from '../i18n/i18n';
import { useCurrentModule } from '../selection';
import { useDocumentTitle } from '../use-document-title';
import { DemoBanner } from './DemoBanner';
import { HeaderBar } from './HeaderBar';
import { SiderBrand } from './SiderBrand';
import { SiderNav } from './SiderNav';
import './layout.css';

export function AppLayout() {
  const [collapsed, setCollapsed] = useState(false);
  // On a phone (the sampler's page) the menu folds away entirely and opens over the page.
  const [narrow, setNarrow] = useState(false);
  const me = useMe();
  const t = useT();
  const { lang } = useLang();
  const module = useCurrentModule();

  useDocumentTitle(module?.label[lang]);

  return (
    <Layout className="app-shell">
      <Layout.Sider
        className={narrow ? 'app-sider app-sider-narrow' : 'app-sider'}
        width={224}
        collapsedWidth={narrow ? 0 : 64}
        collapsed={collapsed}
        breakpoint="md"
        onBreakpoint={(broken) => {
          setNarrow(broken);
          setCollapsed(broken);
        }}
        trigger={null}
        collapsible
      >
        <SiderBrand collapsed={collapsed} />
        <SiderNav />
      </Layout.Sider>
      <Layout>
        <HeaderBar collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />
        {me.isDemo && <DemoBanner />}
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
        <Layout.Footer className="app-footer">{t('app.fullTitle')}</Layout.Footer>
      </Layout>
    </Layout>
  );
}
