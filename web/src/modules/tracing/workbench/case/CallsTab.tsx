/**
 * 通话记录: every call made for this case — to the case or to one of their contacts — with the
 * outcome (reached, no answer, busy, wrong number, refused). Investigators call four or five
 * times; the form stays open above the log so the next attempt is one tap away.
 */
import { App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { CALL_OUTCOMES, type CallOutcome } from '../../../../../../domain/tracing.js';
import { api } from '../../../../app/api';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { CallEntry, CallInput, CaseDetail, ContactSummary, PagedList } from '../../api-types';
import { CallOutcomeTag } from '../components/Tags';
import { showFieldErrors } from '../form-errors';
import { CALL_OUTCOME_LABELS, optionsOf } from '../labels';
import { caseMessages } from './case.messages';

interface Values {
  number: string;
  outcome: CallOutcome;
  calledAt: Dayjs;
  contactId?: string;
  notes?: string;
}

const FIELDS = ['number', 'outcome', 'calledAt', 'contactId', 'notes'] as const;

export function CallsTab({
  detail,
  onChanged,
  version,
}: {
  detail: CaseDetail;
  onChanged: () => void;
  /** Bumped when the case's contacts change (the "who" picker lists them). */
  version: number;
}) {
  const t = useT(caseMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const editable = can(Permission.TracingInvestigate);
  const contacts = useApi<PagedList<ContactSummary>>(
    editable ? '/api/tracing/contacts' : null,
    { caseId: detail.id, pageSize: 200 },
    version,
  );
  const names = new Map((contacts.data?.items ?? []).map((c) => [c.id, c.name]));
  const calls = [...detail.calls].sort((a, b) => b.calledAt.localeCompare(a.calledAt));
  const reached = calls.filter((c) => c.outcome === 'reached').length;

  const submit = async (v: Values) => {
    const body: CallInput = {
      number: v.number.replace(/[\s-]/g, ''),
      outcome: v.outcome,
      calledAt: v.calledAt.toISOString(),
      ...(v.contactId ? { contactId: v.contactId } : {}),
      ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
    };
    setSaving(true);
    try {
      await api.post(`/api/tracing/cases/${detail.id}/calls`, body);
      void message.success(t('calls.saved'));
      form.resetFields();
      form.setFieldsValue({ calledAt: dayjs().startOf('minute') });
      onChanged();
    } catch (error) {
      if (!showFieldErrors(form, error, FIELDS, lang)) notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="tracing-stack" style={{ gap: 12 }}>
      {editable && (
        <Card size="small" title={t('calls.new')}>
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ outcome: 'reached', calledAt: dayjs().startOf('minute') }}
            onFinish={(v) => void submit(v)}
            data-testid="call-form"
          >
            <Row gutter={12}>
              <Col xs={24} sm={12} lg={5}>
                <Form.Item
                  name="number"
                  label={t('calls.number')}
                  rules={[{ required: true, pattern: /^[\d\s+-]{3,20}$/, message: t('calls.badNumber') }]}
                >
                  <Input inputMode="tel" maxLength={20} autoComplete="off" data-testid="call-number" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={5}>
                <Form.Item name="contactId" label={t('calls.to')}>
                  <Select<string | undefined>
                    allowClear
                    placeholder={t('calls.toCase')}
                    options={(contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                    showSearch={{ optionFilterProp: 'label' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} lg={14}>
                <Form.Item name="outcome" label={t('calls.outcome')} rules={[{ required: true }]}>
                  <Radio.Group
                    optionType="button"
                    options={optionsOf(CALL_OUTCOMES, CALL_OUTCOME_LABELS, lang)}
                    data-testid="call-outcome"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={5}>
                <Form.Item name="calledAt" label={t('calls.calledAt')} rules={[{ required: true }]}>
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={15}>
                <Form.Item name="notes" label={t('calls.notes')} rules={[{ max: 1000 }]}>
                  <Input maxLength={1000} data-testid="call-notes" />
                </Form.Item>
              </Col>
              <Col xs={24} lg={4}>
                <Form.Item label=" " colon={false}>
                  <Button type="primary" htmlType="submit" loading={saving} block data-testid="call-save">
                    {t('calls.save')}
                  </Button>
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </Card>
      )}
      <Typography.Text type="secondary" data-testid="call-count">
        {t('calls.count', { total: calls.length, reached })}
      </Typography.Text>
      <Table<CallEntry>
        rowKey="id"
        size="small"
        pagination={calls.length > 50 ? { pageSize: 50 } : false}
        dataSource={calls}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('calls.empty') }}
        data-testid="calls-table"
        columns={[
          {
            title: t('calls.calledAt'),
            dataIndex: 'calledAt',
            render: (at: string) => <span className="num">{dayjs(at).format('MM-DD HH:mm')}</span>,
          },
          {
            title: t('calls.number'),
            dataIndex: 'numberMasked',
            render: (n: string) => <span className="masked">{n}</span>,
          },
          {
            title: t('calls.outcome'),
            dataIndex: 'outcome',
            render: (o: CallOutcome) => <CallOutcomeTag value={o} />,
          },
          {
            title: t('calls.to'),
            dataIndex: 'contactId',
            render: (id: string | null) => (id ? (names.get(id) ?? '—') : t('calls.toCase')),
          },
          { title: t('calls.notes'), dataIndex: 'notes', render: (n: string | null) => n ?? '' },
          { title: t('calls.by'), key: 'by', responsive: ['md'], render: (_, c) => c.by?.name ?? '—' },
        ]}
      />
    </div>
  );
}
