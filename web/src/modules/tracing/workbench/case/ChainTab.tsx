/**
 * 传播链: the case's transmission chain (GET /chains?caseId=) — the cases linked to it by
 * infection or a shared place, the contacts they named — drawn by ChainView. A case opens its
 * workbench, a contact its details.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorState } from '../../../../app/states';
import type { ChainNode } from '../../api-types';
import { ChainView } from '../components/ChainView';
import { ContactDrawer } from '../components/ContactDrawer';
import { useChainGraph } from '../components/use-chain-graph';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Node ids may be bare record ids or prefixed ("case:<id>"): the record id inside. */
export function recordIdOf(node: Pick<ChainNode, 'id'>): string | null {
  return UUID.exec(node.id)?.[0] ?? null;
}

export function ChainTab({ caseId, version }: { caseId: string; version: number }) {
  const navigate = useNavigate();
  const [contact, setContact] = useState<string | null>(null);
  const graph = useChainGraph({ caseId }, version);
  const focus = graph.data?.nodes.find((n) => n.kind === 'case' && recordIdOf(n) === caseId);

  if (graph.error && !graph.data) return <ErrorState error={graph.error} onRetry={graph.reload} />;
  return (
    <>
      <ChainView
        graph={graph.data}
        focusId={focus?.id}
        height={460}
        onNodeClick={(node) => {
          const id = recordIdOf(node);
          if (!id) return;
          if (node.kind === 'case' && id !== caseId) void navigate(`/tracing/cases/${id}?tab=chain`);
          if (node.kind === 'contact') setContact(id);
        }}
      />
      {contact && <ContactDrawer contactId={contact} onClose={() => setContact(null)} />}
    </>
  );
}
