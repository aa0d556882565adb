import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Dropdown, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth/auth.context';
import { ChangePasswordModal } from '../auth/ChangePasswordModal';
import { useLang, useT } from '../i18n/i18n';
import { roleLabel } from '../i18n/labels';

export function UserMenu() {
  const t = useT();
  const { lang } = useLang();
  const me = useMe();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [changing, setChanging] = useState(false);

  const doLogout = async () => {
    await logout().catch(() => undefined);
    void message.success(t('user.loggedOut'));
    void navigate('/login', { replace: true });
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        placement="bottomRight"
        menu={{
          items: [
            {
              key: 'who',
              disabled: true,
              className: 'user-menu-who',
              label: (
                <div data-testid="user-menu-who">
                  <Typography.Text strong>{me.displayName}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {roleLabel(me.role, lang)} · {me.jurisdiction.name}
                  </Typography.Text>
                </div>
              ),
            },
            { type: 'divider' },
            {
              key: 'password',
              icon: <KeyOutlined />,
              label: t('user.changePassword'),
              onClick: () => setChanging(true),
            },
            {
              key: 'logout',
              icon: <LogoutOutlined />,
              label: <span data-testid="logout">{t('user.logout')}</span>,
              onClick: () => void doLogout(),
            },
          ],
        }}
      >
        <button type="button" className="user-menu-trigger" data-testid="user-menu">
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1a56b8' }} />
          <span className="user-menu-name">{me.displayName}</span>
        </button>
      </Dropdown>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
    </>
  );
}
