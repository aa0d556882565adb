/** A sampling team of a site: its leader and how many samplers and helpers it brings. */
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { TeamBody } from '../../api-types';
import type { Team } from '../field-types';
import { sitesMessages } from './sites.messages';

export function TeamFormModal({
  siteId,
  team,
  onClose,
  onSaved,
}: {
  siteId: string;
  team: Team | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(sitesMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState(false);

  const save = async (values: TeamBody) => {
    setBusy(true);
    try {
      const body: TeamBody = { ...values, leader: values.leader?.trim() || null };
      if (team) await api.patch(`/api/testing/teams/${team.id}`, body);
      else await api.post(`/api/testing/sites/${siteId}/teams`, body);
      void message.success(t('team.saved', { name: values.name }));
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
      title={team ? t('team.edit') : t('team.add')}
      okButtonProps={{ loading: busy, htmlType: 'submit', form: 'team-form' }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<TeamBody>
        id="team-form"
        layout="vertical"
        initialValues={team ?? { samplers: 2, helpers: 1 }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item
          name="name"
          label={t('team.name')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input maxLength={100} data-testid="team-name" />
        </Form.Item>
        <Form.Item name="leader" label={t('team.leader')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="samplers" label={t('team.samplers')}>
          <InputNumber min={0} max={500} />
        </Form.Item>
        <Form.Item name="helpers" label={t('team.helpers')}>
          <InputNumber min={0} max={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
