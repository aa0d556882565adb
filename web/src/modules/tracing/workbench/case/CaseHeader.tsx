/**
 * The case header: who (masked), how the case was found (社会面 vs 管控中), dates, the three
 * clocks each with "mark done", and the assignment (investigator and/or team) for users with
 * tracing.assign. Classification and how found are edited in a small dialog that sends the
 * version it read; a 409 means someone else saved first, and the latest case is loaded.
 */
import { EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import {
  CASE_CLASSIFICATIONS,
  FOUND_IN,
  type CaseClassification,
  type FoundIn,
} from '../../../../../../domain/tracing.js';
import { api, isApiError } from '../../../../app/api';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { CaseDetail, CasePatch, Clock, Team, UserRef } from '../../api-types';
import { ClockBadge, clockHours, stateAt } from '../components/ClockBadges';
import { PersonName } from '../components/PersonName';
import { ClassificationTag, FoundInTag } from '../components/Tags';
import { fieldProblems, showFieldErrors } from '../form-errors';
import { problemText } from '../problem-messages';
import {
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  CLASSIFICATION_LABELS,
  CLOCK_LABELS,
  FOUND_IN_LABELS,
  labelOf,
  optionsOf,
} from '../labels';
import { itemsOf } from '../list';
import { useNow } from '../use-now';
import { workbenchMessages } from '../workbench.messages';
import { caseMessages } from './case.messages';

function when(at: string | null, format = 'YYYY-MM-DD HH:mm'): string {
  return at ? dayjs(at).format(format) : '—';
}

function ClockPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const t = useT(caseMessages);
  const tw = useT(workbenchMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const now = useNow(15_000);
  const narrow = Grid.useBreakpoint().sm === false;
  const [busy, setBusy] = useState<string | null>(null);
  const canMark = can(Permission.TracingInvestigate) && detail.status === 'open';

  const mark = async (clock: Clock) => {
    setBusy(clock.name);
    try {
      await api.post(`/api/tracing/cases/${detail.id}/clocks`, { clock: clock.name });
      void message.success(tw('clock.marked'));
      onChanged();
    } catch (error) {
      // A clock done out of order (core information without an itinerary, the report with close
      // contacts not yet controlled) is said as the rule, not as "invalid input".
      const why = fieldProblems(error).find((p) => p.field === 'clock');
      if (why) void message.warning({ content: problemText(why.message, lang), duration: 6 });
      else notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div>
      <Typography.Text type="secondary">{t('clocks.title')}</Typography.Text>
      <div className="tracing-clock-panel" data-testid="clock-panel">
        {detail.clocks.map((clock) => {
          const state = stateAt(clock, now);
          const name = narrow ? CLOCK_LABELS[clock.name].short[lang] : CLOCK_LABELS[clock.name][lang];
          const label = `${name} ${clockHours(clock, detail.reportedAt)}h`;
          return (
            <div key={clock.name} className="tracing-clock-cell" data-state={state}>
              <b>{label}</b>
              <span className="tracing-clocks">
                <ClockBadge clock={clock} reportedAt={detail.reportedAt} now={now} compact={narrow} />
              </span>
              {clock.doneAt ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {tw('clock.doneAt', { at: when(clock.doneAt, 'MM-DD HH:mm') })}
                </Typography.Text>
              ) : canMark ? (
                <Popconfirm
                  title={tw('clock.markConfirm', { clock: label })}
                  onConfirm={() => void mark(clock)}
                >
                  <Button
                    size="small"
                    type={state === 'overdue' ? 'primary' : 'default'}
                    danger={state === 'overdue'}
                    loading={busy === clock.name}
                    data-testid={`clock-done-${clock.name}`}
                  >
                    {tw('clock.markDone')}
                  </Button>
                </Popconfirm>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {tw('clock.due', { at: when(clock.due, 'MM-DD HH:mm') })}
                </Typography.Text>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function AssignControl({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const t = useT(caseMessages);
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const mayAssign = can(Permission.TracingAssign);
  const investigators = useApi<UserRef[] | { items: UserRef[] }>(
    mayAssign ? '/api/tracing/investigators' : null,
  );
  const teams = useApi<Team[] | { items: Team[] }>(mayAssign ? '/api/tracing/teams' : null);
  const [busy, setBusy] = useState(false);

  const assign = async (body: { assigneeId?: string | null; teamId?: string | null }) => {
    setBusy(true);
    try {
      await api.post(`/api/tracing/cases/${detail.id}/assign`, {
        assigneeId: detail.assignee?.id ?? null,
        teamId: detail.team?.id ?? null,
        ...body,
      });
      void message.success(t('assign.saved'));
      onChanged();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  if (!mayAssign) {
    return (
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('assign.assignee')}>
          <span data-testid="case-assignee">{detail.assignee?.name ?? t('assign.none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('assign.team')}>
          {detail.team?.name ?? t('assign.none')}
        </Descriptions.Item>
      </Descriptions>
    );
  }
  // The current assignee may be outside the picker's list (homed elsewhere): keep them selectable.
  const people = itemsOf(investigators.data);
  const peopleOptions = [
    ...(detail.assignee && !people.some((p) => p.id === detail.assignee!.id) ? [detail.assignee] : []),
    ...people,
  ].map((u) => ({ value: u.id, label: u.name }));
  const teamList = itemsOf(teams.data);
  const teamOptions = [
    ...(detail.team && !teamList.some((tm) => tm.id === detail.team!.id)
      ? [{ value: detail.team.id, label: detail.team.name }]
      : []),
    ...teamList.map((tm) => ({ value: tm.id, label: `${tm.name} · ${tm.area.name}` })),
  ];

  return (
    <div className="tracing-stack" style={{ gap: 8 }}>
      <Typography.Text type="secondary">{t('assign.assignee')}</Typography.Text>
      <Select<string | undefined>
        value={detail.assignee?.id}
        placeholder={t('assign.pickAssignee')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        loading={investigators.loading || busy}
        options={peopleOptions}
        onChange={(id) => void assign({ assigneeId: id ?? null })}
        style={{ width: '100%', minWidth: 200 }}
        data-testid="assign-investigator"
        aria-label={t('assign.assignee')}
      />
      <Typography.Text type="secondary">{t('assign.team')}</Typography.Text>
      <Select<string | undefined>
        value={detail.team?.id}
        placeholder={t('assign.pickTeam')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        loading={teams.loading || busy}
        options={teamOptions}
        onChange={(id) => void assign({ teamId: id ?? null })}
        style={{ width: '100%', minWidth: 200 }}
        data-testid="assign-team"
        aria-label={t('assign.team')}
      />
    </div>
  );
}

interface EditValues {
  classification: CaseClassification;
  foundIn: FoundIn;
  onsetDate: Dayjs | null;
  isolatedAt: Dayjs | null;
  lastNegativeAt: Dayjs | null;
  lineage: string;
  status: 'open' | 'closed';
}

function CaseEditModal({
  detail,
  onClose,
  onSaved,
}: {
  detail: CaseDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(caseMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: EditValues) => {
    const patch: CasePatch = {
      version: detail.version,
      classification: v.classification,
      foundIn: v.foundIn,
      onsetDate: v.onsetDate ? v.onsetDate.format('YYYY-MM-DD') : null,
      isolatedAt: v.isolatedAt ? v.isolatedAt.toISOString() : null,
      lastNegativeAt: v.lastNegativeAt ? v.lastNegativeAt.toISOString() : null,
      lineage: v.lineage.trim() || null,
      status: v.status,
    };
    setSaving(true);
    try {
      await api.patch(`/api/tracing/cases/${detail.id}`, patch);
      void message.success(t('edit.saved'));
      onSaved();
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        void message.warning({ content: t('edit.conflict'), duration: 6 });
        onSaved();
      } else if (!showFieldErrors(form, error, Object.keys(patch), lang)) notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('edit.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('edit.save')}
      cancelText={t('edit.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'case-edit-save' }}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{
          classification: detail.classification,
          foundIn: detail.foundIn,
          onsetDate: detail.onsetDate ? dayjs(detail.onsetDate) : null,
          isolatedAt: detail.isolatedAt ? dayjs(detail.isolatedAt) : null,
          lastNegativeAt: detail.lastNegativeAt ? dayjs(detail.lastNegativeAt) : null,
          lineage: detail.lineage ?? '',
          status: detail.status,
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="classification" label={t('edit.classification')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={optionsOf(CASE_CLASSIFICATIONS, CLASSIFICATION_LABELS, lang)}
          />
        </Form.Item>
        <Form.Item name="foundIn" label={t('edit.foundIn')}>
          <Radio.Group options={optionsOf(FOUND_IN, FOUND_IN_LABELS, lang)} />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="onsetDate" label={t('edit.onsetDate')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="isolatedAt" label={t('edit.isolatedAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="lastNegativeAt" label={t('edit.lastNegativeAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="lineage" label={t('edit.lineage')} rules={[{ max: 30 }]}>
            <Input maxLength={30} />
          </Form.Item>
        </Space>
        <Form.Item name="status" label={t('edit.status')}>
          <Radio.Group
            options={(['open', 'closed'] as const).map((s) => ({
              value: s,
              label: CASE_STATUS_LABELS[s][lang],
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CaseHeader({ detail: c, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const t = useT(caseMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  const mayEdit = can(Permission.TracingInvestigate) || can(Permission.TracingReport);

  return (
    <Card data-testid="case-header">
      <div className="tracing-case-head">
        <div className="tracing-stack" style={{ gap: 8 }}>
          <div className="tracing-case-title">
            <PersonName name={c.name} idMasked={c.idMasked} personId={c.personId} />
            <ClassificationTag value={c.classification} />
            <FoundInTag value={c.foundIn} />
            {c.status === 'closed' && <span>· {CASE_STATUS_LABELS.closed[lang]}</span>}
            {mayEdit && (
              <Button
                size="small"
                type="link"
                icon={<EditOutlined />}
                onClick={() => setEditing(true)}
                data-testid="case-edit"
              >
                {t('head.edit')}
              </Button>
            )}
          </div>
          <ClockPanel detail={c} onChanged={onChanged} />
          <Descriptions size="small" column={{ xs: 2, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('head.phone')}>
              <span className="masked">{c.phoneMasked ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('head.place')}>{c.place.name}</Descriptions.Item>
            <Descriptions.Item label={t('head.address')} span={{ xs: 2, sm: 1 }}>
              {c.address ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('head.sex')}>
              {c.sex ? t(`head.sex.${c.sex}`) : '—'}
              {c.birthDate ? ` · ${c.birthDate}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('head.source')}>
              {labelOf(CASE_SOURCE_LABELS, c.source, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('head.reportedAt')}>{when(c.reportedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('head.sampledDate')}>{c.sampledDate}</Descriptions.Item>
            <Descriptions.Item label={t('head.onsetDate')}>{c.onsetDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('head.isolatedAt')}>
              {c.isolatedAt ? (
                when(c.isolatedAt)
              ) : (
                <Typography.Text type="danger">{t('head.notIsolated')}</Typography.Text>
              )}
            </Descriptions.Item>
            {c.lastNegativeAt && (
              <Descriptions.Item label={t('head.lastNegativeAt')}>{when(c.lastNegativeAt)}</Descriptions.Item>
            )}
            {c.lineage && <Descriptions.Item label={t('head.lineage')}>{c.lineage}</Descriptions.Item>}
            {c.fromContact && (
              <Descriptions.Item label={t('head.fromContact')}>
                <Link to={`/tracing/contacts/${c.fromContact.id}`}>{c.fromContact.name}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Text type="secondary" data-testid="case-contact-counts">
            {t('head.contacts', { ...c.contacts })}
          </Typography.Text>
        </div>
        <div style={{ minWidth: 220 }}>
          <AssignControl detail={c} onChanged={onChanged} />
        </div>
      </div>
      {editing && (
        <CaseEditModal
          detail={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
