/** Boxes on their way to this lab (and, on the other tab, those already received). */
import { App, Button, Segmented, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { Box } from '../field-types';
import { labMessages } from './lab.messages';

const time = (iso: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');

export function IncomingBoxes({ labId }: { labId: string }) {
  const t = useT(labMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [status, setStatus] = useState<'shipped' | 'received'>('shipped');
  const boxes = useApi<{ items: Box[] }>('/api/testing/boxes', { labId, status });
  const [busy, setBusy] = useState<string | null>(null);

  const receive = async (box: Box) => {
    setBusy(box.id);
    try {
      const done = await api.post<Box>(`/api/testing/boxes/${box.id}/receive`);
      void message.success(t('boxes.received.ok', { code: done.code, count: done.tubes }));
      boxes.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="field-stack">
      <Segmented<'shipped' | 'received'>
        value={status}
        onChange={setStatus}
        options={[
          { value: 'shipped', label: t('boxes.shipped') },
          { value: 'received', label: t('boxes.received') },
        ]}
      />
      {boxes.error ? (
        <ErrorState error={boxes.error} onRetry={boxes.reload} />
      ) : (
        <Table<Box>
          rowKey="id"
          size="middle"
          loading={boxes.loading}
          dataSource={boxes.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('boxes.none') }}
          data-testid="lab-boxes"
          columns={[
            {
              key: 'code',
              title: t('boxes.code'),
              render: (_, b) => <span className="field-barcode">{b.code}</span>,
            },
            { key: 'tubes', title: t('boxes.tubes'), dataIndex: 'tubes', align: 'right' },
            { key: 'shipped', title: t('boxes.shippedAt'), render: (_, b) => time(b.shippedAt) },
            status === 'shipped'
              ? {
                  key: 'action',
                  title: '',
                  render: (_, b) => (
                    <Button type="primary" loading={busy === b.id} onClick={() => void receive(b)}>
                      {t('boxes.receive')}
                    </Button>
                  ),
                }
              : { key: 'received', title: t('boxes.receivedAt'), render: (_, b) => time(b.receivedAt) },
          ]}
        />
      )}
    </div>
  );
}
