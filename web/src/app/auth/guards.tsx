/**
 * Route guards: the shell needs a session (and a changed temporary password); the login page is
 * for anonymous visitors only.
 */
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useT } from '../i18n/i18n';
import { useAuth } from './auth.context';
import { ForcedPasswordChangePage } from './forced-password.page';

function FullPageSpin() {
  const t = useT();
  return (
    <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" description={t('state.loading')} />
    </div>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, user } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'anonymous' || !user) {
    const next = `${location.pathname}${location.search}`;
    const query = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    return <Navigate to={`/login${query}`} replace />;
  }
  if (user.mustChangePassword) return <ForcedPasswordChangePage />;
  return children;
}

/** Only same-site paths are followed after login (no open redirect through ?next=). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function PublicOnly({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const [params] = useSearchParams();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'authenticated') return <Navigate to={safeNext(params.get('next'))} replace />;
  return children;
}
