/**
 * Loads one GET endpoint for a component. The request's key is its URL: a new URL loads again
 * (the previous data stays visible meanwhile, so pages do not flash), `reload()` loads the same URL
 * again, and an answer that arrives after the URL changed is dropped.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, withQuery } from './api';

type Query = Parameters<typeof withQuery>[1];

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

interface Loaded<T> {
  key: string;
  data: T | undefined;
  error: ApiError | undefined;
}

/**
 * `version`: bump it to load again when something outside the component says the data changed
 * (a live event); it is part of the key, not of the URL.
 */
export function useApi<T>(path: string | null, query?: Query, version = 0): ApiState<T> {
  const url = path === null ? null : withQuery(path, query);
  const [round, setRound] = useState(0);
  const key = url === null ? '' : `${round}:${version}:${url}`;
  const [state, setState] = useState<Loaded<T>>({ key: '', data: undefined, error: undefined });

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    const fresh = !key.startsWith('0:0:');
    api.get<T>(url, undefined, { signal: controller.signal, fresh }).then(
      (data) => setState({ key, data, error: undefined }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError ? error : new ApiError(0, 'NETWORK', (error as Error).message);
        setState((previous) => ({ key, data: previous.data, error: apiError }));
      },
    );
    return () => controller.abort();
  }, [url, key]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: url === null ? undefined : state.data,
    error: current ? state.error : undefined,
    loading: url !== null && !current,
    reload,
  };
}
