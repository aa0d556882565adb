/**
 * 新增人员 / 编辑人员信息 (population.manage). The ID number and phones are checked with the shared
 * rules (domain/idcard.ts) before they are sent; on an edit they start empty (the page only ever
 * holds masked values) and are sent only when a new value is typed.
 */
import { Alert, App, Col, Divider, Form, Input, Modal, Radio, Row, Select } from 'antd';
import { useMemo, useState } from 'react';
import { ID_PROBLEM_MESSAGES, parseIdNumber, parsePhone } from '../../../../../domain/idcard.js';
import { parseJurisdictionCode } from '../../../../../domain/jurisdiction.js';
import { RELATIONS, RESIDENCE_TYPES } from '../../../../../domain/population.js';
import { api } from '../../../app/api';
import { useLang, useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import type { PersonDetail } from '../api-types';
import { relationLabel, residenceLabel } from '../labels';
import { peopleMessages } from './people.messages';
import { createBody, initialValues, patchBody, type PersonValues } from './person-form';
import { SpecialEntriesFields } from './SpecialEntriesFields';

export type PersonFormMode =
  { kind: 'create'; place: string | null } | { kind: 'edit'; detail: PersonDetail };

const PLACE_LEVELS = ['village', 'grid', 'building'] as const;

export function PersonFormModal({
  mode,
  onClose,
  onSaved,
}: {
  mode: PersonFormMode;
  onClose: () => void;
  onSaved: (detail: PersonDetail) => void;
}) {
  const t = useT(peopleMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<PersonValues>();
  const [busy, setBusy] = useState(false);
  const editing = mode.kind === 'edit' ? mode.detail : null;
  const initial = useMemo(() => {
    const place =
      mode.kind === 'create' &&
      mode.place &&
      PLACE_LEVELS.some((l) => l === parseJurisdictionCode(mode.place!)?.level)
        ? mode.place
        : undefined;
    return initialValues(editing, place);
  }, [mode, editing]);

  const idRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value?.trim()) {
        if (editing) return;
        throw new Error(t('form.idRequired'));
      }
      const parsed = parseIdNumber(value);
      if (!parsed.ok) throw new Error(ID_PROBLEM_MESSAGES[parsed.problem][lang]);
    },
  };
  const phoneRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (value?.trim() && !parsePhone(value).ok) throw new Error(t('form.phoneInvalid'));
    },
  };
  const keep = (masked: string | null) => (editing && masked ? t('form.keepBlank', { masked }) : undefined);

  const submit = async (values: PersonValues) => {
    setBusy(true);
    try {
      let saved: PersonDetail;
      if (editing) {
        const patch = patchBody(values, initial);
        if (Object.keys(patch).length === 0) {
          onClose();
          return;
        }
        saved = await api.patch<PersonDetail>(`/api/population/people/${editing.person.id}`, patch);
      } else {
        saved = await api.post<PersonDetail>('/api/population/people', createBody(values));
      }
      void message.success(t(editing ? 'form.saved' : 'form.created', { name: saved.person.name }));
      onSaved(saved);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const p = editing?.person;
  return (
    <Modal
      open
      width={820}
      title={editing ? t('form.editTitle', { name: editing.person.name }) : t('form.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('action.save')}
      confirmLoading={busy}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 240px)', overflowY: 'auto', paddingRight: 8 } }}
    >
      <Form<PersonValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => void submit(values)}
        data-testid="person-form"
        scrollToFirstError
      >
        <Alert type="info" showIcon title={t('form.identifiersHint')} style={{ marginBottom: 16 }} />
        <Divider titlePlacement="start" plain>
          {t('form.section.identity')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('form.name')}
              rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }, { max: 50 }]}
            >
              <Input id="person-name" maxLength={50} autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="idNumber"
              label={t('form.idNumber')}
              required={!editing}
              rules={[idRule]}
              validateDebounce={300}
            >
              <Input id="person-id-number" maxLength={40} placeholder={keep(p?.idMasked ?? null)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="residenceType" label={t('form.residence')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={RESIDENCE_TYPES.map((type) => ({ value: type, label: residenceLabel(type, lang) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="registeredAddress" label={t('form.registeredAddress')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('form.section.place')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="place"
              label={t('form.place')}
              rules={[{ required: true, message: t('form.placeRequired') }]}
            >
              <JurisdictionPicker
                selectableLevels={PLACE_LEVELS}
                style={{ width: '100%' }}
                testId="person-place"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="unit" label={t('form.unit')} rules={[{ max: 20 }]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="room" label={t('form.room')} rules={[{ max: 20 }]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="relation" label={t('form.relation')}>
              <Select
                allowClear
                options={RELATIONS.map((r) => ({ value: r, label: relationLabel(r, lang) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="workUnit" label={t('form.workUnit')} rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('form.section.contact')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('form.phone')} rules={[phoneRule]}>
              <Input maxLength={30} placeholder={keep(p?.phoneMasked ?? null)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone2" label={t('form.phone2')} rules={[phoneRule]}>
              <Input maxLength={30} placeholder={keep(p?.phone2Masked ?? null)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="emergencyName" label={t('form.emergencyName')} rules={[{ max: 50 }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="emergencyPhone" label={t('form.emergencyPhone')} rules={[phoneRule]}>
              <Input maxLength={30} placeholder={keep(p?.emergencyPhoneMasked ?? null)} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('form.notes')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('form.section.specials')}
        </Divider>
        <SpecialEntriesFields />
      </Form>
    </Modal>
  );
}
