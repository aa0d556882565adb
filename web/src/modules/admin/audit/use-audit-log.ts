/**
 * The audit log with keyset paging: the first page for the current filters, then "load more"
 * appends the page before the last id (the server's `next`, sent back as `before`).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, withQuery } from '../../../app/api';
import type { AuditEntry, AuditPage } from '../../../app/api-types';

export const AUDIT_PAGE = 50;

export type AuditQuery = Record<string, string | undefined>;

interface State {
  key: string;
  items: AuditEntry[];
  next: number | null;
  error: ApiError | undefined;
  more: boolean;
}

export function useAuditLog(query: AuditQuery) {
  const key = withQuery('/api/audit', { ...query, limit: AUDIT_PAGE });
  const [round, setRound] = useState(0);
  const [state, setState] = useState<State>({
    key: '',
    items: [],
    next: null,
    error: undefined,
    more: false,
  });
  const roundKey = `${round}:${key}`;

  useEffect(() => {
    const controller = new AbortController();
    api.get<AuditPage>(key, undefined, { signal: controller.signal }).then(
      (page) =>
        setState({ key: roundKey, items: page.items, next: page.next, error: undefined, more: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'NETWORK', String(error));
        setState({ key: roundKey, items: [], next: null, error: apiError, more: false });
      },
    );
    return () => controller.abort();
  }, [key, roundKey]);

  const loadMore = useCallback(async () => {
    if (state.next === null || state.key !== roundKey) return;
    setState((s) => ({ ...s, more: true }));
    try {
      // `key` always has a query string (limit is always sent).
      const page = await api.get<AuditPage>(`${key}&before=${state.next}`);
      setState((s) =>
        s.key === roundKey ? { ...s, items: [...s.items, ...page.items], next: page.next, more: false } : s,
      );
    } catch (error) {
      setState((s) => ({ ...s, more: false }));
      throw error;
    }
  }, [key, roundKey, state.key, state.next]);

  const current = state.key === roundKey;
  return {
    items: state.items,
    next: current ? state.next : null,
    error: current ? state.error : undefined,
    loading: !current,
    loadingMore: state.more,
    loadMore,
    reload: useCallback(() => setRound((n) => n + 1), []),
  };
}
