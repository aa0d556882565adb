/** A recheck's own single tube: its barcode scanned at the door, recorded against the task. */
import { App, Modal, Typography } from 'antd';
import { useState } from 'react';
import { parseTubeBarcode } from '../../../../../../domain/testing.js';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { ScanField } from '../components/ScanField';
import { fieldMessages } from '../field.messages';
import type { SamplingTask } from '../field-types';
import { tasksMessages } from './tasks.messages';

export function TaskSampleModal({
  task,
  onClose,
  onDone,
}: {
  task: SamplingTask;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT(tasksMessages);
  const tf = useT(fieldMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState(false);

  const submit = async (text: string): Promise<boolean> => {
    const parsed = parseTubeBarcode(text);
    if (!parsed.ok) {
      void message.error(tf('scan.badBarcode'));
      return false;
    }
    setBusy(true);
    try {
      await api.post(`/api/testing/tasks/${task.id}/sample`, { barcode: parsed.value });
      void message.success(t('sample.done', { name: task.person.name, barcode: parsed.value }));
      onDone();
      return true;
    } catch (error) {
      notifyError(error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('sample.title', { name: task.person.name })}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {task.address} · <span className="masked">{task.person.idMasked}</span>
      </Typography.Paragraph>
      <ScanField placeholder={t('sample.hint')} busy={busy} onSubmit={submit} testId="task-barcode" />
    </Modal>
  );
}
