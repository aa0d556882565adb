/**
 * Whole-page states: 403, 404, out of scope, a failed load, loading. Every page uses these rather
 * than its own wording, so the same situation always reads the same.
 */
import { Button, Result, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import type { ApiError } from './api';
import { errorMessage } from './i18n/errors';
import { useLang, useT } from './i18n/i18n';

function HomeButton() {
  const t = useT();
  return (
    <Link to="/">
      <Button type="primary">{t('action.backHome')}</Button>
    </Link>
  );
}

export function ForbiddenState({ detail }: { detail?: string }) {
  const t = useT();
  return (
    <div data-testid="state-forbidden">
      <Result
        status="403"
        title={t('state.forbiddenTitle')}
        subTitle={detail ?? t('state.forbidden')}
        extra={<HomeButton />}
      />
    </div>
  );
}

export function NotFoundState({ detail }: { detail?: string }) {
  const t = useT();
  return (
    <div data-testid="state-not-found">
      <Result
        status="404"
        title={t('state.notFoundTitle')}
        subTitle={detail ?? t('state.notFound')}
        extra={<HomeButton />}
      />
    </div>
  );
}

export function OutOfScopeState({ target }: { target: string }) {
  const t = useT();
  return (
    <div data-testid="state-out-of-scope">
      <Result
        status="403"
        title={t('state.outOfScopeTitle')}
        subTitle={t('state.outOfScope', { target })}
        extra={<HomeButton />}
      />
    </div>
  );
}

export function BadCodeState({ code }: { code: string }) {
  const t = useT();
  return (
    <div data-testid="state-bad-code">
      <Result
        status="404"
        title={t('state.badCodeTitle')}
        subTitle={t('state.badCode', { code })}
        extra={<HomeButton />}
      />
    </div>
  );
}

/** The right state for an API error: out of scope, forbidden, not found, or a generic failure. */
export function ErrorState({
  error,
  target,
  onRetry,
}: {
  error: ApiError;
  target?: string;
  onRetry?: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  if (error.code === 'OUT_OF_SCOPE') return <OutOfScopeState target={target ?? ''} />;
  if (error.code === 'FORBIDDEN') return <ForbiddenState detail={errorMessage(error, lang)} />;
  if (error.code === 'NOT_FOUND') return <NotFoundState detail={errorMessage(error, lang)} />;
  return (
    <div data-testid="state-error">
      <Result
        status="error"
        title={t('state.errorTitle')}
        subTitle={
          <>
            {errorMessage(error, lang)}
            {error.requestId && (
              <Typography.Paragraph type="secondary" copyable={{ text: error.requestId }}>
                {t('state.requestId')}: {error.requestId}
              </Typography.Paragraph>
            )}
          </>
        }
        extra={onRetry && <Button onClick={onRetry}>{t('action.retry')}</Button>}
      />
    </div>
  );
}

export function PageLoading() {
  return (
    <div style={{ padding: 24 }} aria-busy="true">
      <Skeleton active paragraph={{ rows: 8 }} />
    </div>
  );
}
