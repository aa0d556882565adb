/**
 * A transmission chain as a network (Cytoscape.js): cases red, close contacts orange, secondary
 * contacts gold, shared places blue; named links solid, secondary links dashed, a contact who
 * turned positive a thick red arrow, visits dotted. Exported for the command's pages (../ops), which
 * show whole clusters with it.
 *
 * The canvas cannot be read by a test or a screen reader, so the counts are also written out as
 * text and as data attributes (`data-nodes`, `data-edges`) on the view.
 */
import { ExpandOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Typography } from 'antd';
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import type { ChainGraph, ChainNode } from '../../api-types';
import { workbenchMessages } from '../workbench.messages';

const COLORS = {
  case: '#cf1322',
  caseFocus: '#820014',
  close: '#fa8c16',
  secondary: '#fadb14',
  converted: '#eb2f96',
  place: '#1677ff',
  edge: '#8c8c8c',
};

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 10,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      color: '#262626',
      'text-wrap': 'ellipsis',
      'text-max-width': '120px',
      width: 18,
      height: 18,
      'background-color': COLORS.close,
      'border-width': 1,
      'border-color': '#fff',
    },
  },
  { selector: 'node[kind = "case"]', style: { 'background-color': COLORS.case, width: 26, height: 26 } },
  {
    selector: 'node[?focus]',
    style: { 'background-color': COLORS.caseFocus, 'border-width': 3, 'border-color': '#ffa39e' },
  },
  {
    selector: 'node[tag = "secondary"]',
    style: { 'background-color': COLORS.secondary, width: 14, height: 14 },
  },
  { selector: 'node[status = "converted"]', style: { 'background-color': COLORS.converted } },
  {
    selector: 'node[kind = "place"]',
    style: { shape: 'round-rectangle', 'background-color': COLORS.place, width: 20, height: 14 },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': COLORS.edge,
      'target-arrow-color': COLORS.edge,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'curve-style': 'bezier',
    },
  },
  { selector: 'edge[kind = "via"]', style: { 'line-style': 'dashed' } },
  {
    selector: 'edge[kind = "infected"]',
    style: { width: 3, 'line-color': COLORS.case, 'target-arrow-color': COLORS.case },
  },
  {
    selector: 'edge[kind = "visited"]',
    style: { 'line-style': 'dotted', 'target-arrow-shape': 'none', 'line-color': '#91caff' },
  },
  { selector: ':selected', style: { 'overlay-opacity': 0.15, 'overlay-color': '#1677ff' } },
];

function elementsOf(graph: ChainGraph, focusId: string | undefined): ElementDefinition[] {
  const ids = new Set(graph.nodes.map((n) => n.id));
  return [
    ...graph.nodes.map((node) => ({
      group: 'nodes' as const,
      data: {
        id: node.id,
        label: node.label,
        kind: node.kind,
        tag: node.tag ?? '',
        status: node.status ?? '',
        focus: node.id === focusId,
      },
    })),
    // A truncated graph may name nodes it cut: such edges are dropped rather than break the view.
    ...graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((edge) => ({
        group: 'edges' as const,
        data: { id: edge.id, source: edge.source, target: edge.target, kind: edge.kind },
      })),
  ];
}

function layoutOf(graph: ChainGraph): cytoscape.LayoutOptions {
  if (graph.nodes.length > 300) return { name: 'concentric', animate: false, minNodeSpacing: 4 };
  const targets = new Set(graph.edges.map((e) => e.target));
  const roots = graph.nodes.filter((n) => n.kind === 'case' && !targets.has(n.id)).map((n) => n.id);
  return {
    name: 'breadthfirst',
    directed: true,
    animate: false,
    spacingFactor: 1.1,
    padding: 16,
    ...(roots.length ? { roots } : {}),
  };
}

export interface ChainViewProps {
  graph: ChainGraph | undefined;
  /** The node to mark (the case being worked on). */
  focusId?: string;
  height?: number;
  onNodeClick?: (node: ChainNode) => void;
}

export function ChainView({ graph, focusId, height = 420, onNodeClick }: ChainViewProps) {
  const t = useT(workbenchMessages);
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const onClick = useRef(onNodeClick);
  useEffect(() => {
    onClick.current = onNodeClick;
  });

  useEffect(() => {
    if (!container.current || !graph || graph.nodes.length === 0) return;
    const instance = cytoscape({
      container: container.current,
      elements: elementsOf(graph, focusId),
      style: STYLE,
      layout: layoutOf(graph),
      minZoom: 0.2,
      // A small chain is fitted to the view: past this it would be drawn huge.
      maxZoom: 1.6,
      wheelSensitivity: 0.3,
    });
    instance.on('tap', 'node', (event) => {
      const id = (event.target as cytoscape.NodeSingular).id();
      const node = graph.nodes.find((n) => n.id === id);
      if (node) onClick.current?.(node);
    });
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [graph, focusId]);

  const nodes = graph?.nodes.length ?? 0;
  const edges = graph?.edges.length ?? 0;
  const legend: Array<[string, string]> = [
    [t('chain.legend.case'), COLORS.case],
    [t('chain.legend.close'), COLORS.close],
    [t('chain.legend.secondary'), COLORS.secondary],
    [t('chain.legend.converted'), COLORS.converted],
    [t('chain.legend.place'), COLORS.place],
  ];

  return (
    <div className="tracing-chain" data-testid="chain-view" data-nodes={nodes} data-edges={edges}>
      <div className="tracing-chain-bar">
        <Space size={12} wrap>
          <Typography.Text data-testid="chain-count">{t('chain.nodes', { nodes, edges })}</Typography.Text>
          {graph?.truncated && (
            <Typography.Text type="warning">{t('chain.truncated', { nodes })}</Typography.Text>
          )}
        </Space>
        <Space size={12} wrap>
          {legend.map(([label, color]) => (
            <span key={label} className="tracing-chain-legend">
              <i style={{ background: color }} />
              {label}
            </span>
          ))}
          <Button size="small" icon={<ExpandOutlined />} onClick={() => cy.current?.fit(undefined, 16)}>
            {t('chain.fit')}
          </Button>
        </Space>
      </div>
      {graph && nodes === 0 ? (
        <Empty description={t('chain.empty')} />
      ) : (
        <div ref={container} className="tracing-chain-canvas" style={{ height }} />
      )}
    </div>
  );
}
