/**
 * 开管: the tube's barcode and, when the people at the table are not the area's usual group
 * (isolation site, close contacts, single tube), the group — which sets the pool size. A barcode
 * already opened in this round by this team is picked up again rather than refused.
 */
import { App, Card, Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { POOL_GROUPS, POOL_GROUP_LABELS, type PoolGroup } from '../../../../../../domain/protocol.js';
import { parseTubeBarcode } from '../../../../../../domain/testing.js';
import { api, isApiError } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { ScanField } from '../components/ScanField';
import { fieldMessages } from '../field.messages';
import type { RoundSummary, Tube } from '../field-types';
import { samplerMessages } from './sampler.messages';

export function OpenTube({
  round,
  siteId,
  onOpened,
}: {
  round: RoundSummary;
  siteId: string | null;
  onOpened: (tube: Tube) => void;
}) {
  const t = useT(samplerMessages);
  const tf = useT(fieldMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [group, setGroup] = useState<PoolGroup | 'auto'>('auto');
  const [busy, setBusy] = useState(false);

  const ratio = (g: PoolGroup) => {
    const size = round.rules.pooling[g].size;
    return size === 1 ? tf('pool.single') : `${size}:1`;
  };

  const resume = async (barcode: string): Promise<boolean> => {
    const found = await api.get<{ items: Tube[] }>('/api/testing/tubes', { barcode });
    const tube = found.items.find((x) => x.roundId === round.id && x.status === 'open');
    if (!tube) return false;
    void message.info(t('open.resumed', { barcode }));
    onOpened(tube);
    return true;
  };

  const open = async (text: string): Promise<boolean> => {
    const parsed = parseTubeBarcode(text);
    if (!parsed.ok) {
      void message.error(tf('scan.badBarcode'));
      return false;
    }
    setBusy(true);
    try {
      const tube = await api.post<Tube>('/api/testing/tubes', {
        roundId: round.id,
        barcode: parsed.value,
        ...(siteId ? { siteId } : {}),
        ...(group === 'auto' ? {} : { group }),
      });
      onOpened(tube);
      return true;
    } catch (error) {
      if (isApiError(error, 'TUBE_EXISTS') && (await resume(parsed.value).catch(() => false))) return true;
      notifyError(error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('open.title')} size="small" data-testid="open-tube">
      <Form layout="vertical" className="field-form">
        <Form.Item label={t('open.group')}>
          <Select<PoolGroup | 'auto'>
            size="large"
            value={group}
            onChange={setGroup}
            options={[
              { value: 'auto', label: t('open.groupAuto') },
              ...POOL_GROUPS.map((g) => ({ value: g, label: `${POOL_GROUP_LABELS[g][lang]} · ${ratio(g)}` })),
            ]}
            data-testid="open-group"
          />
        </Form.Item>
        <Form.Item
          label={t('open.barcode')}
          extra={<Typography.Text type="secondary">{t('open.hint')}</Typography.Text>}
        >
          <ScanField
            placeholder={t('open.barcode')}
            button={t('open.button')}
            busy={busy}
            onSubmit={open}
            testId="tube-barcode"
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
