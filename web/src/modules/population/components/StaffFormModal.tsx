/**
 * Adds a grid worker (serves a grid) or a building head (serves a building): the role follows from
 * the unit chosen. An account in scope may be linked by username.
 */
import { Form, Input, Modal, Tag } from 'antd';
import { useState } from 'react';
import { parsePhone } from '../../../../../domain/idcard.js';
import { parseJurisdictionCode } from '../../../../../domain/jurisdiction.js';
import { api } from '../../../app/api';
import { useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import type { StaffBody, StaffEntry, StaffRole } from '../api-types';
import { populationMessages } from '../population.messages';

interface Values {
  unitCode?: string;
  name: string;
  phone?: string;
  username?: string;
}

const STAFF_LEVELS = ['grid', 'building'] as const;

function roleFor(code: string | undefined): StaffRole | null {
  const level = code ? parseJurisdictionCode(code)?.level : undefined;
  return level === 'grid' ? 'grid_worker' : level === 'building' ? 'building_head' : null;
}

export function StaffFormModal({
  unitCode,
  onClose,
  onSaved,
}: {
  /** The grid or building to serve, when the page already says which. */
  unitCode?: string;
  onClose: () => void;
  onSaved: (entry: StaffEntry) => void;
}) {
  const t = useT(populationMessages);
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const chosen = Form.useWatch('unitCode', form) ?? unitCode;
  const role = roleFor(chosen);

  const submit = async (values: Values) => {
    const code = values.unitCode ?? unitCode;
    const staffRole = roleFor(code);
    if (!code || !staffRole) return;
    setBusy(true);
    try {
      const body: StaffBody = {
        unitCode: code,
        role: staffRole,
        name: values.name.trim(),
        phone: values.phone?.trim() || null,
        username: values.username?.trim() || null,
      };
      onSaved(await api.post<StaffEntry>('/api/population/staff', body));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('staff.formTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('action.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ unitCode }}
        onFinish={(values) => void submit(values)}
        data-testid="staff-form"
      >
        <Form.Item
          name="unitCode"
          label={t('staff.unit')}
          rules={[{ required: true, message: t('staff.unitRequired') }]}
          extra={role && <Tag color="blue">{t(`staff.role.${role}`)}</Tag>}
        >
          <JurisdictionPicker selectableLevels={STAFF_LEVELS} style={{ width: '100%' }} testId="staff-unit" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('staff.name')}
          rules={[{ required: true, whitespace: true, message: t('staff.nameRequired') }, { max: 50 }]}
        >
          <Input id="staff-name" maxLength={50} autoFocus />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('staff.phone')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (value?.trim() && !parsePhone(value).ok) throw new Error(t('staff.phoneInvalid'));
              },
            },
          ]}
        >
          <Input id="staff-phone" maxLength={30} />
        </Form.Item>
        <Form.Item name="username" label={t('staff.username')} extra={t('staff.usernameHint')}>
          <Input maxLength={64} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
