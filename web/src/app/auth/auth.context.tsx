/**
 * Who is logged in. On start GET /api/auth/me restores the session (and the CSRF token) after a
 * reload; a 401 anywhere drops the user, and the router sends them to the login page.
 *
 * Without a network at start (a checkpoint phone reopened at a gate with no signal: the service
 * worker serves the app) the last session this browser saw is taken as it was, so that the pages
 * that work offline open; the server decides again once the network is back (`online`). What is
 * kept is the account and its permissions — no resident's data — and it goes on logout or a 401.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Permission } from '../../../../domain/access.js';
import { api, isApiError, setApiHooks, setCsrfToken } from '../api';
import type { Me, Session } from '../api-types';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

interface AuthState {
  status: AuthStatus;
  user: Me | null;
  /** Why the last session ended without a logout, for the login page to say so. */
  lostReason: 'expired' | null;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  /** Re-reads /api/auth/me, e.g. after the password was changed. */
  refresh: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

const KEPT = 'cordon.session';

function keep(session: Session | null): void {
  try {
    if (session) localStorage.setItem(KEPT, JSON.stringify(session));
    else localStorage.removeItem(KEPT);
  } catch {
    // Storage full or refused (private mode): the session is simply not kept for offline starts.
  }
}

function kept(): Session | null {
  try {
    const text = localStorage.getItem(KEPT);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<Me | null>(null);
  const [lostReason, setLostReason] = useState<'expired' | null>(null);

  const accept = useCallback((session: Session) => {
    keep(session);
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    setStatus('authenticated');
    setLostReason(null);
  }, []);

  const drop = useCallback((reason: 'expired' | null) => {
    keep(null);
    setCsrfToken(null);
    setUser(null);
    setStatus('anonymous');
    setLostReason(reason);
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.get<Session>('/api/auth/me'));
    } catch (error) {
      if (isApiError(error) && error.status === 401) drop(null);
      else throw error;
    }
  }, [accept, drop]);

  useEffect(() => {
    setApiHooks({
      onSessionLost: () => drop('expired'),
      onPasswordChangeRequired: () => setUser((u) => (u ? { ...u, mustChangePassword: true } : u)),
    });
    api.get<Session>('/api/auth/me').then(accept, (error: unknown) => {
      const last = kept();
      if (isApiError(error) && error.code === 'NETWORK' && last) {
        // Offline: the last session, until the server can be asked again.
        setCsrfToken(last.csrfToken);
        setUser(last.user);
        setStatus('authenticated');
        const recheck = () => {
          window.removeEventListener('online', recheck);
          api.get<Session>('/api/auth/me').then(accept, (e: unknown) => {
            if (isApiError(e) && e.status === 401) drop(null);
          });
        };
        window.addEventListener('online', recheck);
      } else drop(null);
    });
  }, [accept, drop]);

  const login = useCallback(
    async (username: string, password: string) => {
      const session = await api.post<Session>('/api/auth/login', { username, password });
      accept(session);
      return session.user;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      drop(null);
    }
  }, [drop]);

  // The server's list is authoritative (it is what the server enforces).
  const can = useCallback(
    (permission: Permission) => user?.permissions.includes(permission) ?? false,
    [user],
  );

  const value = useMemo(
    () => ({ status, user, lostReason, login, logout, refresh, can }),
    [status, user, lostReason, login, logout, refresh, can],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The logged-in user, for pages rendered inside the authenticated layout only. */
export function useMe(): Me {
  const { user } = useAuth();
  if (!user) throw new Error('useMe without a logged-in user');
  return user;
}
