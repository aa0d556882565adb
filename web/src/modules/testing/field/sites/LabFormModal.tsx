/** A lab (fixed or mobile) that receives this area's tubes. */
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import type { LabBody } from '../../api-types';
import { sitesMessages } from './sites.messages';

export function LabFormModal({
  jurisdiction,
  onClose,
  onSaved,
}: {
  jurisdiction: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(sitesMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState(false);

  const save = async (values: LabBody) => {
    setBusy(true);
    try {
      await api.post('/api/testing/labs', { ...values, code: values.code.trim().toUpperCase() });
      void message.success(t('lab.saved', { name: values.name }));
      onSaved();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('labs.add')}
      okButtonProps={{ loading: busy, htmlType: 'submit', form: 'lab-form' }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<LabBody>
        id="lab-form"
        layout="vertical"
        initialValues={{ jurisdiction, kind: 'fixed', capacityPerDay: 10000 }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item
          name="code"
          label={t('lab.code')}
          rules={[
            { required: true, message: t('form.required') },
            { pattern: /^[A-Za-z0-9_-]{2,40}$/, message: 'A-Z 0-9 _ -' },
          ]}
        >
          <Input maxLength={40} data-testid="lab-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('lab.name')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input maxLength={100} data-testid="lab-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('lab.kind')}>
          <Select
            options={[
              { value: 'fixed', label: t('lab.fixed') },
              { value: 'mobile', label: t('lab.mobile') },
            ]}
          />
        </Form.Item>
        <Form.Item name="capacityPerDay" label={t('lab.capacity')}>
          <InputNumber min={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="jurisdiction"
          label={t('lab.place')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <JurisdictionPicker maxLevel="county" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
