import { Badge, Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { User } from '../../../app/api-types';
import type { Lang, Translate } from '../../../app/i18n/i18n';
import { levelLabel, roleLabel } from '../../../app/i18n/labels';
import type { usersMessages } from './users.messages';

export type UserAction = 'edit' | 'disable' | 'enable' | 'reset';

type T = Translate<keyof typeof usersMessages.zh>;

function time(value: string | null, fallback: string) {
  return value ? <span className="num">{dayjs(value).format('YYYY-MM-DD HH:mm')}</span> : fallback;
}

export function userColumns({
  t,
  lang,
  meId,
  canManage,
  onAction,
}: {
  t: T;
  lang: Lang;
  meId: string;
  canManage: boolean;
  onAction: (user: User, action: UserAction) => void;
}): TableColumnsType<User> {
  const columns: TableColumnsType<User> = [
    {
      title: t('col.username'),
      dataIndex: 'username',
      width: 230,
      render: (username: string, user) => (
        <Space size={4} wrap>
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
            {username}
          </Typography.Text>
          {user.id === meId && <Tag color="blue">{t('tag.self')}</Tag>}
          {user.isDemo && <Tag color="orange">{t('tag.demo')}</Tag>}
          {user.mustChangePassword && <Tag color="gold">{t('tag.mustChange')}</Tag>}
        </Space>
      ),
    },
    { title: t('col.displayName'), dataIndex: 'displayName', width: 200 },
    { title: t('col.role'), dataIndex: 'role', width: 170, render: (role: string) => roleLabel(role, lang) },
    {
      title: t('col.jurisdiction'),
      key: 'jurisdiction',
      width: 130,
      render: (_, user) => (
        <Tooltip title={`${levelLabel(user.jurisdiction.level, lang)} · ${user.jurisdiction.code}`}>
          {user.jurisdiction.name}
        </Tooltip>
      ),
    },
    {
      title: t('col.status'),
      dataIndex: 'disabled',
      width: 100,
      render: (disabled: boolean) =>
        disabled ? (
          <Badge status="default" text={t('status.disabled')} />
        ) : (
          <Badge status="success" text={t('status.active')} />
        ),
    },
    {
      title: t('col.lastLogin'),
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => time(v, t('never')),
    },
    { title: t('col.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v, '') },
  ];
  if (!canManage) return columns;
  columns.push({
    title: t('col.actions'),
    key: 'actions',
    fixed: 'right',
    width: lang === 'zh' ? 190 : 250,
    render: (_, user) => {
      const self = user.id === meId;
      const name = user.displayName;
      return (
        <Space size={0} data-testid={`user-actions-${user.username}`}>
          <Button type="link" size="small" onClick={() => onAction(user, 'edit')}>
            {t('action.edit')}
          </Button>
          {!self && (
            <Popconfirm
              title={user.disabled ? t('confirm.enable', { name }) : t('confirm.disable', { name })}
              description={user.disabled ? undefined : t('confirm.disableHint')}
              okButtonProps={{ danger: !user.disabled }}
              onConfirm={() => onAction(user, user.disabled ? 'enable' : 'disable')}
            >
              <Button type="link" size="small" danger={!user.disabled}>
                {user.disabled ? t('action.enable') : t('action.disable')}
              </Button>
            </Popconfirm>
          )}
          {!self && (
            <Button type="link" size="small" onClick={() => onAction(user, 'reset')}>
              {t('action.resetPassword')}
            </Button>
          )}
        </Space>
      );
    },
  });
  return columns;
}
