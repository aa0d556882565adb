/**
 * 新增病例: a case reported by hand (a hospital's report, a phone call). The person is found in the
 * population base by ID number; someone not in it is created from the name and mobile, and belongs
 * to the village picked here. Dates are calendar dates; the report time starts the 2+4+24 clocks.
 */
import {
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Grid,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  CASE_CLASSIFICATIONS,
  FOUND_IN,
  type CaseClassification,
  type FoundIn,
} from '../../../../../../domain/tracing.js';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import type { CaseDetail, CaseInput } from '../../api-types';
import { showFieldErrors } from '../form-errors';
import { CASE_SOURCE_LABELS, CLASSIFICATION_LABELS, FOUND_IN_LABELS, optionsOf } from '../labels';
import { casesMessages } from './cases.messages';

interface Values {
  idNumber?: string;
  name?: string;
  phone?: string;
  sex?: 'M' | 'F';
  address?: string;
  place?: string;
  classification: CaseClassification;
  foundIn: FoundIn;
  source: 'hospital' | 'manual';
  onsetDate?: Dayjs;
  sampledDate: Dayjs;
  reportedAt: Dayjs;
  isolatedAt?: Dayjs;
  lineage?: string;
}

const FIELDS = [
  'idNumber',
  'name',
  'phone',
  'sex',
  'address',
  'place',
  'classification',
  'foundIn',
  'source',
  'onsetDate',
  'sampledDate',
  'reportedAt',
  'isolatedAt',
  'lineage',
] as const;

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function toCaseInput(v: Values): CaseInput {
  const name = text(v.name);
  return {
    idNumber: text(v.idNumber)?.toUpperCase(),
    ...(name ? { person: { name, phone: text(v.phone), sex: v.sex, address: text(v.address) } } : {}),
    place: v.place,
    classification: v.classification,
    foundIn: v.foundIn,
    source: v.source,
    onsetDate: v.onsetDate?.format('YYYY-MM-DD'),
    sampledDate: v.sampledDate.format('YYYY-MM-DD'),
    reportedAt: v.reportedAt.toISOString(),
    isolatedAt: v.isolatedAt?.toISOString(),
    lineage: text(v.lineage),
  };
}

export function NewCaseDrawer({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const t = useT(casesMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const notFuture = (d: Dayjs) => d.isAfter(dayjs().endOf('day'));

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const created = await api.post<{ case: CaseDetail }>('/api/tracing/cases', toCaseInput(values));
      void message.success(t('form.created', { number: created.case.number }));
      onCreated(created.case.id);
    } catch (error) {
      if (!showFieldErrors(form, error, FIELDS, lang, { person: 'name' })) notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      title={t('form.title')}
      size={screens.md ? 640 : '100%'}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="case-save">
            {t('form.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          classification: 'asymptomatic',
          foundIn: 'community',
          source: 'manual',
          sampledDate: dayjs(),
          reportedAt: dayjs().startOf('minute'),
        }}
        onFinish={(v) => void submit(v)}
        data-testid="case-form"
      >
        <Typography.Title level={5}>{t('form.person')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('form.personHint')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="idNumber"
              label={t('form.idNumber')}
              dependencies={['name', 'phone']}
              rules={[
                { pattern: /^\d{17}[\dXx]$/, message: t('form.badId') },
                ({ getFieldValue }) => ({
                  validator: (_, value?: string) =>
                    text(value) ||
                    (text(getFieldValue('name') as string) && text(getFieldValue('phone') as string))
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('form.idOrName'))),
                }),
              ]}
            >
              <Input maxLength={18} autoComplete="off" data-testid="case-id-number" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('form.name')} rules={[{ max: 50 }]}>
              <Input maxLength={50} data-testid="case-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('form.phone')}
              rules={[{ pattern: /^1\d{10}$/, message: t('form.badPhone') }]}
            >
              <Input maxLength={11} inputMode="tel" autoComplete="off" data-testid="case-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sex" label={t('form.sex')}>
              <Radio.Group
                options={(['M', 'F'] as const).map((s) => ({ value: s, label: t(`form.sex.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="place" label={t('form.place')} extra={t('form.placeHint')}>
              <JurisdictionPicker selectableLevels={['town', 'village']} allowClear testId="case-place" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="address" label={t('form.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Divider style={{ margin: '4px 0 16px' }} />
        <Typography.Title level={5}>{t('form.case')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="classification" label={t('form.classification')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={optionsOf(CASE_CLASSIFICATIONS, CLASSIFICATION_LABELS, lang)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="source" label={t('form.source')}>
              <Select
                options={(['manual', 'hospital'] as const).map((s) => ({
                  value: s,
                  label: CASE_SOURCE_LABELS[s][lang],
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="foundIn" label={t('form.foundIn')} rules={[{ required: true }]}>
              <Radio.Group options={optionsOf(FOUND_IN, FOUND_IN_LABELS, lang)} data-testid="case-found-in" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sampledDate" label={t('form.sampledDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="onsetDate" label={t('form.onsetDate')} extra={t('form.onsetHint')}>
              <DatePicker style={{ width: '100%' }} disabledDate={notFuture} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="reportedAt"
              label={t('form.reportedAt')}
              extra={t('form.reportedHint')}
              rules={[{ required: true }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="isolatedAt" label={t('form.isolatedAt')}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="lineage" label={t('form.lineage')} rules={[{ max: 30 }]}>
              <Input maxLength={30} placeholder={t('form.lineagePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
