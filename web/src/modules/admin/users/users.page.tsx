/**
 * 用户管理: the accounts of the selected jurisdiction's subtree, filtered and paged on the server;
 * create, edit, disable or enable, reset a password (the temporary password is shown once).
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Table } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Permission } from '../../../../../domain/access.js';
import { api } from '../../../app/api';
import type { Page, User } from '../../../app/api-types';
import { useAuth, useMe } from '../../../app/auth/auth.context';
import { useLang, useT } from '../../../app/i18n/i18n';
import { useSelect, useSelection } from '../../../app/selection';
import { BadCodeState, ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { useNotifyError } from '../../../app/use-notify-error';
import { type OneTimeSecret, OneTimeSecretModal } from '../../../components/OneTimeSecretModal';
import { PageHead } from '../../../components/PageHead';
import { type UserAction, userColumns } from './user-columns';
import { UserFilters, type UserFilterValues } from './UserFilters';
import { type UserForm, UserFormModal } from './UserFormModal';
import { usersMessages } from './users.messages';

const PAGE_SIZES = [20, 50, 100];

export default function UsersPage() {
  const t = useT(usersMessages);
  const { lang } = useLang();
  const me = useMe();
  const { can } = useAuth();
  const canManage = can(Permission.UserManage);
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const { code, raw, isHome } = useSelection();
  const select = useSelect();
  const [params, setParams] = useSearchParams();
  const filters: UserFilterValues = {
    q: params.get('q') ?? '',
    role: params.get('role') ?? '',
    status: params.get('status') ?? '',
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const size = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : PAGE_SIZES[0]!;
  const list = useApi<Page<User>>(code ? '/api/users' : null, {
    ...filters,
    jurisdiction: isHome ? undefined : code,
    limit: size,
    offset: (page - 1) * size,
  });
  const [form, setForm] = useState<UserForm | null>(null);
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);

  if (!code) return <BadCodeState code={raw} />;

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const showSecret = (title: string, user: User, password: string) =>
    setSecret({
      title,
      intro: t('secret.intro', { name: user.displayName, username: user.username }),
      label: t('secret.password'),
      secret: password,
      note: t('secret.mustChange'),
      ack: t('secret.ack'),
    });

  const act = async (user: User, action: UserAction) => {
    try {
      switch (action) {
        case 'edit':
          setForm({ mode: 'edit', user });
          return;
        case 'disable':
        case 'enable':
          await api.patch(`/api/users/${user.id}`, { disabled: action === 'disable' });
          void message.success(
            t(action === 'disable' ? 'done.disabled' : 'done.enabled', { username: user.username }),
          );
          list.reload();
          return;
        case 'reset':
          modal.confirm({
            title: t('confirm.reset', { name: user.displayName }),
            content: t('confirm.resetHint'),
            okText: t('action.resetPassword'),
            onOk: async () => {
              try {
                const result = await api.post<{ temporaryPassword: string }>(
                  `/api/users/${user.id}/reset-password`,
                );
                showSecret(t('secret.resetTitle'), user, result.temporaryPassword);
                list.reload();
              } catch (error) {
                notifyError(error);
              }
            },
          });
          return;
      }
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <div data-testid="users-page">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setForm({ mode: 'create' })}
              data-testid="create-user"
            >
              {t('action.create')}
            </Button>
          )
        }
      />
      <Card>
        <UserFilters
          values={filters}
          jurisdiction={code}
          onChange={(patch) => update({ ...patch, page: '' })}
          onJurisdiction={(next) => select(next)}
          onReset={() => setParams(new URLSearchParams())}
          onRefresh={list.reload}
        />
        {list.error ? (
          <ErrorState error={list.error} target={code} onRetry={list.reload} />
        ) : (
          <Table<User>
            style={{ marginTop: 16 }}
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            columns={userColumns({ t, lang, meId: me.id, canManage, onAction: (u, a) => void act(u, a) })}
            locale={{ emptyText: t('empty') }}
            scroll={{ x: 1330 }}
            data-testid="users-table"
            pagination={{
              current: page,
              pageSize: size,
              total: list.data?.total ?? 0,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showTotal: (total) => t('state.total', { total }),
              onChange: (next, nextSize) => update({ page: String(next), size: String(nextSize) }),
            }}
          />
        )}
      </Card>
      {form && (
        <UserFormModal
          form={form}
          onClose={() => setForm(null)}
          onCreated={({ user, temporaryPassword }) => {
            setForm(null);
            void message.success(t('done.created', { username: user.username }));
            if (temporaryPassword) showSecret(t('secret.createdTitle'), user, temporaryPassword);
            else void message.info(t('secret.givenPassword'));
            list.reload();
          }}
          onUpdated={(user) => {
            setForm(null);
            void message.success(t('done.updated', { username: user.username }));
            list.reload();
          }}
        />
      )}
      {secret && <OneTimeSecretModal value={secret} onClose={() => setSecret(null)} />}
    </div>
  );
}
