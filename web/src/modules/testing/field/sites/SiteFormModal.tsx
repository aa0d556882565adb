/** A sampling site, new or edited: where it is (a village or community), when it opens, how many tables. */
import { App, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import type { SiteBody } from '../../api-types';
import type { Site } from '../field-types';
import { sitesMessages } from './sites.messages';

export function SiteFormModal({
  site,
  defaultVillage,
  onClose,
  onSaved,
}: {
  site: Site | null;
  defaultVillage: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(sitesMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<SiteBody>();
  const [busy, setBusy] = useState(false);

  const save = async (values: SiteBody) => {
    setBusy(true);
    try {
      const body: SiteBody = {
        ...values,
        address: values.address?.trim() || null,
        hours: values.hours?.trim() || null,
      };
      if (site) await api.patch(`/api/testing/sites/${site.id}`, body);
      else await api.post('/api/testing/sites', body);
      void message.success(t('site.saved', { name: values.name }));
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
      title={site ? t('site.edit') : t('sites.add')}
      okButtonProps={{ loading: busy, htmlType: 'submit', form: 'site-form' }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<SiteBody>
        id="site-form"
        form={form}
        layout="vertical"
        initialValues={
          site
            ? {
                name: site.name,
                jurisdiction: site.village.code,
                address: site.address,
                hours: site.hours,
                tables: site.tables,
                active: site.active,
              }
            : { jurisdiction: defaultVillage ?? undefined, tables: 1, active: true }
        }
        onFinish={(values) => void save(values)}
      >
        <Form.Item
          name="name"
          label={t('site.name')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input maxLength={100} data-testid="site-name" />
        </Form.Item>
        <Form.Item
          name="jurisdiction"
          label={t('site.village')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <JurisdictionPicker selectableLevels={['village']} maxLevel="village" testId="site-village" />
        </Form.Item>
        <Form.Item name="address" label={t('site.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="hours" label={t('site.hours')}>
          <Input maxLength={100} placeholder={t('site.hoursPlaceholder')} />
        </Form.Item>
        <Form.Item name="tables" label={t('site.tables')}>
          <InputNumber min={0} max={200} />
        </Form.Item>
        <Form.Item name="active" label={t('site.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
