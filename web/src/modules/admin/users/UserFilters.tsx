import { ReloadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space } from 'antd';
import { ROLE_DEFINITIONS, ROLES } from '../../../../../domain/access.js';
import { useLang, useT } from '../../../app/i18n/i18n';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import { usersMessages } from './users.messages';

export interface UserFilterValues {
  q: string;
  role: string;
  status: string;
}

/** Search, role, jurisdiction (the URL's selection) and status; every change goes to the URL. */
export function UserFilters({
  values,
  jurisdiction,
  onChange,
  onJurisdiction,
  onReset,
  onRefresh,
}: {
  values: UserFilterValues;
  jurisdiction: string;
  onChange: (patch: Partial<UserFilterValues>) => void;
  onJurisdiction: (code: string) => void;
  onReset: () => void;
  onRefresh: () => void;
}) {
  const t = useT(usersMessages);
  const { lang } = useLang();
  return (
    <Space wrap size={[12, 12]} data-testid="user-filters">
      <Input.Search
        key={values.q}
        defaultValue={values.q}
        placeholder={t('filter.search')}
        allowClear
        onSearch={(q) => onChange({ q: q.trim() })}
        style={{ width: 240 }}
        data-testid="user-search"
      />
      <Select
        value={values.role || undefined}
        placeholder={t('filter.role')}
        allowClear
        onChange={(role?: string) => onChange({ role: role ?? '' })}
        style={{ width: 200 }}
        options={ROLES.map((r) => ({ value: r, label: ROLE_DEFINITIONS[r].label[lang] }))}
      />
      <JurisdictionPicker
        value={jurisdiction}
        onChange={(code) => code && onJurisdiction(code)}
        style={{ width: 220 }}
        maxLevel="grid"
      />
      <Select
        value={values.status || undefined}
        placeholder={t('filter.status')}
        allowClear
        onChange={(status?: string) => onChange({ status: status ?? '' })}
        style={{ width: 140 }}
        options={[
          { value: 'active', label: t('status.active') },
          { value: 'disabled', label: t('status.disabled') },
        ]}
      />
      <Button onClick={onReset}>{t('action.reset')}</Button>
      <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('action.refresh')} />
    </Space>
  );
}
