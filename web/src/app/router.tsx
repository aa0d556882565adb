/**
 * Routes: /login and the public resident page /r/:token outside the shell; everything else inside it, one route per registered module at
 * /<path>/:code? (code = the selected jurisdiction), guarded by the module's permission.
 */
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { useAuth } from './auth/auth.context';
import { LoginPage } from './auth/login.page';
import { PublicOnly, RequireAuth } from './auth/guards';
import type { AppModule } from './module';
import { MODULES } from './modules';
import { AppLayout } from './layout/AppLayout';
import { ForbiddenState, NotFoundState, PageLoading } from './states';

// The resident's own page (their sampling code and results) is public: a QR link opens it without login.
const ResidentPage = lazy(() => import('../modules/testing/resident/resident.page'));

function ModulePage({ module }: { module: AppModule }) {
  const { can } = useAuth();
  if (!can(module.permission)) return <ForbiddenState />;
  const Page = module.page;
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}

/** `/` opens the first module the user may use. */
function Home() {
  const { can } = useAuth();
  const first = MODULES.find((m) => can(m.permission));
  return first ? <Navigate to={`/${first.path}`} replace /> : <ForbiddenState />;
}

const routes: RouteObject[] = [
  {
    path: '/login',
    element: (
      <PublicOnly>
        <LoginPage />
      </PublicOnly>
    ),
  },
  {
    path: '/r/:token',
    element: (
      <Suspense fallback={<PageLoading />}>
        <ResidentPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Home /> },
      ...MODULES.map((module) => ({
        path: `${module.path}/:code?`,
        element: <ModulePage module={module} />,
      })),
      { path: '*', element: <NotFoundState /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
