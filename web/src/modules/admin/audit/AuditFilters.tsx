import { ReloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { Lang } from '../../../app/i18n/i18n';
import { useLang, useT } from '../../../app/i18n/i18n';
import { actionLabel, OUTCOMES, outcomeLabel } from '../../../app/i18n/labels';
import { useApi } from '../../../app/use-api';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import { auditMessages } from './audit.messages';

export interface AuditFilterValues {
  actor: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}

function actionOptions(actions: string[], lang: Lang) {
  return actions.map((a) => ({ value: a, label: actionLabel(a, lang), title: a }));
}

export function AuditFilters({
  values,
  jurisdiction,
  onChange,
  onJurisdiction,
  onReset,
  onRefresh,
}: {
  values: AuditFilterValues;
  jurisdiction: string;
  onChange: (patch: Partial<AuditFilterValues>) => void;
  onJurisdiction: (code: string) => void;
  onReset: () => void;
  onRefresh: () => void;
}) {
  const t = useT(auditMessages);
  const { lang } = useLang();
  const actions = useApi<{ items: string[] }>('/api/audit/actions');
  return (
    <Space wrap size={[12, 12]} data-testid="audit-filters">
      <Input.Search
        key={values.actor}
        defaultValue={values.actor}
        placeholder={t('filter.actor')}
        allowClear
        onSearch={(actor) => onChange({ actor: actor.trim() })}
        style={{ width: 200 }}
        data-testid="audit-actor"
      />
      <Select
        value={values.action || undefined}
        placeholder={t('filter.action')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        loading={actions.loading}
        onChange={(action?: string) => onChange({ action: action ?? '' })}
        style={{ width: 180 }}
        options={actionOptions(actions.data?.items ?? [], lang)}
        data-testid="audit-action"
      />
      <Select
        value={values.outcome || undefined}
        placeholder={t('filter.outcome')}
        allowClear
        onChange={(outcome?: string) => onChange({ outcome: outcome ?? '' })}
        style={{ width: 130 }}
        options={OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(o, lang).text }))}
      />
      <JurisdictionPicker
        value={jurisdiction}
        onChange={(code) => code && onJurisdiction(code)}
        style={{ width: 200 }}
      />
      <DatePicker.RangePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        allowEmpty={[true, true]}
        placeholder={[t('filter.from'), t('filter.to')]}
        value={[values.from ? dayjs(values.from) : null, values.to ? dayjs(values.to) : null]}
        onChange={(range) =>
          onChange({
            from: range?.[0]?.toISOString() ?? '',
            to: range?.[1]?.endOf('minute').toISOString() ?? '',
          })
        }
      />
      <Button onClick={onReset}>{t('action.reset')}</Button>
      <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('action.refresh')} />
    </Space>
  );
}
