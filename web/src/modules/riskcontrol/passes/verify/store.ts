/**
 * What the checkpoint phone keeps in localStorage to decide offline: the published keys, the
 * revocation list (with its "as of"), the checkpoints this officer may check at (code and policy),
 * the chosen one, and the checks decided offline waiting to be sent. Storage failures (private
 * mode, a full quota) leave the page working online only. What is an officer's own (their
 * checkpoints, their choice, their unsent checks) is kept per user: a phone passed on at the change
 * of shift sends each officer's checks under their own session.
 */
import type { CheckpointInfo, OfflineCheck, PublicKeys, Revocations } from '../api-types';

const PREFIX = 'cordon.verify.';

function read<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(PREFIX + key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Full or disabled: the next refresh tries again.
  }
}

export interface CachedKeys {
  keys: PublicKeys['keys'];
  fetchedAt: string;
}

/** The published keys and the revocation list (the same for everyone). */
export const verifyStore = {
  keys: () => read<CachedKeys>('keys'),
  setKeys: (keys: PublicKeys['keys']) => write('keys', { keys, fetchedAt: new Date().toISOString() }),
  revocations: () => read<Revocations>('revocations'),
  setRevocations: (r: Revocations) => write('revocations', r),
};

export type QueuedCheck = { checkpointId: string; check: OfflineCheck };

/** One officer's checkpoints, choice and queue of offline checks (oldest first). */
export function officerStore(userId: string) {
  const key = (name: string) => `${userId}.${name}`;
  return {
    checkpoints: () => read<CheckpointInfo[]>(key('checkpoints')),
    setCheckpoints: (list: CheckpointInfo[]) => write(key('checkpoints'), list),
    chosen: () => read<string>(key('checkpoint')),
    setChosen: (id: string) => write(key('checkpoint'), id),
    queue: () => read<QueuedCheck[]>(key('queue')) ?? [],
    setQueue: (q: QueuedCheck[]) => write(key('queue'), q),
  };
}
