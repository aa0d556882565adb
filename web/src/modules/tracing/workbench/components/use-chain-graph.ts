/**
 * The chain graph as the pages use it: loaded in its compact wire form (domain/chain-graph.ts) and
 * expanded once per load.
 */
import { useMemo } from 'react';
import {
  type ChainGraph,
  type ChainGraphWire,
  expandChainGraph,
} from '../../../../../../domain/chain-graph.js';
import { type ApiState, useApi } from '../../../../app/use-api';

export function useChainGraph(
  query: { caseId: string } | { clusterId: string; limit?: number },
  version: number,
): ApiState<ChainGraph> {
  const state = useApi<ChainGraphWire>('/api/tracing/chains', query, version);
  const data = useMemo(() => (state.data ? expandChainGraph(state.data) : undefined), [state.data]);
  return { ...state, data };
}
