/**
 * The lazily loaded jurisdiction tree behind the header switcher, the pickers and the tree of the
 * jurisdictions page: the user's home as the root, children fetched on expand (?parent=), lists
 * reloaded when a live `jurisdiction.changed` event touches them.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../../app/api';
import type { Jurisdiction, JurisdictionChanged, Page } from '../../app/api-types';

/** Children fetched per parent; the server allows up to 500 per page. */
export const CHILD_PAGE = 500;

export interface ChildList {
  codes: string[];
  total: number;
}

export interface TreeStore {
  roots: string[] | undefined;
  nodes: Record<string, Jurisdiction>;
  children: Record<string, ChildList>;
}

export interface JurisdictionTree extends TreeStore {
  error: ApiError | undefined;
  /** Fetches a node's children (again, with force). */
  loadChildren: (code: string, force?: boolean) => Promise<void>;
  /** Reloads the lists a live event may have changed. */
  applyChange: (event: JurisdictionChanged) => void;
  /** Adds nodes learnt elsewhere (a detail page, a search) so their names are known. */
  remember: (items: Jurisdiction[]) => void;
}

function merge(nodes: Record<string, Jurisdiction>, items: Jurisdiction[]): Record<string, Jurisdiction> {
  const next = { ...nodes };
  for (const item of items) next[item.code] = { ...next[item.code], ...item };
  return next;
}

export function useJurisdictionTree(): JurisdictionTree {
  const [store, setStore] = useState<TreeStore>({ roots: undefined, nodes: {}, children: {} });
  const [error, setError] = useState<ApiError>();
  // Loads in flight, so expanding twice does not fetch twice.
  const pending = useRef(new Map<string, Promise<void>>());
  const latest = useRef(store);
  useEffect(() => {
    latest.current = store;
  });

  const loadChildren = useCallback(async (code: string, force = false) => {
    if (!force && latest.current.children[code]) return;
    const running = pending.current.get(code);
    if (running && !force) return running;
    const work = api
      .get<Page<Jurisdiction>>('/api/jurisdictions', { parent: code, limit: CHILD_PAGE })
      .then((page) => {
        setStore((s) => {
          const nodes = merge(s.nodes, page.items);
          const parent = nodes[code];
          if (parent) nodes[code] = { ...parent, childCount: page.total };
          const children = {
            ...s.children,
            [code]: { codes: page.items.map((j) => j.code), total: page.total },
          };
          return { ...s, nodes, children };
        });
      })
      .finally(() => pending.current.delete(code));
    pending.current.set(code, work);
    return work;
  }, []);

  useEffect(() => {
    let live = true;
    api.get<Page<Jurisdiction>>('/api/jurisdictions').then(
      (page) => {
        if (!live) return;
        setStore((s) => ({ ...s, roots: page.items.map((j) => j.code), nodes: merge(s.nodes, page.items) }));
        // The home is shown open: its children are what everyone looks for first.
        for (const root of page.items) void loadChildren(root.code).catch(() => undefined);
      },
      (caught: unknown) => {
        if (live && caught instanceof ApiError) setError(caught);
      },
    );
    return () => {
      live = false;
    };
  }, [loadChildren]);

  const applyChange = useCallback(
    (event: JurisdictionChanged) => {
      const { children, nodes } = latest.current;
      const parents = new Set<string>();
      if (event.parentCode) parents.add(event.parentCode);
      const known = nodes[event.code]?.parentCode;
      if (known) parents.add(known);
      if (event.change === 'moved') {
        // The new grid is not in the event: reload every loaded grid list of the same village.
        const village = event.code.slice(0, 12);
        for (const code of Object.keys(children)) if (code.startsWith(`${village}G`)) parents.add(code);
      }
      for (const parent of parents) {
        if (children[parent]) void loadChildren(parent, true).catch(() => undefined);
      }
    },
    [loadChildren],
  );

  const remember = useCallback((items: Jurisdiction[]) => {
    setStore((s) => ({ ...s, nodes: merge(s.nodes, items) }));
  }, []);

  return useMemo(
    () => ({ ...store, error, loadChildren, applyChange, remember }),
    [store, error, loadChildren, applyChange, remember],
  );
}
