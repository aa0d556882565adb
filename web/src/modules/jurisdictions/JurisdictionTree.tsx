/**
 * The tree of the jurisdictions page: the user's home at the root, children loaded on expand.
 */
import { BorderOuterOutlined, HomeOutlined } from '@ant-design/icons';
import { Empty, Spin, Tree, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import type { Jurisdiction } from '../../app/api-types';
import { useT } from '../../app/i18n/i18n';
import { buildTree } from '../../components/jurisdiction-tree/tree-data';
import type { JurisdictionTree as Store } from '../../components/jurisdiction-tree/use-jurisdiction-tree';

function Title({ node }: { node: Jurisdiction }) {
  const icon =
    node.level === 'grid' ? (
      <BorderOuterOutlined style={{ color: '#722ed1', marginRight: 4 }} />
    ) : node.level === 'building' ? (
      <HomeOutlined style={{ color: '#c41d7f', marginRight: 4 }} />
    ) : null;
  return (
    <span title={`${node.name} ${node.code}`} data-code={node.code}>
      {icon}
      {node.shortName}
      {(node.childCount ?? 0) > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
          {node.childCount}
        </Typography.Text>
      )}
    </span>
  );
}

export function JurisdictionTree({
  tree,
  selected,
  expandedKeys,
  onExpand,
  onSelect,
}: {
  tree: Store;
  selected: string;
  expandedKeys: string[];
  onExpand: (code: string, expanded: boolean) => void;
  onSelect: (code: string) => void;
}) {
  const t = useT();
  const treeData = useMemo(
    () =>
      buildTree(tree, {
        moreLabel: (count) => t('jurisdiction.moreChildren', { count }),
        renderTitle: (node) => <Title node={node} />,
      }),
    [tree, t],
  );
  // Bring the selection into view once it is rendered (its ancestors may load after it is chosen).
  const box = useRef<HTMLDivElement>(null);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const container = box.current;
    if (!container || shown.current === selected) return;
    const node = container.querySelector<HTMLElement>('.ant-tree-treenode-selected');
    if (!node) return;
    shown.current = selected;
    const top = node.offsetTop - container.offsetTop;
    if (top < container.scrollTop || top > container.scrollTop + container.clientHeight - node.offsetHeight) {
      container.scrollTop = Math.max(0, top - container.clientHeight / 3);
    }
  }, [selected, treeData]);

  if (!tree.roots) return tree.error ? <Empty description={t('state.errorTitle')} /> : <Spin />;
  return (
    <div className="tree-scroll" ref={box}>
      <Tree
        data-testid="jurisdiction-tree"
        showLine={{ showLeafIcon: false }}
        blockNode
        treeData={treeData}
        selectedKeys={[selected]}
        expandedKeys={expandedKeys}
        loadedKeys={Object.keys(tree.children)}
        loadData={(node) => tree.loadChildren(String(node.key)).catch(() => undefined)}
        onExpand={(_, info) => onExpand(String(info.node.key), info.expanded)}
        onSelect={(keys) => {
          const key = keys[0];
          if (key !== undefined) onSelect(String(key));
        }}
      />
    </div>
  );
}
