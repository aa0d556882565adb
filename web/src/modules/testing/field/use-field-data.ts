/**
 * The lists every front-line page picks from, and the sampler's choices kept on the device: a phone
 * that reloads (or a sampler who switches apps) comes back to the same round, site and open tube.
 */
import { useCallback, useState } from 'react';
import { useApi } from '../../../app/use-api';
import type { Lab, RoundSummary, Site } from './field-types';

export function useActiveRounds() {
  return useApi<{ items: RoundSummary[] }>('/api/testing/rounds', { status: 'active', limit: 100 });
}

export function useSites(jurisdiction?: string | null, version = 0) {
  return useApi<{ items: Site[] }>('/api/testing/sites', { jurisdiction, limit: 500 }, version);
}

export function useLabs(version = 0) {
  return useApi<{ items: Lab[] }>('/api/testing/labs', undefined, version);
}

/** A value in localStorage under `cordon.<key>`, JSON-encoded; storage failures are ignored. */
export function useStored<T>(key: string, initial: T): [T, (next: T) => void] {
  const name = `cordon.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const text = localStorage.getItem(name);
      return text === null ? initial : (JSON.parse(text) as T);
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        localStorage.setItem(name, JSON.stringify(next));
      } catch {
        // Private mode: the choice lasts for this page only.
      }
    },
    [name],
  );
  return [value, set];
}
