/**
 * The transmission-chain graph on the wire (GET /api/tracing/chains) and as the pages use it.
 *
 * The city's whole graph is ~110,000 nodes and as many edges. As objects with named fields it was
 * 38 MB of JSON, much of it field names and an id per edge; on the wire each node is a tuple and
 * each edge the ids of its two nodes and its kind — 22 MB, and less for the database to write
 * (server/modules/tracing/chains.service.ts graphJson). (Naming nodes by their position instead
 * would save 7 MB more, but the two joins that find the positions cost the database more than the
 * bytes cost the wire.) `expandChainGraph` gives back the objects, with an id for every edge.
 */

export type ChainNodeKind = 'case' | 'contact' | 'place';
/** named: case → contact; via: close → secondary; infected: contact-turned-case; visited: case → place. */
export type ChainEdgeKind = 'named' | 'via' | 'infected' | 'visited';

export interface ChainNode {
  id: string;
  kind: ChainNodeKind;
  /** case: "number name"; contact: name; place: venue name. */
  label: string;
  /** case: classification; contact: degree; place: venue kind. */
  tag: string | null;
  /**
   * The cluster of a case, or of the cases that visited a place. Null for contacts: a contact
   * belongs to the clusters of the cases that named them (follow the edges).
   */
  clusterId: string | null;
  /** case: reportedAt; contact: lastExposureAt; place: null. */
  at: string | null;
  status: string | null;
}

export interface ChainEdge {
  /** `kind:source>target`, made when expanded (a link between two nodes is one edge). */
  id: string;
  source: string;
  target: string;
  kind: ChainEdgeKind;
}

export interface ChainGraph {
  nodes: ChainNode[];
  edges: ChainEdge[];
  /** True when the graph was cut at `limit` nodes. */
  truncated: boolean;
}

/** A node on the wire: [id, kind, label, tag, clusterId, at, status]. */
export type ChainNodeTuple = [
  string,
  ChainNodeKind,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
];
/** An edge on the wire: [source id, target id, kind]. */
export type ChainEdgeTuple = [string, string, ChainEdgeKind];

export interface ChainGraphWire {
  nodes: ChainNodeTuple[];
  edges: ChainEdgeTuple[];
  truncated: boolean;
}

export function expandChainGraph(wire: ChainGraphWire): ChainGraph {
  const nodes = wire.nodes.map(([id, kind, label, tag, clusterId, at, status]): ChainNode => ({
    id,
    kind,
    label,
    tag,
    clusterId,
    at,
    status,
  }));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = wire.edges.map(([source, target, kind]): ChainEdge => {
    if (!ids.has(source) || !ids.has(target)) throw new Error(`chain edge ${source}→${target} names no node`);
    return { id: `${kind}:${source}>${target}`, source, target, kind };
  });
  return { nodes, edges, truncated: wire.truncated };
}
