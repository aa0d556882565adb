/**
 * The JSON shapes of /api/tracing (case investigation and contact tracing), written once: the web
 * pages import them, and the server's TypeBox schemas (server/modules/tracing/*.schema.ts) mirror
 * them field for field. Identifiers are always masked here; times are ISO strings, dates YYYY-MM-DD.
 */
import type {
  CallOutcome,
  CaseClassification,
  CaseSource,
  ClockName,
  ContactDegree,
  ContactStatus,
  ExposureType,
  FoundIn,
  ReleaseBlocker,
  TracingRules,
} from '../../../../domain/tracing.js';

export type { ReleaseBlocker };

export interface Ref {
  code: string;
  name: string;
}
export interface UserRef {
  id: string;
  name: string;
}
export interface PagedList<T> {
  items: T[];
  total: number;
}

// ---- Cases (cases.schema.ts) -----------------------------------------------------------------

export interface Clock {
  name: ClockName;
  due: string;
  doneAt: string | null;
  state: 'done' | 'late' | 'pending' | 'overdue';
}

export interface ContactCounts {
  close: number;
  secondary: number;
  /** Close and secondary contacts in central isolation or home quarantine. */
  controlled: number;
}

export interface CaseSummary {
  id: string;
  number: string;
  personId: string | null;
  name: string;
  idMasked: string | null;
  classification: CaseClassification;
  foundIn: FoundIn;
  /** foundIn ≠ community: found inside isolation or a sealed/controlled zone. */
  underControl: boolean;
  source: CaseSource;
  reportedAt: string;
  onsetDate: string | null;
  sampledDate: string;
  lineage: string | null;
  /** The village (or the deepest known place) the case belongs to. */
  place: Ref;
  assignee: UserRef | null;
  team: { id: string; name: string } | null;
  clocks: Clock[];
  /** Any clock overdue. */
  overdue: boolean;
  contacts: ContactCounts;
  clusterId: string | null;
  status: 'open' | 'closed';
}

export interface CaseListQuery {
  status?: 'open' | 'closed';
  classification?: CaseClassification;
  foundIn?: FoundIn;
  /** `me`, or a user id. */
  assignee?: string;
  overdue?: boolean;
  /** Name, case number, or an exact ID number / phone. */
  q?: string;
  /** A jurisdiction code narrowing the list. */
  at?: string;
  page?: number;
  pageSize?: number;
}

export interface Interview {
  symptoms?: string[];
  /** Doses of vaccine and the date of the last one. */
  vaccination?: { doses: number; lastDate?: string | null; product?: string | null };
  household?: string;
  work?: string;
  notes?: string;
}

export interface ItineraryEntry {
  id: string;
  placeKind: 'venue' | 'address' | 'village';
  venue: { id: string; code: string; name: string } | null;
  village: Ref | null;
  place: string;
  lat: number | null;
  lng: number | null;
  fromAt: string;
  toAt: string;
  activity: string | null;
  companions: string | null;
}

export interface ItineraryInput {
  placeKind: 'venue' | 'address' | 'village';
  venueId?: string;
  villageCode?: string;
  /** Free text (the address, or a description); filled from the venue/village when omitted. */
  place?: string;
  lat?: number;
  lng?: number;
  fromAt: string;
  toAt: string;
  activity?: string;
  companions?: string;
}

export interface CallEntry {
  id: string;
  calledAt: string;
  numberMasked: string;
  outcome: CallOutcome;
  notes: string | null;
  contactId: string | null;
  by: UserRef | null;
}

export interface CallInput {
  /** The number dialled (stored masked). */
  number: string;
  outcome: CallOutcome;
  calledAt?: string;
  contactId?: string;
  notes?: string;
}

export interface CaseDetail extends CaseSummary {
  edition: { id: string; name: string };
  /** The close-contact look-back window under the case's edition. */
  window: { from: string; until: string; anchor: 'onset' | 'sampling' | 'last_negative' };
  isolatedAt: string | null;
  lastNegativeAt: string | null;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  phoneMasked: string | null;
  address: string | null;
  interview: Interview;
  itinerary: ItineraryEntry[];
  calls: CallEntry[];
  /** The contact this case was before it turned positive, if any. */
  fromContact: { id: string; name: string } | null;
  version: number;
}

export interface CaseInput {
  /** A person of the population base … */
  personId?: string;
  /** … or found by ID number (then phone) in the base; otherwise created from `person`. */
  idNumber?: string;
  person?: { name: string; phone?: string; sex?: 'M' | 'F'; birthDate?: string; address?: string };
  /** Where the case belongs when not in the base (a village or town code). */
  place?: string;
  classification: CaseClassification;
  foundIn: FoundIn;
  source?: Exclude<CaseSource, 'testing'>;
  onsetDate?: string;
  sampledDate: string;
  reportedAt?: string;
  isolatedAt?: string;
  lineage?: string;
  editionId?: string;
  /** An accepted incoming case notice to open the case from (source assist; the person from the notice). */
  assistNoticeId?: string;
}

export interface CasePatch {
  version: number;
  classification?: CaseClassification;
  foundIn?: FoundIn;
  onsetDate?: string | null;
  lineage?: string | null;
  isolatedAt?: string | null;
  lastNegativeAt?: string | null;
  status?: 'open' | 'closed';
  interview?: Interview;
}

export interface Team {
  id: string;
  name: string;
  area: Ref;
  leader: UserRef | null;
  members: UserRef[];
  openCases: number;
}

export interface TeamInput {
  name: string;
  /** The area the team is responsible for (分片包干): any jurisdiction code in my subtree. */
  area: string;
  leaderId?: string | null;
  memberIds: string[];
}

export interface LoadRow {
  user: UserRef;
  teams: string[];
  open: number;
  overdue: number;
  /** Open cases with a clock due in the next hour. */
  dueSoon: number;
  callsToday: number;
}

export interface TracingDashboard {
  /** Per CST day, oldest first. */
  casesPerDay: Array<{ date: string; community: number; underControl: number }>;
  totals: { cases: number; community: number; underControl: number; open: number; overdue: number };
  clocks: Record<ClockName, { done: number; late: number; pending: number; overdue: number }>;
  contacts: Record<ContactDegree, { total: number; controlled: number; released: number; pending: number }>;
  load: LoadRow[];
}

// ---- Contacts (contacts.schema.ts) ---------------------------------------------------------

export interface QuarantinePlan {
  setting: 'central' | 'home';
  from: string;
  until: string;
  monitorUntil: string;
  tests: Array<{ date: string; day: number; phase: 'isolation' | 'monitoring'; samples: number }>;
}

export interface ContactLink {
  id: string;
  /** Named by this case … */
  case: { id: string; number: string; name: string } | null;
  /** … or (secondary contact) through this close contact. */
  via: { id: string; name: string } | null;
  relationship: string | null;
  exposureType: ExposureType;
  lastExposureAt: string;
  source: 'named' | 'candidate' | 'cascade' | 'assist';
}

export interface ContactSummary {
  id: string;
  personId: string | null;
  name: string;
  idMasked: string | null;
  phoneMasked: string | null;
  degree: ContactDegree;
  status: ContactStatus;
  lastExposureAt: string;
  plan: QuarantinePlan;
  place: Ref | null;
  outsideArea: boolean;
  isolationPlace: string | null;
  links: ContactLink[];
  /** Set once the contact turned positive. */
  convertedCase: { id: string; number: string } | null;
}

export interface ContactDetail extends ContactSummary {
  editionId: string;
  address: string | null;
  /** Secondary contacts named through this (close) contact. */
  secondaries: ContactSummary[];
  calls: CallEntry[];
  assistNotices: Array<{ id: string; number: string; status: AssistStatus }>;
  /** For a contact under control: the release day and what still stands in the way (empty: may be released). */
  release: { until: string; blockers: ReleaseBlocker[] } | null;
  version: number;
}

export interface ContactListQuery {
  degree?: ContactDegree;
  status?: ContactStatus;
  caseId?: string;
  q?: string;
  at?: string;
  page?: number;
  pageSize?: number;
}

export interface ContactInput {
  /** A person of the population base, or matched by ID number, then phone; else created. */
  personId?: string;
  idNumber?: string;
  phone?: string;
  name: string;
  relationship?: string;
  exposureType: ExposureType;
  lastExposureAt: string;
  /** For POST /cases/:id/contacts: close (default) or secondary. Secondary contacts are named through a close contact. */
  degree?: ContactDegree;
  address?: string;
  /** A person outside our area: the region (division code or province name) an assist notice goes to. */
  outsideRegion?: string;
}

export interface ContactAdded {
  contact: ContactSummary;
  /** How the person was found: in the base by ID or phone, already a contact (a new link), or new. */
  matched: 'id' | 'phone' | 'person' | 'existing' | 'created';
}

export interface ContactStatusInput {
  status: Exclude<ContactStatus, 'converted'>;
  isolationPlace?: string;
  at?: string;
  /** Release although the rule says not yet: the reason (audited). */
  override?: string;
}

// ---- Big data: venues, exposure files, candidates (exposure.schema.ts) -------------------

export interface Venue {
  id: string;
  code: string;
  name: string;
  kind: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  place: Ref;
}

export interface VenueInput {
  code: string;
  name: string;
  kind?: string;
  address?: string;
  lat?: number;
  lng?: number;
  /** The village (or town) the venue lies in. */
  place: string;
}

export interface ExposureProblem {
  /** 1-based line of the file (the header is line 1). */
  row: number;
  field: string | null;
  message: string;
  /** A stable reason (e.g. unknown_person, duplicate, out_of_order). */
  code?: string;
  /** True when the row was loaded anyway (times out of order): a warning, not a skip. */
  warning?: boolean;
}

export interface ExposureImport {
  id: string;
  kind: 'venue' | 'ping';
  fileName: string;
  status: 'running' | 'done' | 'failed';
  totalRows: number;
  loadedRows: number;
  skippedRows: number;
  /** The first problems (at most 200), by row. */
  problems: ExposureProblem[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** True when this file was loaded before (same content): nothing was loaded again. */
  duplicateFile?: boolean;
}

export interface Candidate {
  personId: string;
  name: string;
  idMasked: string;
  phoneMasked: string | null;
  place: Ref;
  kind: 'venue' | 'cell' | 'both';
  /** Minutes of overlap with the case (venue: encounters × window; cell: shared ping minutes). */
  minutes: number;
  encounters: number;
  firstAt: string;
  lastAt: string;
  /** Venue names and cells where they met, at most a few. */
  where: string[];
  score: number;
  decision: 'close' | 'secondary' | 'companion' | 'dismissed' | null;
  /** Already a contact (of this or another case). */
  contactId: string | null;
}

export interface CandidateList {
  window: { from: string; until: string };
  params: TracingRules['companion'];
  items: Candidate[];
  total: number;
}

export interface CandidateDecision {
  decision: 'close' | 'secondary' | 'companion' | 'dismissed';
  exposureType?: ExposureType;
}

// ---- Chains and clusters (chains.schema.ts) ------------------------------------------------

export interface Cluster {
  id: string;
  name: string;
  size: number;
  /** Cases added since the previous CST day. */
  growth: number;
  firstCase: { id: string; number: string };
  firstReportedAt: string;
  lastReportedAt: string;
  places: Ref[];
}

// The chain graph: its wire form and the expanded objects the pages use (useChainGraph).
export type {
  ChainEdge,
  ChainEdgeKind,
  ChainGraph,
  ChainGraphWire,
  ChainNode,
  ChainNodeKind,
} from '../../../../domain/chain-graph.js';

// ---- Assist notices (assist.schema.ts) -----------------------------------------------------

export type AssistStatus = 'draft' | 'sent' | 'received' | 'accepted' | 'replied' | 'closed';

export interface AssistNotice {
  id: string;
  number: string;
  direction: 'outgoing' | 'incoming';
  subject: 'case' | 'close' | 'secondary' | 'companion';
  /** The other side: a peer's name, or the region written by hand. */
  peer: string;
  targetRegion: string | null;
  name: string;
  idMasked: string | null;
  phoneMasked: string | null;
  /** What we know: exposure, itinerary, links — free-form but printable. */
  content: Record<string, unknown>;
  status: AssistStatus;
  case: { id: string; number: string } | null;
  contact: { id: string; name: string } | null;
  reply: string | null;
  createdAt: string;
  updatedAt: string;
}
