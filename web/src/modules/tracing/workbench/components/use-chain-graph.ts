/**
 * The chain graph as the pages use it: loaded in its compact wire form (domain/chain-graph.ts) and
 * expanded once per load. A graph that cannot be expanded (an edge naming no node: a server bug)
 * is an error state with a retry, not a blank page.
 */
import { useMemo } from 'react';
import {
  type ChainGraph,
  type ChainGraphWire,
  expandChainGraph,
} from '../../../../../../domain/chain-graph.js';
import { ApiError } from '../../../../app/api';
import { type ApiState, useApi } from '../../../../app/use-api';

export function useChainGraph(
  query: { caseId: string } | { clusterId: string; limit?: number },
  version: number,
): ApiState<ChainGraph> {
  const state = useApi<ChainGraphWire>('/api/tracing/chains', query, version);
  const expanded = useMemo(() => {
    if (!state.data) return { data: undefined, error: undefined };
    try {
      return { data: expandChainGraph(state.data), error: undefined };
    } catch (e) {
      return {
        data: undefined,
        error: new ApiError(500, 'INTERNAL', e instanceof Error ? e.message : String(e)),
      };
    }
  }, [state.data]);
  return { ...state, data: expanded.data, error: state.error ?? expanded.error };
}
