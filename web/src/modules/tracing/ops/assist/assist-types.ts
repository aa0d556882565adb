/**
 * Shapes of the assist routes that web/src/modules/tracing/api-types.ts does not spell yet: the
 * peers, the status change and its result. They mirror server/modules/tracing/assist.schema.ts;
 * move them to api-types.ts when the contract takes them in.
 */
import type { CaseClassification } from '../../../../../../domain/tracing.js';
import type { AssistNotice, AssistStatus, ContactAdded, Ref } from '../../api-types';

/** Another Cordon instance allowed to deliver notices to us (POST /api/assist/inbox). */
export interface AssistPeer {
  id: string;
  name: string;
  /** The region it speaks for (a division code or a province's name). */
  region: string;
  /** The jurisdiction of ours that receives what it delivers. */
  deliverTo: Ref;
  active: boolean;
  createdAt: string;
}

export interface AssistPeerInput {
  name: string;
  region: string;
  /** A jurisdiction code in my subtree. */
  deliverTo: string;
}

/** POST /assist-peers: the bearer token the peer presents, shown this once. */
export interface AssistPeerCreated {
  peer: AssistPeer;
  token: string;
}

export interface AssistStatusInput {
  status: AssistStatus;
  /** Their answer (outgoing) or ours (incoming): required when moving to `replied`. */
  reply?: string;
}

/** What accepting an incoming `case` notice hands back for POST /cases (nothing is created). */
export interface CaseDraft {
  assistNoticeId: string;
  personId: string | null;
  name: string;
  idMasked: string | null;
  phoneMasked: string | null;
  address: string | null;
  classification: CaseClassification | null;
  onsetDate: string | null;
  sampledDate: string | null;
  source: 'assist';
}

export interface AssistStatusResult {
  notice: AssistNotice;
  /** Accepting an incoming close/secondary notice makes (or finds) the contact. */
  contact: { id: string; matched: ContactAdded['matched'] } | null;
  caseDraft: CaseDraft | null;
}
