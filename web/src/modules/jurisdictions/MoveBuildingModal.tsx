/** Moves a building to another grid of the same village (the server allows nothing else). */
import { Alert, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import type { Jurisdiction, Page } from '../../app/api-types';
import { useT } from '../../app/i18n/i18n';
import { useApi } from '../../app/use-api';
import { useNotifyError } from '../../app/use-notify-error';
import { jurisdictionsMessages } from './jurisdictions.messages';

export function MoveBuildingModal({
  building,
  onClose,
  onMoved,
}: {
  building: Jurisdiction;
  onClose: () => void;
  onMoved: (node: Jurisdiction, grid: Jurisdiction) => void;
}) {
  const t = useT(jurisdictionsMessages);
  const notifyError = useNotifyError();
  const village = building.code.slice(0, 12);
  const { data, loading } = useApi<Page<Jurisdiction>>('/api/jurisdictions', { parent: village, limit: 500 });
  const grids = (data?.items ?? []).filter((g) => g.level === 'grid' && g.code !== building.parentCode);
  const [form] = Form.useForm<{ grid: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ grid }: { grid: string }) => {
    setBusy(true);
    try {
      const moved = await api.patch<Jurisdiction>(`/api/jurisdictions/${building.code}`, {
        parentCode: grid,
      });
      onMoved(
        moved,
        grids.find((g) => g.code === grid)!,
      );
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('form.moveTitle', { name: building.shortName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: grids.length === 0 }}
      confirmLoading={busy}
      destroyOnHidden
    >
      {!loading && grids.length === 0 ? (
        <Alert type="info" showIcon title={t('form.noOtherGrid')} />
      ) : (
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
          <Form.Item
            name="grid"
            label={t('form.targetGrid')}
            rules={[{ required: true, message: t('form.targetGridRequired') }]}
          >
            <Select
              loading={loading}
              options={grids.map((g) => ({ value: g.code, label: `${g.shortName} · ${g.code}` }))}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
