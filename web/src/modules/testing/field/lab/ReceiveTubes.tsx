/** Loose tubes (brought by hand, or a box whose list was lost): scanned one by one, received together. */
import { App, Button, Card, Space, Tag } from 'antd';
import { useState } from 'react';
import { parseTubeBarcode } from '../../../../../../domain/testing.js';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { ScanField } from '../components/ScanField';
import { fieldMessages } from '../field.messages';
import type { ReceiveResponse } from '../field-types';
import { labMessages } from './lab.messages';

export function ReceiveTubes({ labId }: { labId: string }) {
  const t = useT(labMessages);
  const tf = useT(fieldMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [barcodes, setBarcodes] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const add = (text: string): boolean => {
    const parsed = parseTubeBarcode(text);
    if (!parsed.ok) {
      void message.error(tf('scan.badBarcode'));
      return false;
    }
    if (barcodes.includes(parsed.value))
      void message.warning(t('tubes.duplicate', { barcode: parsed.value }));
    else setBarcodes((list) => [parsed.value, ...list]);
    return true;
  };

  const receive = async () => {
    setBusy(true);
    try {
      const done = await api.post<ReceiveResponse>(`/api/testing/labs/${labId}/receive`, { barcodes });
      void message.success(
        done.alreadyReceived > 0
          ? t('tubes.doneBefore', { count: done.received, before: done.alreadyReceived })
          : t('tubes.done', { count: done.received }),
      );
      setBarcodes([]);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" style={{ maxWidth: 640 }}>
      <div className="field-stack">
        <ScanField placeholder={t('tubes.hint')} onSubmit={add} testId="lab-tube" />
        <Card size="small" type="inner" title={`${t('tubes.list')}（${barcodes.length}）`}>
          {barcodes.length === 0 ? (
            t('tubes.none')
          ) : (
            <Space wrap data-testid="lab-tube-list">
              {barcodes.map((b) => (
                <Tag key={b} closable onClose={() => setBarcodes((list) => list.filter((x) => x !== b))}>
                  <span className="field-barcode">{b}</span>
                </Tag>
              ))}
            </Space>
          )}
        </Card>
        <Space>
          <Button
            type="primary"
            size="large"
            loading={busy}
            disabled={barcodes.length === 0}
            onClick={() => void receive()}
            data-testid="lab-receive"
          >
            {t('tubes.submit', { count: barcodes.length })}
          </Button>
          <Button size="large" disabled={barcodes.length === 0} onClick={() => setBarcodes([])}>
            {t('tubes.clear')}
          </Button>
        </Space>
      </div>
    </Card>
  );
}
