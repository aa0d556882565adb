/**
 * 辖区管理: the tree of the user's subtree on the left, the selected unit on the right with what
 * may be done to it. Changes by others arrive as live events and refresh the tree and the detail.
 */
import { App, Card, Col, Row } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Permission } from '../../../../domain/access.js';
import { api } from '../../app/api';
import type { Jurisdiction, JurisdictionChanged, JurisdictionDetail } from '../../app/api-types';
import { useAuth } from '../../app/auth/auth.context';
import { useT } from '../../app/i18n/i18n';
import { useLiveEvent } from '../../app/live/live.context';
import { modulePath, useSelection } from '../../app/selection';
import { BadCodeState, ErrorState, PageLoading } from '../../app/states';
import { useApi } from '../../app/use-api';
import { useNotifyError } from '../../app/use-notify-error';
import { JurisdictionPicker } from '../../components/JurisdictionPicker';
import { useJurisdictionTree } from '../../components/jurisdiction-tree/use-jurisdiction-tree';
import { jurisdictionsMessages } from './jurisdictions.messages';
import { JurisdictionTree } from './JurisdictionTree';
import { MoveBuildingModal } from './MoveBuildingModal';
import { availableActions, type NodeAction, NodeActions } from './NodeActions';
import { NodeDetail } from './NodeDetail';
import { type UnitForm, UnitFormModal } from './UnitFormModal';

type Dialog = { kind: 'form'; form: UnitForm } | { kind: 'move'; node: Jurisdiction } | null;

export default function JurisdictionsPage() {
  const t = useT(jurisdictionsMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const { can } = useAuth();
  const canManage = can(Permission.JurisdictionManage);
  const { code, raw } = useSelection();
  const tree = useJurisdictionTree();
  const detail = useApi<JurisdictionDetail>(code ? `/api/jurisdictions/${code}` : null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [deleting, setDeleting] = useState(false);
  // Expanded = the path to the selection (itself included, so its children show) ∪ what the user
  // opened − what they closed while this selection lasts.
  const [opened, setOpened] = useState<string[]>([]);
  const [closed, setClosed] = useState<{ code: string | null; keys: string[] }>({ code: null, keys: [] });

  const current = detail.data?.jurisdiction.code === code ? detail.data : undefined;
  const path = current
    ? [...current.ancestors.filter((a) => a.inScope !== false), current.jurisdiction].map((a) => a.code)
    : [];
  const closedNow = closed.code === code ? closed.keys : [];
  const expandedKeys = [...new Set([...path, ...opened])].filter((k) => !closedNow.includes(k));

  const { loadChildren, remember, applyChange } = tree;
  useEffect(() => {
    if (!current) return;
    const chain = [...current.ancestors.filter((a) => a.inScope !== false), current.jurisdiction];
    remember(chain);
    for (const node of chain) {
      if ((node.childCount ?? 1) > 0) void loadChildren(node.code).catch(() => undefined);
    }
  }, [current, loadChildren, remember]);

  const open = (target: string) => void navigate(modulePath('jurisdictions', target));

  useLiveEvent<JurisdictionChanged>('jurisdiction.changed', (event) => {
    applyChange(event);
    if (event.code === code && event.change === 'deleted' && event.parentCode) open(event.parentCode);
    else if (event.code === code || event.parentCode === code) detail.reload();
  });

  if (!code) return <BadCodeState code={raw} />;

  const onExpand = (key: string, expanded: boolean) => {
    if (expanded) {
      setOpened((keys) => [...keys, key]);
      setClosed((c) => ({ code, keys: (c.code === code ? c.keys : []).filter((k) => k !== key) }));
    } else {
      setOpened((keys) => keys.filter((k) => k !== key));
      setClosed((c) => ({ code, keys: [...(c.code === code ? c.keys : []), key] }));
    }
  };

  const afterChange = async (parentCode: string | null) => {
    if (parentCode) {
      await loadChildren(parentCode, true).catch(() => undefined);
      setOpened((keys) => [...keys, parentCode]);
    }
    detail.reload();
  };

  const onAction = async (action: NodeAction) => {
    if (!current) return;
    const node = current.jurisdiction;
    switch (action) {
      case 'addGrid':
        setDialog({ kind: 'form', form: { mode: 'create', level: 'grid', parent: node } });
        return;
      case 'addBuilding':
        setDialog({ kind: 'form', form: { mode: 'create', level: 'building', parent: node } });
        return;
      case 'edit':
        setDialog({ kind: 'form', form: { mode: 'edit', node } });
        return;
      case 'move':
        setDialog({ kind: 'move', node });
        return;
      case 'delete':
        setDeleting(true);
        try {
          await api.delete(`/api/jurisdictions/${node.code}`);
          void message.success(t('action.deleted', { name: node.shortName }));
          if (node.parentCode) {
            await loadChildren(node.parentCode, true).catch(() => undefined);
            open(node.parentCode);
          }
        } catch (error) {
          notifyError(error);
        } finally {
          setDeleting(false);
        }
        return;
    }
  };

  let right;
  if (detail.error) right = <ErrorState error={detail.error} target={code} onRetry={detail.reload} />;
  else if (!current) right = <PageLoading />;
  else {
    const actions = availableActions(current.jurisdiction, canManage);
    right = (
      <NodeDetail
        detail={current}
        canManage={canManage}
        actions={
          <NodeActions
            node={current.jurisdiction}
            actions={actions}
            deleting={deleting}
            onAction={(a) => void onAction(a)}
          />
        }
      />
    );
  }

  return (
    <Row gutter={16} data-testid="jurisdictions-page">
      <Col xs={24} lg={8} xl={7}>
        <Card title={t('tree.title')} className="tree-card" styles={{ body: { padding: 12 } }}>
          <JurisdictionPicker
            value={null}
            placeholder={t('tree.search')}
            onChange={(next) => next && open(next)}
            style={{ width: '100%', marginBottom: 12 }}
            testId="tree-search"
          />
          <JurisdictionTree
            tree={tree}
            selected={code}
            expandedKeys={expandedKeys}
            onExpand={onExpand}
            onSelect={open}
          />
        </Card>
      </Col>
      <Col xs={24} lg={16} xl={17}>
        {right}
      </Col>
      {dialog?.kind === 'form' && (
        <UnitFormModal
          form={dialog.form}
          onClose={() => setDialog(null)}
          onSaved={(node, created) => {
            setDialog(null);
            void message.success(t(created ? 'action.created' : 'action.updated', { name: node.shortName }));
            void afterChange(node.parentCode);
            if (created) open(node.code);
          }}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveBuildingModal
          building={dialog.node}
          onClose={() => setDialog(null)}
          onMoved={(node, grid) => {
            setDialog(null);
            void message.success(t('action.moved', { name: node.shortName, grid: grid.shortName }));
            if (dialog.node.parentCode)
              void loadChildren(dialog.node.parentCode, true).catch(() => undefined);
            void afterChange(node.parentCode);
          }}
        />
      )}
    </Row>
  );
}
