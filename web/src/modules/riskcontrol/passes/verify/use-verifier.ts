/**
 * The verification page's engine: keeps the offline material fresh (keys, revocation list every few
 * minutes, my checkpoints), asks the server when it can and decides locally when it cannot
 * (navigator.onLine false, or the request fails on the network), queues the offline decisions and
 * sends them when the network is back.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../../../../app/api';
import type {
  Certificate,
  CheckpointInfo,
  Crossing,
  OfflineCheck,
  PublicKeys,
  Revocations,
  SyncResult,
  VerifyRequest,
  VerifyResult,
} from '../api-types';
import { decideOffline, importKeys, type KeyRing, newClientId, type OfflineDecision } from './offline';
import { officerStore, verifyStore } from './store';

const REFRESH_MS = 3 * 60_000;

export type Outcome =
  | { kind: 'online'; result: VerifyResult; scan: string }
  | { kind: 'offline'; decision: Extract<OfflineDecision, { kind: 'decided' }>; scan: string; at: string }
  | { kind: 'needs_network'; scan: string }
  | { kind: 'error'; error: ApiError; scan: string };

export interface CheckInput {
  checkpoint: CheckpointInfo;
  text: string;
  crossing: Crossing | undefined;
  certificates: Certificate[];
  driver: { name?: string; idNumber?: string };
}

const isNetwork = (e: unknown) => e instanceof ApiError && e.status === 0;

/** What was typed: a token (scan), an ID number, a plate, or something else (the server says). */
export function classify(text: string): Pick<VerifyRequest, 'scan' | 'plate' | 'idNumber'> {
  const s = text.trim();
  if (/^CD[PH]1\./.test(s)) return { scan: s };
  const compact = s.replace(/[\s·•-]/g, '').toUpperCase();
  if (/^\d{17}[\dX]$|^\d{15}$/.test(compact)) return { idNumber: compact };
  if (/^[\u4e00-\u9fa5][A-Z][A-Z0-9]{4,6}[\u4e00-\u9fa5]?$/.test(compact)) return { plate: compact };
  return { scan: s };
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function useVerifier(userId: string) {
  const mine = useMemo(() => officerStore(userId), [userId]);
  const online = useOnline();
  const [checkpoints, setCheckpoints] = useState<CheckpointInfo[] | null>(() => mine.checkpoints());
  const [checkpointsError, setCheckpointsError] = useState<ApiError | null>(null);
  const [revocations, setRevocations] = useState<Revocations | null>(() => verifyStore.revocations());
  const [keys, setKeys] = useState<PublicKeys['keys'] | null>(() => verifyStore.keys()?.keys ?? null);
  const [ring, setRing] = useState<KeyRing | null>(null);
  const [queue, setQueue] = useState(() => mine.queue());
  const [syncing, setSyncing] = useState(false);
  const [lastSync, setLastSync] = useState<SyncResult | null>(null);

  useEffect(() => {
    if (!keys) return;
    let live = true;
    void importKeys(keys).then((r) => live && setRing(r));
    return () => {
      live = false;
    };
  }, [keys]);

  const refresh = useCallback(async () => {
    if (!navigator.onLine) return;
    const [k, r, c] = await Promise.allSettled([
      api.get<PublicKeys>('/api/public/keys', undefined, { fresh: true }),
      api.get<Revocations>('/api/public/revocations', undefined, { fresh: true }),
      api.get<CheckpointInfo[]>('/api/risk/checkpoints/mine', undefined, { fresh: true }),
    ]);
    if (k.status === 'fulfilled') {
      verifyStore.setKeys(k.value.keys);
      setKeys(k.value.keys);
    }
    if (r.status === 'fulfilled') {
      verifyStore.setRevocations(r.value);
      setRevocations(r.value);
    }
    if (c.status === 'fulfilled') {
      mine.setCheckpoints(c.value);
      setCheckpoints(c.value);
      setCheckpointsError(null);
    } else if (c.reason instanceof ApiError && !isNetwork(c.reason)) {
      setCheckpointsError(c.reason);
    }
  }, [mine]);

  const sync = useCallback(async () => {
    const pending = mine.queue();
    if (pending.length === 0 || !navigator.onLine) return;
    setSyncing(true);
    try {
      const byCheckpoint = new Map<string, OfflineCheck[]>();
      for (const q of pending)
        byCheckpoint.set(q.checkpointId, [...(byCheckpoint.get(q.checkpointId) ?? []), q.check]);
      const total: SyncResult = { accepted: 0, duplicates: 0, rejected: [] };
      for (const [checkpointId, checks] of byCheckpoint) {
        try {
          const result = await api.post<SyncResult>(`/api/risk/checkpoints/${checkpointId}/checks`, {
            checks,
          });
          total.accepted += result.accepted;
          total.duplicates += result.duplicates;
          total.rejected.push(...result.rejected);
          // Sent and answered (accepted, known, or refused for good): off the queue.
          const sent = new Set(checks.map((c) => c.clientId));
          const left = mine.queue().filter((q) => !sent.has(q.check.clientId));
          mine.setQueue(left);
          setQueue(left);
        } catch (error) {
          if (isNetwork(error)) break; // the network went again: the rest waits
          // A refusal of the whole batch (the checkpoint was removed, no longer mine): keep them, say why.
          total.rejected.push(
            ...checks.map((c) => ({ clientId: c.clientId, reason: (error as Error).message })),
          );
        }
      }
      setLastSync(total);
    } finally {
      setSyncing(false);
    }
  }, [mine]);

  // Fresh material on opening, every few minutes, and when the network comes back (then sync).
  const refreshRef = useRef(refresh);
  const syncRef = useRef(sync);
  useEffect(() => {
    refreshRef.current = refresh;
    syncRef.current = sync;
  });
  useEffect(() => {
    void refreshRef.current();
    const timer = window.setInterval(() => {
      void refreshRef.current();
      void syncRef.current();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    if (online) void syncRef.current();
  }, [online]);

  const decideHere = useCallback(
    async (input: CheckInput): Promise<Outcome> => {
      const now = new Date();
      const decision = await decideOffline(input.text, {
        now,
        checkpoint: input.checkpoint,
        ring: ring ?? (new Map() as KeyRing),
        revoked: new Set(verifyStore.revocations()?.ids ?? []),
        ...(input.crossing ? { crossing: input.crossing } : {}),
        certificates: input.certificates,
        driver: input.driver,
      });
      if (decision.kind === 'needs_network') return { kind: 'needs_network', scan: input.text };
      const check: OfflineCheck = {
        clientId: newClientId(),
        at: now.toISOString(),
        subject: decision.subject,
        scan: input.text.trim(),
        verdict: decision.verdict,
        problems: decision.problems.map((p) => ({ code: p.code })),
      };
      const next = [...mine.queue(), { checkpointId: input.checkpoint.id, check }];
      mine.setQueue(next);
      setQueue(next);
      return { kind: 'offline', decision, scan: input.text, at: check.at };
    },
    [ring, mine],
  );

  const check = useCallback(
    async (input: CheckInput): Promise<Outcome> => {
      if (!navigator.onLine) return decideHere(input);
      const body: VerifyRequest = {
        ...classify(input.text),
        ...(input.crossing ? { crossing: input.crossing } : {}),
        certificates: input.certificates,
        clientId: newClientId(),
      };
      if (input.driver.name || input.driver.idNumber) body.driver = input.driver;
      try {
        const result = await api.post<VerifyResult>(
          `/api/risk/checkpoints/${input.checkpoint.id}/verify`,
          body,
        );
        return { kind: 'online', result, scan: input.text };
      } catch (error) {
        if (isNetwork(error)) return decideHere(input);
        return {
          kind: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, 'ERROR', String(error)),
          scan: input.text,
        };
      }
    },
    [decideHere],
  );

  return useMemo(
    () => ({
      store: mine,
      online,
      checkpoints,
      checkpointsError,
      revocations,
      keysReady: ring !== null && ring.size > 0,
      pending: queue.length,
      syncing,
      lastSync,
      check,
      sync,
      refresh,
    }),
    [
      mine,
      online,
      checkpoints,
      checkpointsError,
      revocations,
      ring,
      queue.length,
      syncing,
      lastSync,
      check,
      sync,
      refresh,
    ],
  );
}
