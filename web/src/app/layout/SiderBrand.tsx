import { Link } from 'react-router';
import { useT } from '../i18n/i18n';
import { Logo } from './Logo';

export function SiderBrand({ collapsed }: { collapsed: boolean }) {
  const t = useT();
  return (
    <Link to="/" className="sider-brand" title={t('app.fullTitle')}>
      <Logo size={32} />
      {!collapsed && (
        <span className="sider-brand-text">
          <strong>Cordon</strong>
          <small>{t('app.title')}</small>
        </span>
      )}
    </Link>
  );
}
