import { App } from 'antd';
import { useCallback } from 'react';
import { ApiError } from './api';
import { errorMessage } from './i18n/errors';
import { useLang } from './i18n/i18n';

/** Shows a failed action's error as a message, in the user's language. */
export function useNotifyError(): (error: unknown) => void {
  const { message } = App.useApp();
  const { lang } = useLang();
  return useCallback(
    (error: unknown) => {
      const text = error instanceof ApiError ? errorMessage(error, lang) : String(error);
      void message.error({ content: text, key: 'api-error', duration: 6 });
    },
    [message, lang],
  );
}
