/**
 * Picks a jurisdiction inside the user's subtree: a tree that loads children as it opens, and a
 * search by name or code (?q=) as soon as something is typed. Used by the header switcher and by
 * the filters and forms of the admin pages.
 */
import { TreeSelect, Typography } from 'antd';
import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import type { Level } from '../../../domain/jurisdiction.js';
import type { Jurisdiction, JurisdictionChanged, JurisdictionDetail, Page } from '../app/api-types';
import { levelLabel } from '../app/i18n/labels';
import { useLang, useT } from '../app/i18n/i18n';
import { useLiveEvent } from '../app/live/live.context';
import { useApi } from '../app/use-api';
import { buildTree, type JurisdictionNode } from './jurisdiction-tree/tree-data';
import { useJurisdictionTree } from './jurisdiction-tree/use-jurisdiction-tree';

export interface JurisdictionPickerProps {
  value?: string | null | undefined;
  onChange?: (code: string | undefined, node: Jurisdiction | undefined) => void;
  selectableLevels?: readonly Level[] | undefined;
  maxLevel?: Level | undefined;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  testId?: string;
  variant?: 'outlined' | 'borderless' | 'filled';
  popupWidth?: number;
}

function useDebounced(text: string, ms: number): string {
  const [value, setValue] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setValue(text), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return value;
}

export function JurisdictionPicker({
  value,
  onChange,
  selectableLevels,
  maxLevel,
  allowClear,
  placeholder,
  style,
  id,
  testId,
  variant,
  popupWidth = 360,
}: JurisdictionPickerProps) {
  const t = useT();
  const { lang } = useLang();
  const tree = useJurisdictionTree();
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState<string[]>();
  const query = useDebounced(text.trim(), 250);
  const hits = useApi<Page<Jurisdiction>>(query ? '/api/jurisdictions' : null, { q: query, limit: 30 });
  const known = value ? tree.nodes[value] : undefined;
  const detail = useApi<JurisdictionDetail>(value && !known ? `/api/jurisdictions/${value}` : null);
  useLiveEvent<JurisdictionChanged>('jurisdiction.changed', tree.applyChange);

  const current = known ?? detail.data?.jurisdiction;
  const selected = value ? { value, label: current?.code === value ? current.shortName : value } : undefined;

  const treeData = useMemo((): JurisdictionNode[] => {
    const selectable = (level: Level) => !selectableLevels || selectableLevels.includes(level);
    if (query) {
      return (hits.data?.items ?? []).map((hit) => ({
        key: hit.code,
        value: hit.code,
        isLeaf: true,
        selectable: selectable(hit.level),
        data: hit,
        title: (
          <span>
            {hit.shortName}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[...(hit.trail ?? []), levelLabel(hit.level, lang)].join(' / ')}
            </Typography.Text>
          </span>
        ),
      }));
    }
    return buildTree(tree, {
      selectableLevels,
      maxLevel,
      moreLabel: (count) => t('jurisdiction.moreChildren', { count }),
      renderTitle: (node) => (
        <span title={node.name}>
          {node.shortName}
          {!selectable(node.level) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              · {levelLabel(node.level, lang)}
            </Typography.Text>
          )}
        </span>
      ),
    });
  }, [query, hits.data, tree, selectableLevels, maxLevel, t, lang]);

  return (
    <TreeSelect<{ value: string; label: string } | undefined, JurisdictionNode>
      id={id}
      data-testid={testId}
      style={style}
      variant={variant}
      value={selected}
      labelInValue
      treeData={treeData}
      loadData={(node) => tree.loadChildren(String(node.value)).catch(() => undefined)}
      treeLoadedKeys={Object.keys(tree.children)}
      showSearch={{ searchValue: text, onSearch: setText, filterTreeNode: false, autoClearSearchValue: true }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('jurisdiction.pick')}
      notFoundContent={query && !hits.loading ? t('jurisdiction.noMatch') : t('state.loading')}
      popupMatchSelectWidth={popupWidth}
      listHeight={360}
      treeExpandedKeys={expanded ?? tree.roots ?? []}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      onChange={(next) => {
        const code = next?.value;
        const hit = code ? (hits.data?.items.find((h) => h.code === code) ?? tree.nodes[code]) : undefined;
        if (hit) tree.remember([hit]);
        setText('');
        onChange?.(code, hit);
      }}
    />
  );
}
