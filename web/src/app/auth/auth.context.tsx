/**
 * Who is logged in. On start GET /api/auth/me restores the session (and the CSRF token) after a
 * reload; a 401 anywhere drops the user, and the router sends them to the login page.
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

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<Me | null>(null);
  const [lostReason, setLostReason] = useState<'expired' | null>(null);

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    setStatus('authenticated');
    setLostReason(null);
  }, []);

  const drop = useCallback((reason: 'expired' | null) => {
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
    api.get<Session>('/api/auth/me').then(accept, () => drop(null));
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
