/**
 * The application: the type decides the fields. Vehicles (三定 for supply vehicles): plate, vehicle,
 * named drivers, the route as ordered checkpoints; staff and commuters: holders, organisation,
 * destination; medical and pickup: origin → destination. Checked here as the server checks, and a
 * refusal the server names lands on its field.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Alert, Button, Col, DatePicker, Form, Input, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { showFieldErrors } from '../../../tracing/workbench/form-errors';
import { MAX_DAYS_AHEAD, PASS_RULES } from '../../../../../../domain/passes.js';
import type { PassApplication, PassDetail, PassType } from '../api-types';
import { PASS_TYPE_LABELS } from '../labels';
import { passesMessages } from '../passes.messages';
import { type CheckpointOption, RouteEditor } from './RouteEditor';
import { idNumberProblem, isMobile, isPlate, normalisePlate } from './validate';

interface Values {
  type: PassType;
  organisation?: string;
  plate?: string;
  vehicle?: string;
  holders: Array<{ role?: 'driver' | 'holder'; name?: string; idNumber?: string; phone?: string }>;
  route: string[];
  origin?: string;
  destination?: string;
  purpose?: string;
  validity?: [Dayjs, Dayjs];
}

const FIELDS = [
  'type',
  'organisation',
  'plate',
  'vehicle',
  'holders',
  'route',
  'origin',
  'destination',
  'purpose',
  'validity',
];
const ORDER: PassType[] = [
  'supply_vehicle',
  'enterprise_vehicle',
  'enterprise_staff',
  'supply_staff',
  'commuter',
  'medical',
  'pickup',
];

/** Which parts of the form a type has (domain/passes.ts says what each type requires). */
function shape(type: PassType) {
  const rule = PASS_RULES[type];
  return {
    vehicle: rule.vehicle,
    /** A vehicle names its drivers; a pickup carries passengers too (role chosen per row). */
    drivers: rule.vehicle,
    roles: type === 'pickup',
    route: type === 'supply_vehicle' || type === 'enterprise_vehicle',
    routeRequired: rule.routeRequired,
    maxDays: rule.maxDays,
    organisation: type !== 'medical' && type !== 'pickup',
    organisationRequired: type !== 'medical' && type !== 'pickup' && type !== 'commuter',
    origin: type === 'medical' || type === 'pickup',
    destinationRequired: type === 'medical' || type === 'pickup' || type === 'commuter',
  };
}

/** A validity the type allows, from today. */
const defaultValidity = (type: PassType): [Dayjs, Dayjs] => [
  dayjs(),
  dayjs().add(Math.min(6, PASS_RULES[type].maxDays - 1), 'day'),
];

export function ApplyForm({
  checkpoints,
  onSubmitted,
}: {
  checkpoints: CheckpointOption[];
  onSubmitted: (pass: PassDetail) => void;
}) {
  const t = useT(passesMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch('type', form) ?? 'supply_vehicle';
  const s = shape(type);
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('err.required', { field }),
  });

  const submit = async (v: Values) => {
    const [from, until] = v.validity!;
    const body: PassApplication = {
      type: v.type,
      organisation: s.organisation ? v.organisation?.trim() || null : null,
      plate: s.vehicle ? normalisePlate(v.plate ?? '') : null,
      vehicle: s.vehicle ? v.vehicle?.trim() || null : null,
      holders: v.holders.map((h) => ({
        role: s.roles ? (h.role ?? 'holder') : s.drivers ? 'driver' : 'holder',
        name: h.name!.trim(),
        idNumber: h.idNumber!.trim().toUpperCase(),
        phone: h.phone?.trim() || null,
      })),
      route: s.route ? v.route : [],
      origin: s.origin ? v.origin?.trim() || null : null,
      destination: v.destination?.trim() || null,
      purpose: v.purpose?.trim() || null,
      validFrom: from.startOf('day').toISOString(),
      validUntil: until.endOf('day').startOf('second').toISOString(),
    };
    setBusy(true);
    try {
      const pass = await api.post<PassDetail>('/api/risk/passes', body);
      void message.success(t('form.submitted', { number: pass.number }));
      form.resetFields(['holders', 'plate', 'vehicle', 'route', 'purpose']);
      onSubmitted(pass);
    } catch (error) {
      if (!showFieldErrors(form, error, FIELDS, lang, { validFrom: 'validity', validUntil: 'validity' }))
        notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      className="pass-form"
      initialValues={{
        type: 'supply_vehicle',
        holders: [{}],
        route: [],
        validity: defaultValidity('supply_vehicle'),
      }}
      onValuesChange={(changed: Partial<Values>) => {
        if (changed.type) {
          form.setFieldValue('validity', defaultValidity(changed.type));
          if (changed.type === 'pickup') form.setFieldValue('holders', [{ role: 'driver' }]);
        }
      }}
      onFinish={(v) => void submit(v)}
      data-testid="pass-form"
    >
      <Form.Item name="type" label={t('form.type')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={ORDER.map((value) => ({ value, label: PASS_TYPE_LABELS[value][lang] }))}
          data-testid="pass-type"
        />
      </Form.Item>
      <Row gutter={16}>
        {s.organisation && (
          <Col xs={24} md={12}>
            <Form.Item
              name="organisation"
              label={t('form.organisation')}
              rules={s.organisationRequired ? [required(t('form.organisation'))] : []}
            >
              <Input maxLength={100} data-testid="pass-organisation" />
            </Form.Item>
          </Col>
        )}
        {s.vehicle && (
          <>
            <Col xs={24} md={6}>
              <Form.Item
                name="plate"
                label={t('form.plate')}
                rules={[
                  required(t('form.plate')),
                  {
                    validator: (_, v: string | undefined) =>
                      !v || isPlate(v) ? Promise.resolve() : Promise.reject(new Error(t('err.plate'))),
                  },
                ]}
              >
                <Input placeholder={t('form.platePlaceholder')} maxLength={12} data-testid="pass-plate" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="vehicle" label={t('form.vehicle')}>
                <Input
                  placeholder={t('form.vehiclePlaceholder')}
                  maxLength={100}
                  data-testid="pass-vehicle"
                />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>

      <Form.List
        name="holders"
        rules={[
          {
            validator: async (_, holders: Values['holders'] | undefined) => {
              if (!holders || holders.length === 0)
                throw new Error(t(s.drivers ? 'err.driversRequired' : 'err.holdersRequired'));
              if (s.roles && !holders.some((h) => h?.role === 'driver'))
                throw new Error(t('err.driversRequired'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label={t(s.drivers ? 'form.drivers' : 'form.holders')} required>
            <Row gutter={8} className="pass-holder-head" aria-hidden>
              {s.roles && <Col md={4} />}
              <Col md={s.roles ? 5 : 6}>{t('form.name')}</Col>
              <Col md={s.roles ? 7 : 9}>{t('form.idNumber')}</Col>
              <Col md={s.roles ? 6 : 7}>{t('form.phone')}</Col>
            </Row>
            {fields.map((field, i) => (
              <Row gutter={8} key={field.key} align="top" data-testid="holder-row">
                {s.roles && (
                  <Col xs={24} md={4}>
                    <Form.Item name={[field.name, 'role']} initialValue="holder">
                      <Select
                        options={[
                          { value: 'driver', label: t('detail.role.driver') },
                          { value: 'holder', label: t('detail.role.passenger') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={24} md={s.roles ? 5 : 6}>
                  <Form.Item name={[field.name, 'name']} rules={[required(t('form.name'))]}>
                    <Input placeholder={t('form.name')} maxLength={40} data-testid={`holder-name-${i}`} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={s.roles ? 7 : 9}>
                  <Form.Item
                    name={[field.name, 'idNumber']}
                    rules={[
                      required(t('form.idNumber')),
                      ({ getFieldValue }) => ({
                        validator: async (_, v: string | undefined) => {
                          if (!v) return;
                          const problem = idNumberProblem(v, lang);
                          if (problem) throw new Error(problem);
                          const all = (getFieldValue('holders') as Values['holders']).map((h) =>
                            h?.idNumber?.trim().toUpperCase(),
                          );
                          if (all.filter((x) => x === v.trim().toUpperCase()).length > 1)
                            throw new Error(t('err.idDuplicate'));
                        },
                      }),
                    ]}
                  >
                    <Input
                      placeholder={t('form.idNumber')}
                      maxLength={18}
                      autoComplete="off"
                      data-testid={`holder-id-${i}`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={20} md={s.roles ? 6 : 7}>
                  <Form.Item
                    name={[field.name, 'phone']}
                    rules={[
                      ...(s.drivers ? [required(t('form.phone'))] : []),
                      {
                        validator: async (_, v: string | undefined) => {
                          if (v && !isMobile(v)) throw new Error(t('err.phone'));
                        },
                      },
                    ]}
                  >
                    <Input placeholder={t('form.phone')} maxLength={13} data-testid={`holder-phone-${i}`} />
                  </Form.Item>
                </Col>
                <Col xs={4} md={2}>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('form.remove')}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="holder-add">
              {t(s.drivers ? 'form.addDriver' : 'form.addHolder')}
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        )}
      </Form.List>

      {s.route && (
        <Form.Item
          name="route"
          label={t('form.route')}
          extra={s.routeRequired ? t('form.routeHelp') : t('form.routeAny')}
          rules={[
            {
              validator: async (_, route: string[] | undefined) => {
                if (s.routeRequired && (!route || route.length === 0))
                  throw new Error(t('err.routeRequired'));
                const seen = new Set<string>();
                for (const code of route ?? []) {
                  if (seen.has(code)) throw new Error(t('err.routeDuplicate', { code }));
                  seen.add(code);
                }
              },
            },
          ]}
          required={s.routeRequired}
        >
          <RouteEditor checkpoints={checkpoints} />
        </Form.Item>
      )}

      <Row gutter={16}>
        {s.origin && (
          <Col xs={24} md={12}>
            <Form.Item name="origin" label={t('form.origin')} rules={[required(t('form.origin'))]}>
              <Input maxLength={200} data-testid="pass-origin" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item
            name="destination"
            label={t('form.destination')}
            rules={s.destinationRequired ? [required(t('form.destination'))] : []}
          >
            <Input maxLength={200} data-testid="pass-destination" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="purpose" label={t('form.purpose')}>
            <Input maxLength={200} data-testid="pass-purpose" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="validity"
            label={t('form.validity')}
            rules={[
              {
                validator: async (_, v: [Dayjs, Dayjs] | undefined) => {
                  if (!v?.[0] || !v[1] || v[1].isBefore(v[0], 'day')) throw new Error(t('err.validity'));
                  if (v[1].endOf('day').diff(v[0].startOf('day'), 'day', true) > s.maxDays)
                    throw new Error(t('err.tooLong', { days: s.maxDays }));
                  if (v[1].endOf('day').isBefore(dayjs())) throw new Error(t('err.alreadyOver'));
                  if (v[0].startOf('day').isAfter(dayjs().add(MAX_DAYS_AHEAD, 'day')))
                    throw new Error(t('err.tooFarAhead', { days: MAX_DAYS_AHEAD }));
                },
              },
            ]}
            required
          >
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              allowClear={false}
              data-testid="pass-validity"
            />
          </Form.Item>
        </Col>
      </Row>
      <Alert type="info" showIcon title={t('form.attachHint')} style={{ marginBottom: 16 }} />
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="pass-submit">
          {t('form.submit')}
        </Button>
      </Space>
    </Form>
  );
}
