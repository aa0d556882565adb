/**
 * Create a grid (under a village) or a building (under a grid); rename a grid; edit a building's
 * name, kind and address.
 */
import { Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { KINDS } from '../../../../domain/jurisdiction.js';
import { api } from '../../app/api';
import type { Jurisdiction } from '../../app/api-types';
import { useLang, useT } from '../../app/i18n/i18n';
import { kindLabel } from '../../app/i18n/labels';
import { useNotifyError } from '../../app/use-notify-error';
import { jurisdictionsMessages } from './jurisdictions.messages';

export type UnitForm =
  { mode: 'create'; level: 'grid' | 'building'; parent: Jurisdiction } | { mode: 'edit'; node: Jurisdiction };

interface Values {
  name: string;
  kind?: string;
  address?: string;
}

export function UnitFormModal({
  form: spec,
  onClose,
  onSaved,
}: {
  form: UnitForm;
  onClose: () => void;
  onSaved: (node: Jurisdiction, created: boolean) => void;
}) {
  const t = useT(jurisdictionsMessages);
  const { lang } = useLang();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const level = spec.mode === 'create' ? spec.level : spec.node.level;
  const isBuilding = level === 'building';
  const title =
    spec.mode === 'create'
      ? t(isBuilding ? 'form.buildingTitle' : 'form.gridTitle', { parent: spec.parent.shortName })
      : t(isBuilding ? 'form.editBuildingTitle' : 'form.renameTitle');
  const initial: Values =
    spec.mode === 'edit'
      ? { name: spec.node.name, kind: spec.node.kind, address: spec.node.address ?? '' }
      : { name: '', kind: 'apartment', address: '' };

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const extra = isBuilding ? { kind: values.kind, address: values.address?.trim() || null } : {};
      const saved =
        spec.mode === 'create'
          ? await api.post<Jurisdiction>('/api/jurisdictions', {
              parentCode: spec.parent.code,
              level: spec.level,
              name: values.name.trim(),
              ...extra,
            })
          : await api.patch<Jurisdiction>(`/api/jurisdictions/${spec.node.code}`, {
              name: values.name.trim(),
              ...extra,
            });
      onSaved(saved, spec.mode === 'create');
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('action.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => void submit(values)}
        data-testid="unit-form"
      >
        <Form.Item
          name="name"
          label={t('form.name')}
          rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }, { max: 100 }]}
        >
          <Input
            autoFocus
            maxLength={100}
            id="unit-name"
            placeholder={t(isBuilding ? 'form.namePlaceholderBuilding' : 'form.namePlaceholderGrid')}
          />
        </Form.Item>
        {isBuilding && (
          <>
            <Form.Item name="kind" label={t('form.kind')}>
              <Radio.Group
                optionType="button"
                options={KINDS.building.map((kind) => ({
                  value: kind,
                  label: kindLabel('building', kind, lang),
                }))}
              />
            </Form.Item>
            <Form.Item name="address" label={t('form.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder={t('form.addressPlaceholder')} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
