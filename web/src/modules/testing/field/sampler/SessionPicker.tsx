/** The round and the site a sampler works at; both stay chosen on this device. */
import { Alert, Card, Form, Select } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import { fieldMessages } from '../field.messages';
import type { RoundSummary, Site } from '../field-types';

export function SessionPicker({
  rounds,
  sites,
  roundId,
  siteId,
  onChange,
}: {
  rounds: RoundSummary[];
  sites: Site[];
  roundId: string | null;
  siteId: string | null;
  onChange: (next: { roundId: string | null; siteId: string | null }) => void;
}) {
  const t = useT(fieldMessages);
  if (rounds.length === 0) return <Alert type="info" showIcon title={t('round.none')} />;
  return (
    <Card size="small">
      <Form layout="vertical" className="field-form">
        <Form.Item label={t('round.label')}>
          <Select
            size="large"
            value={roundId ?? undefined}
            placeholder={t('round.pick')}
            options={rounds.map((r) => ({ value: r.id, label: r.name }))}
            onChange={(value: string) => onChange({ roundId: value, siteId })}
            data-testid="sampler-round"
          />
        </Form.Item>
        <Form.Item label={t('site.label')}>
          <Select
            size="large"
            value={siteId ?? undefined}
            placeholder={sites.length ? t('site.pick') : t('site.none')}
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            options={sites
              .filter((s) => s.active)
              .map((s) => ({ value: s.id, label: `${s.name} · ${s.village.name}` }))}
            onChange={(value: string | undefined) => onChange({ roundId, siteId: value ?? null })}
            data-testid="sampler-site"
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
