/**
 * 划定管控区域: a place from the jurisdiction picker, a kind of the chosen edition, the reason, the
 * start date and the case numbers behind it. A field the server refuses is shown on that field.
 */
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { DEFAULT_EDITION_ID, EDITIONS } from '../../../../../domain/protocol.js';
import { api, isApiError } from '../../../app/api';
import { useLang, useLocalize, useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import type { ZoneDetail, ZoneInput, ZoneKind } from './api-types';
import { EDITION_KINDS, ZONE_KIND_LABELS } from './labels';
import { zonesMessages } from './zones.messages';

interface Values {
  place?: string;
  kind?: ZoneKind;
  editionId: string;
  reason?: string;
  startedOn?: Dayjs;
  caseNumbers?: string[];
}

export function DeclareZoneModal({
  open,
  onClose,
  onDeclared,
}: {
  open: boolean;
  onClose: () => void;
  onDeclared: (zone: ZoneDetail) => void;
}) {
  const t = useT(zonesMessages);
  const { lang } = useLang();
  const localize = useLocalize();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const editionId = Form.useWatch('editionId', form) ?? DEFAULT_EDITION_ID;
  const kinds = EDITION_KINDS[editionId] ?? [];

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const body: ZoneInput = {
        place: values.place!,
        kind: values.kind!,
        reason: values.reason!,
        editionId: values.editionId,
        ...(values.startedOn ? { startedOn: values.startedOn.format('YYYY-MM-DD') } : {}),
        ...(values.caseNumbers?.length ? { caseNumbers: values.caseNumbers } : {}),
      };
      const zone = await api.post<ZoneDetail>('/api/risk/zones', body);
      form.resetFields();
      onDeclared(zone);
    } catch (error) {
      const fields = isApiError(error)
        ? ((error.details?.fields as Array<{ field: string; message: string }> | undefined) ?? [])
        : [];
      if (fields.length) {
        form.setFields(
          fields.map((f) => ({
            name: f.field.split('/')[0] as keyof Values,
            errors: [f.message],
          })),
        );
      } else notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('form.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
      data-testid="zone-declare"
    >
      <Alert type="info" showIcon title={t('form.replaceHint')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ editionId: DEFAULT_EDITION_ID, startedOn: dayjs() }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="place" label={t('form.place')} rules={[{ required: true }]}>
          <JurisdictionPicker testId="zone-place" />
        </Form.Item>
        <Form.Item name="editionId" label={t('form.edition')}>
          <Select
            options={EDITIONS.map((e) => ({ value: e.id, label: lang === 'zh' ? e.name.zh : e.name.en }))}
            onChange={() => form.setFieldValue('kind', undefined)}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('form.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="zone-kind"
            options={kinds.map((k) => ({ value: k, label: localize(ZONE_KIND_LABELS[k]) }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('form.reason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="startedOn" label={t('form.startedOn')}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="caseNumbers" label={t('form.cases')} extra={t('form.casesHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
