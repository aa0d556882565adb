/**
 * Create or edit an account. The role list holds only roles the actor may give
 * (domain/access.ts canAssignRole) at the level of the chosen jurisdiction (ROLE_DEFINITIONS
 * levels); the jurisdiction picker, once a role is chosen, offers only that role's levels.
 */
import { Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { canAssignRole, ROLE_DEFINITIONS, ROLES, type Role } from '../../../../../domain/access.js';
import type { Level } from '../../../../../domain/jurisdiction.js';
import { api } from '../../../app/api';
import type { CreatedUser, User } from '../../../app/api-types';
import { useMe } from '../../../app/auth/auth.context';
import { newPasswordProblems, PasswordPolicy } from '../../../app/auth/PasswordPolicy';
import { useLang, useT } from '../../../app/i18n/i18n';
import { levelLabel } from '../../../app/i18n/labels';
import { useNotifyError } from '../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import { usersMessages } from './users.messages';

interface Values {
  username: string;
  displayName: string;
  /** Absent when editing oneself (not a field then). */
  jurisdictionCode?: string;
  role: Role;
  password?: string;
}

export type UserForm = { mode: 'create' } | { mode: 'edit'; user: User };

export function UserFormModal({
  form: spec,
  onClose,
  onCreated,
  onUpdated,
}: {
  form: UserForm;
  onClose: () => void;
  onCreated: (result: CreatedUser) => void;
  onUpdated: (user: User) => void;
}) {
  const t = useT(usersMessages);
  const { lang } = useLang();
  const me = useMe();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const editing = spec.mode === 'edit' ? spec.user : null;
  const self = editing?.id === me.id;
  const [level, setLevel] = useState<Level | undefined>(editing?.jurisdiction.level);
  const role = Form.useWatch('role', form);
  const username = Form.useWatch('username', form) ?? editing?.username ?? '';
  const password = Form.useWatch('password', form) ?? '';
  const [busy, setBusy] = useState(false);

  const assignable = ROLES.filter((r) => canAssignRole(me.role, r) || (self && r === me.role));
  const roleOptions = assignable
    .filter((r) => !level || ROLE_DEFINITIONS[r].levels.includes(level))
    .map((r) => ({
      value: r,
      label: (
        <span>
          {ROLE_DEFINITIONS[r].label[lang]}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
            {ROLE_DEFINITIONS[r].levels.map((l) => levelLabel(l, lang)).join(' / ')}
          </Typography.Text>
        </span>
      ),
      title: ROLE_DEFINITIONS[r].label[lang],
    }));
  const selectableLevels = role ? ROLE_DEFINITIONS[role].levels : undefined;

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      if (!editing) {
        const created = await api.post<CreatedUser>('/api/users', {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          jurisdictionCode: values.jurisdictionCode,
          ...(values.password ? { password: values.password } : {}),
        });
        onCreated(created);
        return;
      }
      const patch: Record<string, string> = {};
      if (values.displayName.trim() !== editing.displayName) patch.displayName = values.displayName.trim();
      if (values.role !== editing.role) patch.role = values.role;
      const place = values.jurisdictionCode ?? editing.jurisdiction.code;
      if (place !== editing.jurisdiction.code) patch.jurisdictionCode = place;
      if (Object.keys(patch).length === 0) {
        onClose();
        return;
      }
      onUpdated(await api.patch<User>(`/api/users/${editing.id}`, patch));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={560}
      title={editing ? t('form.editTitle', { username: editing.username }) : t('form.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={editing ? t('action.save') : t('action.create')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        data-testid="user-form"
        initialValues={
          editing
            ? {
                username: editing.username,
                displayName: editing.displayName,
                jurisdictionCode: editing.jurisdiction.code,
                role: editing.role,
              }
            : {}
        }
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="username"
          label={t('form.username')}
          extra={editing ? undefined : t('form.usernameHint')}
          rules={[
            { required: true, message: t('form.usernameRequired') },
            { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('form.usernamePattern') },
          ]}
        >
          <Input disabled={!!editing} id="user-username" autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('form.displayName')}
          rules={[{ required: true, whitespace: true, message: t('form.displayNameRequired') }, { max: 100 }]}
        >
          <Input id="user-display-name" maxLength={100} />
        </Form.Item>
        {self ? (
          // One's own jurisdiction cannot change (CANNOT_CHANGE_SELF): shown, not a form field.
          <Form.Item label={t('form.jurisdiction')} extra={t('form.selfLocked')} required>
            <Input disabled value={editing?.jurisdiction.name} />
          </Form.Item>
        ) : (
          <Form.Item
            name="jurisdictionCode"
            label={t('form.jurisdiction')}
            extra={t('form.jurisdictionHint')}
            rules={[{ required: true, message: t('form.jurisdictionRequired') }]}
          >
            <JurisdictionPicker
              id="user-jurisdiction"
              testId="user-jurisdiction"
              maxLevel="grid"
              selectableLevels={selectableLevels}
              style={{ width: '100%' }}
              onChange={(_, node) => {
                setLevel(node?.level);
                const current = form.getFieldValue('role') as Role | undefined;
                if (node && current && !ROLE_DEFINITIONS[current].levels.includes(node.level)) {
                  form.setFieldValue('role', undefined);
                }
              }}
            />
          </Form.Item>
        )}
        <Form.Item
          name="role"
          label={t('form.role')}
          extra={level && roleOptions.length === 0 ? t('form.noRole') : t('form.roleHint')}
          rules={[{ required: true, message: t('form.roleRequired') }]}
        >
          <Select
            id="user-role"
            data-testid="user-role"
            disabled={self}
            options={roleOptions}
            optionLabelProp="title"
            showSearch={{ filterOption: (input, option) => String(option?.title ?? '').includes(input) }}
          />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="password"
            label={t('form.password')}
            extra={
              password ? <PasswordPolicy password={password} username={username} /> : t('form.passwordHint')
            }
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  if (value && newPasswordProblems(value, username).length > 0) {
                    throw new Error(t('form.passwordWeak'));
                  }
                },
              },
            ]}
          >
            <Input.Password id="user-password" autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
