/**
 * 装箱送检: closed tubes scanned into a box for one lab. Each barcode is looked up as it is scanned,
 * so an open or already shipped tube is caught at the table, not at the lab.
 */
import { App, Button, Card, Form, Input, List, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { parseTubeBarcode } from '../../../../../../domain/testing.js';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { ScanField } from '../components/ScanField';
import { fieldMessages } from '../field.messages';
import type { Box, RoundSummary, Tube } from '../field-types';
import { PoolTag } from '../labels';
import { useLabs, useStored } from '../use-field-data';
import { samplerMessages } from './sampler.messages';

export function BoxStep({ round }: { round: RoundSummary }) {
  const t = useT(samplerMessages);
  const tf = useT(fieldMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const labs = useLabs();
  const [labId, setLabId] = useStored<string | null>('sampler.lab', null);
  const [code, setCode] = useState('');
  const [tubes, setTubes] = useState<Tube[]>([]);
  const [busy, setBusy] = useState(false);

  const addTube = async (text: string): Promise<boolean> => {
    const parsed = parseTubeBarcode(text);
    if (!parsed.ok) {
      void message.error(tf('scan.badBarcode'));
      return false;
    }
    const barcode = parsed.value;
    if (tubes.some((x) => x.barcode === barcode)) {
      void message.warning(t('box.duplicate', { barcode }));
      return true;
    }
    try {
      const found = await api.get<{ items: Tube[] }>('/api/testing/tubes', { barcode });
      const tube = found.items.find((x) => x.roundId === round.id) ?? found.items[0];
      if (!tube) {
        void message.error(t('box.notFound', { barcode }));
        return false;
      }
      if (tube.status !== 'closed') {
        void message.error(t('box.notClosed', { barcode, status: tf(`tube.${tube.status}`) }));
        return true;
      }
      setTubes((list) => [tube, ...list]);
      return true;
    } catch (error) {
      notifyError(error);
      return false;
    }
  };

  const ship = async () => {
    const lab = labs.data?.items.find((l) => l.id === labId);
    if (!lab || code.trim() === '' || tubes.length === 0) {
      void message.warning(t('box.needAll'));
      return;
    }
    setBusy(true);
    try {
      const box = await api.post<Box>('/api/testing/boxes', {
        roundId: round.id,
        code: code.trim().toUpperCase(),
        labId: lab.id,
        barcodes: tubes.map((x) => x.barcode),
      });
      void message.success(t('box.sent', { code: box.code, lab: lab.name, count: box.tubes }));
      setTubes([]);
      setCode('');
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('box.title')} data-testid="box-step">
      <Form layout="vertical" className="field-form">
        <Form.Item label={tf('lab.label')}>
          <Select
            size="large"
            value={labId ?? undefined}
            placeholder={tf('lab.pick')}
            loading={labs.data === undefined}
            options={(labs.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
            onChange={(value: string) => setLabId(value)}
            data-testid="box-lab"
          />
        </Form.Item>
        <Form.Item label={t('box.code')}>
          <Input
            size="large"
            value={code}
            placeholder={t('box.codePlaceholder')}
            onChange={(e) => setCode(e.target.value)}
            data-testid="box-code"
          />
        </Form.Item>
        <Form.Item label={t('box.tubes')} extra={t('box.tubesHint')}>
          <ScanField placeholder={t('open.barcode')} onSubmit={addTube} autoFocus={false} testId="box-tube" />
        </Form.Item>
      </Form>
      <List
        size="small"
        dataSource={tubes}
        locale={{ emptyText: t('box.tubesNone') }}
        data-testid="box-tubes"
        renderItem={(tube) => (
          <List.Item
            actions={[
              <Button
                key="remove"
                type="link"
                danger
                onClick={() => setTubes((list) => list.filter((x) => x.id !== tube.id))}
              >
                {t('box.remove')}
              </Button>,
            ]}
          >
            <Space wrap size={6}>
              <span className="field-barcode">{tube.barcode}</span>
              <PoolTag size={tube.capacity} group={tube.group} />
              <Typography.Text type="secondary">{t('box.members', { n: tube.members })}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Button
        type="primary"
        size="large"
        block
        loading={busy}
        disabled={tubes.length === 0}
        onClick={() => void ship()}
        style={{ marginTop: 12 }}
        data-testid="box-submit"
      >
        {t('box.submit', { count: tubes.length })}
      </Button>
    </Card>
  );
}
