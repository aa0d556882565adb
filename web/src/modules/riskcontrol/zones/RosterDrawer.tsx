/**
 * A checkpoint's roster: a grid of days × the three shifts (0–8, 8–16, 16–24 h CST), a week at a
 * time, each cell its staff and filled/required; clicking a cell (risk.checkpoints) sets that
 * shift's staff — accounts of the area, and others by name and phone (stored masked).
 */
import { Button, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../../../domain/access.js';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth/auth.context';
import { useT } from '../../../app/i18n/i18n';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { useNotifyError } from '../../../app/use-notify-error';
import type { Checkpoint, Roster, ShiftStaffInput } from './api-types';
import { checkpointsMessages } from './zones.messages';

interface UserRow {
  id: string;
  displayName: string;
  username: string;
}

const SHIFT_KEYS = ['roster.shift1', 'roster.shift2', 'roster.shift3'] as const;

export function RosterDrawer({
  checkpoint,
  onClose,
}: {
  checkpoint: Checkpoint | null;
  onClose: () => void;
}) {
  const t = useT(checkpointsMessages);
  const { can } = useAuth();
  const notifyError = useNotifyError();
  const [from, setFrom] = useState(() => dayjs().format('YYYY-MM-DD'));
  const to = dayjs(from).add(6, 'day').format('YYYY-MM-DD');
  const roster = useApi<Roster>(checkpoint ? `/api/risk/checkpoints/${checkpoint.id}/roster` : null, {
    from,
    to,
  });
  const users = useApi<{ items: UserRow[] }>(
    checkpoint && can(Permission.RiskCheckpoints) && can(Permission.UserRead) ? '/api/users' : null,
    { limit: 200 },
  );
  const [cell, setCell] = useState<{ day: string; shift: number } | null>(null);
  const [form] = Form.useForm<{ users: string[]; others: string }>();
  const [saving, setSaving] = useState(false);
  const mayEdit = can(Permission.RiskCheckpoints);

  const days = [...new Set(roster.data?.shifts.map((s) => s.day) ?? [])];
  const shiftOf = (day: string, shift: number) =>
    roster.data?.shifts.find((s) => s.day === day && s.shift === shift);

  const openCell = (day: string, shift: number) => {
    const s = shiftOf(day, shift);
    form.setFieldsValue({
      users: s?.staff.flatMap((p) => (p.userId ? [p.userId] : [])) ?? [],
      others:
        s?.staff
          .filter((p) => !p.userId)
          .map((p) => p.name)
          .join('\n') ?? '',
    });
    setCell({ day, shift });
  };

  const save = async (values: { users?: string[]; others?: string }) => {
    if (!checkpoint || !cell) return;
    const staff: ShiftStaffInput[] = [
      ...(values.users ?? []).map((userId) => ({ userId })),
      ...(values.others ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [name = '', phone] = line.split(/\s+/);
          return phone ? { name, phone } : { name };
        }),
    ];
    setSaving(true);
    try {
      await api.post(`/api/risk/checkpoints/${checkpoint.id}/roster/${cell.day}/${cell.shift}`, { staff });
      setCell(null);
      roster.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={checkpoint !== null}
      onClose={onClose}
      size="large"
      title={checkpoint ? t('roster.title', { name: checkpoint.name }) : ''}
      data-testid="roster-drawer"
      extra={
        <Space>
          <Button onClick={() => setFrom(dayjs(from).subtract(7, 'day').format('YYYY-MM-DD'))}>
            {t('roster.prev')}
          </Button>
          <Button onClick={() => setFrom(dayjs(from).add(7, 'day').format('YYYY-MM-DD'))}>
            {t('roster.next')}
          </Button>
        </Space>
      }
    >
      {roster.error && !roster.data ? (
        <ErrorState error={roster.error} onRetry={roster.reload} />
      ) : (
        <Table
          size="small"
          rowKey="day"
          pagination={false}
          loading={roster.loading}
          dataSource={days.map((day) => ({ day }))}
          data-testid="roster-grid"
          columns={[
            { title: t('roster.day'), dataIndex: 'day', width: 110 },
            ...[1, 2, 3].map((shift) => ({
              title: t(SHIFT_KEYS[shift - 1]!),
              key: `s${shift}`,
              render: (_: unknown, row: { day: string }) => {
                const s = shiftOf(row.day, shift);
                const filled = s?.staff.length ?? 0;
                const required = s?.required ?? checkpoint?.staffPerShift ?? 0;
                return (
                  <div
                    onClick={mayEdit ? () => openCell(row.day, shift) : undefined}
                    style={{ cursor: mayEdit ? 'pointer' : undefined, minHeight: 32 }}
                  >
                    <Tag color={filled >= required ? 'green' : filled > 0 ? 'orange' : 'red'}>
                      {filled}/{required}
                    </Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {s?.staff
                        .map((p) => (p.phoneMasked ? `${p.name} ${p.phoneMasked}` : p.name))
                        .join('、')}
                    </Typography.Text>
                  </div>
                );
              },
            })),
          ]}
        />
      )}
      <Modal
        open={cell !== null}
        title={cell ? t('roster.edit', { day: cell.day, shift: t(SHIFT_KEYS[cell.shift - 1]!) }) : ''}
        onCancel={() => setCell(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="users" label={t('roster.users')} extra={t('roster.usersHint')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(users.data?.items ?? []).map((u) => ({
                value: u.id,
                label: `${u.displayName}（${u.username}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="others" label={t('roster.others')}>
            <Input.TextArea rows={3} placeholder="王某 13800001234" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
