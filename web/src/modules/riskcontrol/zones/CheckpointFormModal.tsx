/**
 * A checkpoint created or edited: code (unique city-wide), name, kind, place, location, coordinates,
 * staff per shift, active, and the crossing rules as JSON (empty: the kind's default). A field the
 * server refuses is shown on that field.
 */
import { Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { api, isApiError } from '../../../app/api';
import { useLocalize, useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import type { Checkpoint, CheckpointInput, CheckpointKind, CheckpointPatch } from './api-types';
import { CHECKPOINT_KIND_LABELS } from './labels';
import { checkpointsMessages } from './zones.messages';

interface Values {
  code?: string;
  name?: string;
  kind?: CheckpointKind;
  place?: string;
  location?: string;
  lat?: number | null;
  lon?: number | null;
  staffPerShift?: number;
  active: boolean;
  policy?: string;
}

export function CheckpointFormModal({
  editing,
  onClose,
  onSaved,
}: {
  editing: Checkpoint | 'new' | null;
  onClose: () => void;
  onSaved: (c: Checkpoint) => void;
}) {
  const t = useT(checkpointsMessages);
  const localize = useLocalize();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const existing = editing !== 'new' ? editing : null;

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (existing)
      form.setFieldsValue({
        code: existing.code,
        name: existing.name,
        kind: existing.kind,
        place: existing.place.code,
        location: existing.location ?? '',
        lat: existing.lat,
        lon: existing.lon,
        staffPerShift: existing.staffPerShift,
        active: existing.active,
        policy: JSON.stringify(existing.policy, null, 2),
      });
  }, [editing, existing, form]);

  const submit = async (values: Values) => {
    let policy: CheckpointInput['policy'];
    if (values.policy?.trim()) {
      try {
        policy = JSON.parse(values.policy) as CheckpointInput['policy'];
      } catch {
        form.setFields([{ name: 'policy', errors: [t('cp.policyBad')] }]);
        return;
      }
    }
    setSaving(true);
    try {
      const common = {
        name: values.name!,
        location: values.location?.trim() || null,
        lat: values.lat ?? null,
        lon: values.lon ?? null,
        ...(values.staffPerShift ? { staffPerShift: values.staffPerShift } : {}),
        active: values.active,
        ...(policy ? { policy } : {}),
      };
      const saved = existing
        ? await api.patch<Checkpoint>(`/api/risk/checkpoints/${existing.id}`, {
            ...common,
            version: existing.version,
          } satisfies CheckpointPatch)
        : await api.post<Checkpoint>('/api/risk/checkpoints', {
            ...common,
            code: values.code!,
            kind: values.kind!,
            place: values.place!,
          } satisfies CheckpointInput);
      onSaved(saved);
    } catch (error) {
      const fields = isApiError(error)
        ? ((error.details?.fields as Array<{ field: string; message: string }> | undefined) ?? [])
        : [];
      if (fields.length)
        form.setFields(
          fields.map((f) => ({
            name: f.field.split('/')[0] as keyof Values,
            errors: [`${f.field}: ${f.message}`],
          })),
        );
      else notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={editing !== null}
      title={existing ? `${t('cp.edit')} ${existing.code}` : t('cp.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={620}
      data-testid="checkpoint-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ active: true, staffPerShift: 2 }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="code"
          label={t('cp.code')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9-]{2,20}$/ }]}
        >
          <Input disabled={!!existing} placeholder="AC-BJ-03" />
        </Form.Item>
        <Form.Item name="name" label={t('cp.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('cp.kind')} rules={[{ required: true }]}>
          <Select
            disabled={!!existing}
            options={(Object.keys(CHECKPOINT_KIND_LABELS) as CheckpointKind[]).map((k) => ({
              value: k,
              label: localize(CHECKPOINT_KIND_LABELS[k]),
            }))}
          />
        </Form.Item>
        <Form.Item name="place" label={t('cp.place')} rules={[{ required: true }]}>
          {existing ? <Input disabled /> : <JurisdictionPicker />}
        </Form.Item>
        <Form.Item name="location" label={t('cp.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={`${t('cp.lat')} / ${t('cp.lon')}`} style={{ marginBottom: 0 }}>
          <Form.Item name="lat" style={{ display: 'inline-block', width: 'calc(50% - 8px)' }}>
            <InputNumber
              min={-90}
              max={90}
              step={0.0001}
              style={{ width: '100%' }}
              placeholder={t('cp.lat')}
            />
          </Form.Item>
          <Form.Item name="lon" style={{ display: 'inline-block', width: 'calc(50% - 8px)', marginLeft: 16 }}>
            <InputNumber
              min={-180}
              max={180}
              step={0.0001}
              style={{ width: '100%' }}
              placeholder={t('cp.lon')}
            />
          </Form.Item>
        </Form.Item>
        <Form.Item name="staffPerShift" label={t('cp.staffPerShift')}>
          <InputNumber min={1} max={50} />
        </Form.Item>
        <Form.Item name="active" label={t('cp.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="policy" label={t('cp.policy')} extra={t('cp.policyHint')}>
          <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
