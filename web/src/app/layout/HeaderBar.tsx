import { ExperimentOutlined, MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Badge, Button, Space, Tag, Tooltip } from 'antd';
import { useMe } from '../auth/auth.context';
import { useT } from '../i18n/i18n';
import { useLiveStatus } from '../live/live.context';
import { JurisdictionSwitcher } from './JurisdictionSwitcher';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

export function HeaderBar({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const t = useT();
  const me = useMe();
  const live = useLiveStatus();
  return (
    <header className="app-header">
      <Tooltip title={collapsed ? t('header.expand') : t('header.collapse')}>
        <Button
          type="text"
          icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          onClick={onToggle}
          aria-label={collapsed ? t('header.expand') : t('header.collapse')}
        />
      </Tooltip>
      <JurisdictionSwitcher />
      <div className="app-header-spacer" />
      <Space size={4} align="center">
        {me.isDemo && (
          <Tag color="orange" icon={<ExperimentOutlined />} data-testid="demo-tag">
            {t('header.demoTag')}
          </Tag>
        )}
        <Tooltip title={live ? t('header.live') : t('header.liveOff')}>
          <span className="live-dot" data-testid="live-status" data-connected={live}>
            <Badge status={live ? 'processing' : 'default'} />
          </span>
        </Tooltip>
        <LanguageSwitch />
        <UserMenu />
      </Space>
    </header>
  );
}
