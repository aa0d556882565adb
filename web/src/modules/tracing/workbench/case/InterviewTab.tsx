/**
 * 流调问卷: the interview's answers other than the itinerary and the contacts — symptoms,
 * vaccination, household, work, notes — saved on the case with the version read (409: someone
 * saved first; the latest case is loaded and the form shows it).
 */
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { api, isApiError } from '../../../../app/api';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { CaseDetail, CasePatch, Interview } from '../../api-types';
import { showFieldErrors } from '../form-errors';
import { caseMessages } from './case.messages';

const SYMPTOMS = [
  'fever',
  'cough',
  'soreThroat',
  'fatigue',
  'myalgia',
  'smell',
  'congestion',
  'diarrhea',
] as const;

interface Values {
  symptoms: string[];
  doses: number | null;
  lastDate: Dayjs | null;
  product: string;
  household: string;
  work: string;
  notes: string;
}

function valuesOf(interview: Interview): Values {
  return {
    symptoms: interview.symptoms ?? [],
    doses: interview.vaccination?.doses ?? null,
    lastDate: interview.vaccination?.lastDate ? dayjs(interview.vaccination.lastDate) : null,
    product: interview.vaccination?.product ?? '',
    household: interview.household ?? '',
    work: interview.work ?? '',
    notes: interview.notes ?? '',
  };
}

export function interviewOf(v: Values): Interview {
  return {
    symptoms: v.symptoms.map((s) => s.trim()).filter(Boolean),
    ...(v.doses !== null
      ? {
          vaccination: {
            doses: v.doses,
            lastDate: v.lastDate ? v.lastDate.format('YYYY-MM-DD') : null,
            product: v.product.trim() || null,
          },
        }
      : {}),
    household: v.household.trim(),
    work: v.work.trim(),
    notes: v.notes.trim(),
  };
}

export function InterviewTab({ detail, onSaved }: { detail: CaseDetail; onSaved: () => void }) {
  const t = useT(caseMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const editable = can(Permission.TracingInvestigate);
  // Words saved in the symptoms list are stored as the user's language shows them.
  const symptomOptions = SYMPTOMS.map((s) => ({ value: t(`symptom.${s}`), label: t(`symptom.${s}`) }));

  const submit = async (v: Values) => {
    const patch: CasePatch = { version: detail.version, interview: interviewOf(v) };
    setSaving(true);
    try {
      await api.patch(`/api/tracing/cases/${detail.id}`, patch);
      void message.success(t('interview.saved'));
      onSaved();
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        void message.warning({ content: t('edit.conflict'), duration: 6 });
        onSaved();
      } else if (!showFieldErrors(form, error, Object.keys(valuesOf({})), lang)) notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      // A new version of the case (saved here or elsewhere) resets the form to what is stored.
      key={detail.version}
      form={form}
      layout="vertical"
      disabled={!editable}
      initialValues={valuesOf(detail.interview)}
      onFinish={(v) => void submit(v)}
      data-testid="interview-form"
    >
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form.Item name="symptoms" label={t('interview.symptoms')}>
            <Select mode="tags" options={symptomOptions} placeholder={t('interview.symptomsPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={8} lg={3}>
          <Form.Item name="doses" label={t('interview.doses')}>
            <InputNumber min={0} max={6} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={16} lg={4}>
          <Form.Item name="lastDate" label={t('interview.lastDose')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={5}>
          <Form.Item name="product" label={t('interview.product')} rules={[{ max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Form.Item name="household" label={t('interview.household')} rules={[{ max: 2000 }]}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={t('interview.householdPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Form.Item name="work" label={t('interview.work')} rules={[{ max: 2000 }]}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={t('interview.workPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="notes" label={t('interview.notes')} rules={[{ max: 4000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
          </Form.Item>
        </Col>
      </Row>
      {editable && (
        <Button type="primary" htmlType="submit" loading={saving} data-testid="interview-save">
          {t('interview.save')}
        </Button>
      )}
    </Form>
  );
}
