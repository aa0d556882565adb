/** Staff of one grid or building as tags; removable (after a confirmation) for population.manage. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Tag, Typography } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import type { StaffEntry } from '../api-types';
import { populationMessages } from '../population.messages';

export function StaffTags({
  staff,
  canManage,
  empty,
  addLabel,
  onAdd,
  onRemove,
}: {
  staff: StaffEntry[];
  canManage: boolean;
  empty: string;
  addLabel: string;
  onAdd: () => void;
  onRemove: (entry: StaffEntry) => void;
}) {
  const t = useT(populationMessages);
  const { modal } = App.useApp();
  return (
    <span data-testid="staff-tags">
      {staff.length === 0 && !canManage && <Typography.Text type="secondary">{empty}</Typography.Text>}
      {staff.map((entry) => (
        <Tag
          key={entry.id}
          color={entry.role === 'grid_worker' ? 'purple' : 'magenta'}
          closable={canManage}
          onClose={(event) => {
            event.preventDefault();
            modal.confirm({
              title: t('staff.removeConfirm', { name: entry.name }),
              okButtonProps: { danger: true },
              okText: t('staff.remove'),
              onOk: () => onRemove(entry),
            });
          }}
          style={{ marginBottom: 4 }}
        >
          {entry.name}
          {entry.phoneMasked && <span className="masked"> {entry.phoneMasked}</span>}
        </Tag>
      ))}
      {canManage && (
        <Tag
          onClick={onAdd}
          style={{ borderStyle: 'dashed', cursor: 'pointer', background: '#fff' }}
          data-testid="staff-tag-add"
        >
          <PlusOutlined /> {addLabel}
        </Tag>
      )}
    </span>
  );
}
