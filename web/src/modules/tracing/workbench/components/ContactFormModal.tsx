/**
 * Adds a contact: named by a case (POST /cases/:id/contacts, close by default) or, as a secondary
 * contact, through a close contact (POST /contacts/:id/contacts). The server matches the person in
 * the population base by ID number, then phone, or creates them; what it did is said afterwards.
 * Someone outside our area goes out as an assist notice to the region given.
 */
import { App, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { EXPOSURE_TYPES, type ContactDegree, type ExposureType } from '../../../../../../domain/tracing.js';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { ContactAdded, ContactInput } from '../../api-types';
import { showFieldErrors } from '../form-errors';
import { CONTACT_DEGREE_LABELS, EXPOSURE_TYPE_LABELS, optionsOf } from '../labels';
import { workbenchMessages } from '../workbench.messages';

interface Values {
  name: string;
  idNumber?: string;
  phone?: string;
  relationship?: string;
  exposureType: ExposureType;
  lastExposureAt: Dayjs;
  degree: ContactDegree;
  address?: string;
  outside: boolean;
  outsideRegion?: string;
}

const FIELDS = [
  'name',
  'idNumber',
  'phone',
  'relationship',
  'exposureType',
  'lastExposureAt',
  'degree',
  'address',
  'outsideRegion',
] as const;

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function ContactFormModal({
  title,
  url,
  allowDegree,
  onClose,
  onAdded,
}: {
  title: string;
  /** POST /api/tracing/cases/:id/contacts or /api/tracing/contacts/:id/contacts. */
  url: string;
  /** A case may name a secondary contact directly; through a close contact it is always secondary. */
  allowDegree: boolean;
  onClose: () => void;
  onAdded: (added: ContactAdded) => void;
}) {
  const t = useT(workbenchMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const outside = Form.useWatch('outside', form) ?? false;

  const submit = async (values: Values) => {
    const body: ContactInput = {
      name: values.name.trim(),
      idNumber: blankToUndefined(values.idNumber),
      phone: blankToUndefined(values.phone),
      relationship: blankToUndefined(values.relationship),
      exposureType: values.exposureType,
      lastExposureAt: values.lastExposureAt.toISOString(),
      address: blankToUndefined(values.address),
      ...(allowDegree ? { degree: values.degree } : {}),
      ...(values.outside ? { outsideRegion: blankToUndefined(values.outsideRegion) } : {}),
    };
    setSaving(true);
    try {
      const added = await api.post<ContactAdded>(url, body);
      void message.success(t(`contact.matched.${added.matched}`));
      onAdded(added);
    } catch (error) {
      if (!showFieldErrors(form, error, FIELDS, lang)) notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('contact.save')}
      cancelText={t('contact.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'contact-save' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          exposureType: 'household',
          lastExposureAt: dayjs().startOf('minute'),
          degree: 'close',
          outside: false,
        }}
        onFinish={(v) => void submit(v)}
        data-testid="contact-form"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('contact.name')}
              rules={[{ required: true, whitespace: true, max: 50 }]}
            >
              <Input maxLength={50} data-testid="contact-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="relationship" label={t('contact.relationship')} rules={[{ max: 50 }]}>
              <Input maxLength={50} placeholder={t('contact.relationshipPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="idNumber"
              label={t('contact.idNumber')}
              dependencies={['phone']}
              rules={[
                { pattern: /^\d{17}[\dXx]$/, message: t('contact.badId') },
                ({ getFieldValue }) => ({
                  validator: (_, value?: string) =>
                    value?.trim() || (getFieldValue('phone') as string | undefined)?.trim()
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('contact.idOrPhone'))),
                }),
              ]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="contact-id" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('contact.phone')}
              rules={[{ pattern: /^1\d{10}$/, message: t('contact.badPhone') }]}
            >
              <Input maxLength={11} inputMode="tel" autoComplete="off" data-testid="contact-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="exposureType" label={t('contact.exposureType')} rules={[{ required: true }]}>
              <Select
                options={optionsOf(EXPOSURE_TYPES, EXPOSURE_TYPE_LABELS, lang)}
                data-testid="contact-exposure"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="lastExposureAt" label={t('contact.lastExposure')} rules={[{ required: true }]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
              />
            </Form.Item>
          </Col>
          {allowDegree && (
            <Col xs={24} sm={12}>
              <Form.Item name="degree" label={t('contact.degree')}>
                <Select
                  options={(['close', 'secondary'] as const).map((d) => ({
                    value: d,
                    label: CONTACT_DEGREE_LABELS[d][lang],
                  }))}
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={allowDegree ? 12 : 24}>
            <Form.Item name="address" label={t('contact.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="outside" valuePropName="checked">
              <Checkbox>{t('contact.outside')}</Checkbox>
            </Form.Item>
          </Col>
          {outside && (
            <Col xs={24} sm={12}>
              <Form.Item
                name="outsideRegion"
                label={t('contact.outsideRegion')}
                rules={[{ required: true, whitespace: true, max: 50 }]}
              >
                <Input maxLength={50} placeholder={t('contact.outsideRegionPlaceholder')} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
