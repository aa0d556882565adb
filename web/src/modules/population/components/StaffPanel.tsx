/**
 * 包保人员: the grid workers and building heads serving a unit and the units below it
 * (GET /api/population/staff); add and remove for population.manage.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { Permission } from '../../../../../domain/access.js';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth/auth.context';
import { useT } from '../../../app/i18n/i18n';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { useNotifyError } from '../../../app/use-notify-error';
import type { StaffEntry } from '../api-types';
import { populationMessages } from '../population.messages';
import { Masked } from './Masked';
import { StaffFormModal } from './StaffFormModal';
import { unitPath } from './unit-path';

export function StaffPanel({
  code,
  addTo,
  title,
}: {
  code: string;
  /** The grid or building new staff serve by default. */
  addTo?: string;
  title?: string;
}) {
  const t = useT(populationMessages);
  const { can } = useAuth();
  const canManage = can(Permission.PopulationManage);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const list = useApi<{ items: StaffEntry[] }>('/api/population/staff', { jurisdiction: code });
  const [adding, setAdding] = useState(false);

  const remove = async (entry: StaffEntry) => {
    try {
      await api.delete(`/api/population/staff/${entry.id}`);
      void message.success(t('staff.removed', { name: entry.name }));
      list.reload();
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Card
      title={title ?? t('staff.title')}
      data-testid="staff-panel"
      extra={
        canManage && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="add-staff"
          >
            {t('staff.add')}
          </Button>
        )
      }
    >
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<StaffEntry>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={(list.data?.items.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
          locale={{ emptyText: t('staff.empty') }}
          data-testid="staff-table"
          columns={[
            {
              title: t('staff.unit'),
              key: 'unit',
              render: (_, row) => <Link to={unitPath(row.unit.code)}>{row.unit.name}</Link>,
            },
            {
              title: t('staff.role'),
              dataIndex: 'role',
              width: 100,
              render: (role: StaffEntry['role']) => (
                <Tag color={role === 'grid_worker' ? 'purple' : 'magenta'}>{t(`staff.role.${role}`)}</Tag>
              ),
            },
            { title: t('staff.name'), dataIndex: 'name', width: 100 },
            {
              title: t('staff.phone'),
              dataIndex: 'phoneMasked',
              width: 130,
              render: (value: string | null) => <Masked masked={value} />,
            },
            {
              title: t('staff.username'),
              dataIndex: 'username',
              width: 130,
              render: (value: string | null) => value ?? '—',
            },
            ...(canManage
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 72,
                    render: (_: unknown, row: StaffEntry) => (
                      <Popconfirm
                        title={t('staff.removeConfirm', { name: row.name })}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => void remove(row)}
                      >
                        <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                          {t('staff.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {adding && (
        <StaffFormModal
          unitCode={addTo}
          onClose={() => setAdding(false)}
          onSaved={(entry) => {
            setAdding(false);
            void message.success(t('staff.added', { name: entry.name }));
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
