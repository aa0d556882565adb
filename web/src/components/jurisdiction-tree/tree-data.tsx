/**
 * Turns the loaded part of the jurisdiction tree into antd tree data (usable by Tree and TreeSelect:
 * every node carries both `key` and `value`).
 */
import type { ReactNode } from 'react';
import { levelRank, type Level } from '../../../../domain/jurisdiction.js';
import type { Jurisdiction } from '../../app/api-types';
import type { TreeStore } from './use-jurisdiction-tree';

export interface JurisdictionNode {
  key: string;
  value: string;
  title: ReactNode;
  isLeaf: boolean;
  selectable: boolean;
  disabled?: boolean;
  children?: JurisdictionNode[];
  data: Jurisdiction;
}

export interface TreeOptions {
  /** Nodes at these levels can be picked; others only expanded. All levels when absent. */
  selectableLevels?: readonly Level[] | undefined;
  /** Do not offer levels below this one. */
  maxLevel?: Level | undefined;
  /** What a truncated list says about the children it does not show. */
  moreLabel: (count: number) => string;
  renderTitle: (node: Jurisdiction) => ReactNode;
}

export function isExpandable(node: Jurisdiction, store: TreeStore, maxLevel?: Level): boolean {
  if (maxLevel && levelRank(node.level) >= levelRank(maxLevel)) return false;
  const loaded = store.children[node.code];
  return loaded ? loaded.total > 0 : (node.childCount ?? 1) > 0;
}

export function buildTree(store: TreeStore, options: TreeOptions): JurisdictionNode[] {
  const build = (code: string): JurisdictionNode | null => {
    const node = store.nodes[code];
    if (!node) return null;
    const expandable = isExpandable(node, store, options.maxLevel);
    const loaded = store.children[code];
    const out: JurisdictionNode = {
      key: code,
      value: code,
      title: options.renderTitle(node),
      isLeaf: !expandable,
      selectable: !options.selectableLevels || options.selectableLevels.includes(node.level),
      data: node,
    };
    if (expandable && loaded) {
      const children = loaded.codes.map(build).filter((n): n is JurisdictionNode => n !== null);
      const hidden = loaded.total - loaded.codes.length;
      if (hidden > 0) {
        children.push({
          key: `${code}:more`,
          value: `${code}:more`,
          title: options.moreLabel(hidden),
          isLeaf: true,
          selectable: false,
          disabled: true,
          data: node,
        });
      }
      out.children = children;
    }
    return out;
  };
  return (store.roots ?? []).map(build).filter((n): n is JurisdictionNode => n !== null);
}
