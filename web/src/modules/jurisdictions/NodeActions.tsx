/**
 * What may be done to the selected unit: add a grid under a village; add a building under, rename
 * or delete a grid; edit, move or delete a building. Only for users with jurisdiction.manage, and
 * only on user-created units (divisions are read-only).
 */
import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space } from 'antd';
import type { Jurisdiction } from '../../app/api-types';
import { useT } from '../../app/i18n/i18n';
import { jurisdictionsMessages } from './jurisdictions.messages';

export type NodeAction = 'addGrid' | 'addBuilding' | 'edit' | 'move' | 'delete';

export function availableActions(node: Jurisdiction, canManage: boolean): NodeAction[] {
  if (!canManage) return [];
  if (node.level === 'village') return ['addGrid'];
  if (node.source !== 'user') return [];
  if (node.level === 'grid') return ['addBuilding', 'edit', 'delete'];
  if (node.level === 'building') return ['edit', 'move', 'delete'];
  return [];
}

export function NodeActions({
  node,
  actions,
  onAction,
  deleting,
}: {
  node: Jurisdiction;
  actions: NodeAction[];
  onAction: (action: NodeAction) => void;
  deleting: boolean;
}) {
  const t = useT(jurisdictionsMessages);
  if (actions.length === 0) return null;
  return (
    <Space wrap>
      {actions.includes('addGrid') && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => onAction('addGrid')}
          data-testid="add-grid"
        >
          {t('action.addGrid')}
        </Button>
      )}
      {actions.includes('addBuilding') && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => onAction('addBuilding')}
          data-testid="add-building"
        >
          {t('action.addBuilding')}
        </Button>
      )}
      {actions.includes('edit') && (
        <Button icon={<EditOutlined />} onClick={() => onAction('edit')} data-testid="edit-unit">
          {node.level === 'grid' ? t('action.rename') : t('action.editBuilding')}
        </Button>
      )}
      {actions.includes('move') && (
        <Button icon={<DragOutlined />} onClick={() => onAction('move')} data-testid="move-building">
          {t('action.move')}
        </Button>
      )}
      {actions.includes('delete') && (
        <Popconfirm
          title={t('action.deleteConfirm', { name: node.shortName })}
          description={t('action.deleteHint')}
          okButtonProps={{ danger: true }}
          okText={t('action.delete')}
          onConfirm={() => onAction('delete')}
        >
          <Button danger icon={<DeleteOutlined />} loading={deleting} data-testid="delete-unit">
            {t('action.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
