/**
 * The selected jurisdiction is part of the URL (/<module>/<code>) so every page is linkable. With
 * no code in the URL the user's home jurisdiction is selected.
 */
import { useCallback } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { parseJurisdictionCode } from '../../../domain/jurisdiction.js';
import { useMe } from './auth/auth.context';
import { MODULES } from './modules';

export interface Selection {
  /** Normalised 12-digit (or grid/building) code; null when the URL holds something else. */
  code: string | null;
  /** What the URL holds, for the "invalid code" state. */
  raw: string;
  isHome: boolean;
}

export function useSelection(): Selection {
  const { code: param } = useParams();
  const me = useMe();
  const raw = param ?? me.jurisdiction.code;
  const code = parseJurisdictionCode(raw)?.code ?? null;
  return { code, raw, isHome: code === me.jurisdiction.code };
}

/** The module whose page is showing, from the URL. */
export function useCurrentModule() {
  const { pathname } = useLocation();
  return MODULES.find((m) => pathname === `/${m.path}` || pathname.startsWith(`/${m.path}/`));
}

export function modulePath(path: string, code?: string): string {
  return code ? `/${path}/${code}` : `/${path}`;
}

/** Opens a jurisdiction in the current module (or in a given one), keeping the URL the truth. */
export function useSelect(): (code: string, modulePathOverride?: string) => void {
  const navigate = useNavigate();
  const current = useCurrentModule();
  return useCallback(
    (code: string, override?: string) => {
      void navigate(modulePath(override ?? current?.path ?? 'overview', code));
    },
    [navigate, current],
  );
}
