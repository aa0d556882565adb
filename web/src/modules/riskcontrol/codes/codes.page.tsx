/**
 * 健康码 at /risk/codes[/<jurisdiction>]: look a person's code up by ID number (colour, every reason
 * in words, the day it can change, the last negative test — each lookup audited); the marks of the
 * area (companion, arrival from a risk area, another province's colour) with a form to add one for
 * the person just looked up and to end one; red / yellow / green by child area and by reason
 * (ECharts); the city's test-recency policy, editable by city-level health-code managers.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { Permission } from '../../../../../domain/access.js';
import { api, isApiError } from '../../../app/api';
import { useAuth } from '../../../app/auth/auth.context';
import { useLang, useT } from '../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { useNotifyError } from '../../../app/use-notify-error';
import { PageHead } from '../../../components/PageHead';
import { Chart } from '../../population/components/Chart';
import type { ChartOption } from '../../population/components/echarts';
import type {
  CodeStats,
  Mark,
  MarkInput,
  MarkKind,
  MarkList,
  MarkResult,
  PersonCode,
  Policy,
  RecomputeResult,
} from './api-types';
import { codesMessages } from './codes.messages';
import { CODE_COLOURS, COLOUR_LABELS, REASON_LABELS, reasonText } from './reasons';

const KINDS: MarkKind[] = ['companion', 'arrival', 'external'];

function CodeView({ code }: { code: PersonCode }) {
  const t = useT(codesMessages);
  const { lang } = useLang();
  const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : t('code.noNegative'));
  return (
    <Card data-testid="code-result" data-colour={code.colour}>
      <Space align="start" size="large" wrap>
        <div
          style={{ width: 96, height: 96, borderRadius: 12, background: CODE_COLOURS[code.colour] }}
          aria-label={COLOUR_LABELS[code.colour][lang]}
        />
        <Descriptions column={1} size="small" style={{ minWidth: 320 }}>
          <Descriptions.Item label={t('marks.person')}>
            {code.person.name} · {code.person.idMasked}
          </Descriptions.Item>
          <Descriptions.Item label={t('code.place')}>{code.person.place.name}</Descriptions.Item>
          <Descriptions.Item label={COLOUR_LABELS[code.colour][lang]}>
            <Typography.Text strong data-testid="code-changes-on">
              {code.colour === 'green'
                ? '—'
                : code.changesOn
                  ? t('code.changesOn', { date: code.changesOn })
                  : t('code.undated')}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('code.lastNegative')}>{when(code.lastNegativeAt)}</Descriptions.Item>
        </Descriptions>
      </Space>
      <List
        size="small"
        header={t('code.reasons')}
        dataSource={code.reasons}
        locale={{ emptyText: t('code.none') }}
        renderItem={(r) => (
          <List.Item data-testid="code-reason" data-code={r.code}>
            <span>
              <Tag color={r.colour === 'red' ? 'red' : 'gold'}>{COLOUR_LABELS[r.colour][lang]}</Tag>
              {reasonText(r, lang)}
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}

function Lookup({ onFound }: { onFound: (code: PersonCode) => void }) {
  const t = useT(codesMessages);
  const notify = useNotifyError();
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState<PersonCode | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const search = async () => {
    if (!idNumber.trim()) return;
    setBusy(true);
    setMissing(false);
    try {
      const found = await api.post<PersonCode>('/api/risk/codes/lookup', { idNumber: idNumber.trim() });
      setCode(found);
      onFound(found);
    } catch (error) {
      setCode(null);
      if (isApiError(error, 'NOT_FOUND')) setMissing(true);
      else notify(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ maxWidth: 480, width: '100%' }}>
        <Input
          value={idNumber}
          onChange={(e) => setIdNumber(e.target.value)}
          onPressEnter={() => void search()}
          placeholder={t('lookup.placeholder')}
          maxLength={20}
          data-testid="code-id-number"
        />
        <Button type="primary" loading={busy} onClick={() => void search()} data-testid="code-lookup">
          {t('lookup.button')}
        </Button>
      </Space.Compact>
      <Typography.Text type="secondary">{t('lookup.audited')}</Typography.Text>
      {missing && <Alert type="info" showIcon title={t('lookup.notFound')} />}
      {code && <CodeView code={code} />}
    </Space>
  );
}

interface MarkForm {
  kind: MarkKind;
  onDate: Dayjs;
  risk?: 'high' | 'medium';
  colour?: 'red' | 'yellow';
  source: string;
  note?: string;
}

function Marks({
  at,
  person,
  canManage,
}: {
  at: string | undefined;
  person: PersonCode | null;
  canManage: boolean;
}) {
  const t = useT(codesMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notify = useNotifyError();
  const [activeOnly, setActiveOnly] = useState(true);
  const [kind, setKind] = useState<MarkKind | undefined>();
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Mark | null>(null);
  const [endReason, setEndReason] = useState('');
  const [form] = Form.useForm<MarkForm>();
  const kindNow = Form.useWatch('kind', form);
  const list = useApi<MarkList>(
    '/api/risk/codes/marks',
    { at, kind, active: activeOnly ? true : undefined, page, pageSize: 20 },
    version,
  );

  const save = async (v: MarkForm) => {
    if (!person) return;
    const body: MarkInput = {
      personId: person.personId,
      kind: v.kind,
      onDate: v.onDate.format('YYYY-MM-DD'),
      source: v.source,
      ...(v.kind === 'arrival' ? { risk: v.risk } : {}),
      ...(v.kind === 'external' ? { colour: v.colour } : {}),
      ...(v.note ? { note: v.note } : {}),
    };
    try {
      const r = await api.post<MarkResult>('/api/risk/codes/marks', body);
      void message.success(t('marks.saved', { colour: COLOUR_LABELS[r.code.colour][lang] }));
      setAdding(false);
      form.resetFields();
      setVersion((n) => n + 1);
    } catch (error) {
      notify(error);
    }
  };
  const end = async () => {
    if (!ending || !endReason.trim()) return;
    try {
      await api.post<MarkResult>(`/api/risk/codes/marks/${ending.id}/end`, { reason: endReason.trim() });
      setEnding(null);
      setEndReason('');
      setVersion((n) => n + 1);
    } catch (error) {
      notify(error);
    }
  };
  const detail = (m: Mark) =>
    m.kind === 'arrival'
      ? `${m.source} · ${t(`risk.${m.risk === 'high' ? 'high' : 'medium'}`)}`
      : m.kind === 'external'
        ? `${m.source} · ${m.colour ? COLOUR_LABELS[m.colour][lang] : ''}`
        : m.source;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select<MarkKind | undefined>
          allowClear
          placeholder={t('marks.kind')}
          style={{ width: 180 }}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setPage(1);
          }}
          options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        <Checkbox checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)}>
          {t('marks.activeOnly')}
        </Checkbox>
        {canManage && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="mark-add">
            {t('marks.add')}
          </Button>
        )}
      </Space>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Mark>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('marks.kind'), dataIndex: 'kind', render: (k: MarkKind) => t(`kind.${k}`) },
            { title: t('marks.person'), render: (_, m) => `${m.person.name} · ${m.person.idMasked}` },
            { title: t('marks.place'), render: (_, m) => m.place.name },
            { title: t('marks.onDate'), dataIndex: 'onDate' },
            { title: t('marks.detail'), render: (_, m) => detail(m) },
            {
              title: t('marks.state'),
              render: (_, m) =>
                m.endedAt ? (
                  <Tag title={m.endReason ?? ''}>{t('marks.ended')}</Tag>
                ) : (
                  <Tag color="blue">{t('marks.active')}</Tag>
                ),
            },
            ...(canManage
              ? [
                  {
                    title: '',
                    render: (_: unknown, m: Mark) =>
                      !m.endedAt && (
                        <Button size="small" onClick={() => setEnding(m)}>
                          {t('marks.end')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        open={adding}
        title={t('marks.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('save')}
        cancelText={t('cancel')}
        okButtonProps={{ disabled: !person }}
        destroyOnHidden
      >
        {!person ? (
          <Alert type="info" showIcon title={t('marks.personMissing')} />
        ) : (
          <Form<MarkForm>
            form={form}
            layout="vertical"
            initialValues={{ kind: 'arrival', onDate: dayjs(), risk: 'medium', colour: 'yellow' }}
            onFinish={(v) => void save(v)}
          >
            <Form.Item label={t('marks.person')}>
              {person.person.name} · {person.person.idMasked} · {person.person.place.name}
            </Form.Item>
            <Form.Item name="kind" label={t('marks.kind')}>
              <Radio.Group
                options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
                optionType="button"
              />
            </Form.Item>
            <Form.Item name="onDate" label={t('marks.onDate')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            {kindNow === 'arrival' && (
              <Form.Item name="risk" label={t('marks.risk')} rules={[{ required: true }]}>
                <Radio.Group
                  options={(['high', 'medium'] as const).map((r) => ({ value: r, label: t(`risk.${r}`) }))}
                />
              </Form.Item>
            )}
            {kindNow === 'external' && (
              <Form.Item name="colour" label={t('marks.colour')} rules={[{ required: true }]}>
                <Radio.Group
                  options={(['red', 'yellow'] as const).map((c) => ({
                    value: c,
                    label: COLOUR_LABELS[c][lang],
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item
              name="source"
              label={
                kindNow === 'arrival'
                  ? t('marks.sourceArrival')
                  : kindNow === 'external'
                    ? t('marks.sourceExternal')
                    : t('marks.sourceCompanion')
              }
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input data-testid="mark-source" />
            </Form.Item>
            <Form.Item name="note" label={t('marks.note')} rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Form>
        )}
      </Modal>
      <Modal
        open={ending !== null}
        title={t('marks.endTitle')}
        onCancel={() => setEnding(null)}
        onOk={() => void end()}
        okButtonProps={{ disabled: !endReason.trim() }}
        okText={t('save')}
        cancelText={t('cancel')}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('marks.endReason')}
          value={endReason}
          onChange={(e) => setEndReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}

function Stats({ at, canManage }: { at: string | undefined; canManage: boolean }) {
  const t = useT(codesMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notify = useNotifyError();
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const stats = useApi<CodeStats>('/api/risk/codes/stats', { at }, version);
  const bars = useMemo<ChartOption | null>(() => {
    const d = stats.data;
    if (!d || d.children.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: d.children.map((c) => c.name),
        axisLabel: { interval: 0, rotate: 30 },
      },
      yAxis: { type: 'value' },
      series: (['red', 'yellow'] as const).map((colour) => ({
        type: 'bar',
        stack: 'codes',
        name: COLOUR_LABELS[colour][lang],
        itemStyle: { color: CODE_COLOURS[colour] },
        data: d.children.map((c) => c[colour]),
      })),
    };
  }, [stats.data, lang]);
  const pie = useMemo<ChartOption | null>(() => {
    const d = stats.data;
    if (!d) return null;
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: (['green', 'yellow', 'red'] as const).map((colour) => ({
            name: COLOUR_LABELS[colour][lang],
            value: d.totals[colour],
            itemStyle: { color: CODE_COLOURS[colour] },
          })),
        },
      ],
    };
  }, [stats.data, lang]);
  const recompute = async () => {
    setBusy(true);
    try {
      const r = await api.post<RecomputeResult>('/api/risk/codes/recompute', { at });
      void message.success(t('stats.recomputed', { ...r }));
      setVersion((n) => n + 1);
    } catch (error) {
      notify(error);
    } finally {
      setBusy(false);
    }
  };
  if (stats.error) return <ErrorState error={stats.error} onRetry={stats.reload} />;
  if (!stats.data) return <PageLoading />;
  const d = stats.data;
  const canRecompute = canManage && (d.at.level === 'county' || d.at.level === 'city');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="code-stats">
      <Space wrap>
        {(['people', 'red', 'yellow', 'green'] as const).map((k) => (
          <Card key={k} size="small" style={{ minWidth: 140 }}>
            <Typography.Text type="secondary">
              {k === 'people' ? t('stats.people') : COLOUR_LABELS[k][lang]}
            </Typography.Text>
            <div style={{ fontSize: 24, color: k === 'people' ? undefined : CODE_COLOURS[k] }}>
              {d.totals[k].toLocaleString()}
            </div>
          </Card>
        ))}
        {canRecompute && (
          <Button loading={busy} onClick={() => void recompute()}>
            {t('stats.recompute')}
          </Button>
        )}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={d.at.name}>
            {pie && <Chart option={pie} height={240} label={d.at.name} />}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('stats.byArea')}>
            {bars ? <Chart option={bars} height={240} label={t('stats.byArea')} /> : <Empty />}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('stats.byReason')}>
        <Table
          rowKey={(r) => `${r.code}:${r.colour}`}
          size="small"
          pagination={false}
          dataSource={d.reasons}
          columns={[
            {
              title: t('code.reasons'),
              render: (_, r) => (
                <span>
                  <Tag color={r.colour === 'red' ? 'red' : 'gold'}>{COLOUR_LABELS[r.colour][lang]}</Tag>
                  {REASON_LABELS[r.code]?.[lang] ?? r.code}
                </span>
              ),
            },
            { title: t('stats.people'), dataIndex: 'people', align: 'right' },
          ]}
        />
      </Card>
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={d.children}
        columns={[
          { title: t('stats.area'), dataIndex: 'name' },
          { title: t('stats.people'), dataIndex: 'people', align: 'right' },
          { title: COLOUR_LABELS.red[lang], dataIndex: 'red', align: 'right' },
          { title: COLOUR_LABELS.yellow[lang], dataIndex: 'yellow', align: 'right' },
          { title: COLOUR_LABELS.green[lang], dataIndex: 'green', align: 'right' },
        ]}
      />
    </Space>
  );
}

function PolicyPanel() {
  const t = useT(codesMessages);
  const { message } = App.useApp();
  const notify = useNotifyError();
  const [version, setVersion] = useState(0);
  const policy = useApi<Policy>('/api/risk/codes/policy', undefined, version);
  const [hours, setHours] = useState<number | null | undefined>(undefined);
  if (policy.error) return <ErrorState error={policy.error} onRetry={policy.reload} />;
  if (!policy.data) return <PageLoading />;
  const current = hours === undefined ? policy.data.testWithinHours : hours;
  const save = async () => {
    try {
      await api.put<Policy>('/api/risk/codes/policy', { testWithinHours: current });
      void message.success(t('policy.saved'));
      setHours(undefined);
      setVersion((n) => n + 1);
    } catch (error) {
      notify(error);
    }
  };
  return (
    <Card data-testid="code-policy">
      <Typography.Paragraph>{t('policy.explain')}</Typography.Paragraph>
      {policy.data.canEdit ? (
        <Space wrap>
          <Switch
            checked={current !== null}
            onChange={(on) => setHours(on ? (policy.data?.testWithinHours ?? 48) : null)}
            checkedChildren={t('policy.on')}
          />
          <InputNumber
            min={1}
            max={720}
            value={current ?? undefined}
            disabled={current === null}
            onChange={(v) => setHours(typeof v === 'number' ? v : 48)}
          />
          <span>{t('policy.hours')}</span>
          <Button type="primary" onClick={() => void save()}>
            {t('save')}
          </Button>
        </Space>
      ) : (
        <Typography.Text>
          {t('policy.readOnly')}：
          {policy.data.testWithinHours === null
            ? t('policy.off')
            : `${policy.data.testWithinHours} ${t('policy.hours')}`}
        </Typography.Text>
      )}
    </Card>
  );
}

export default function CodesPage() {
  const t = useT(codesMessages);
  const { code } = useParams();
  const { can } = useAuth();
  const canManage = can(Permission.HealthCodeManage);
  const [person, setPerson] = useState<PersonCode | null>(null);
  return (
    <div data-testid="risk-codes">
      <PageHead title={t('title')} subtitle={t('subtitle')} />
      <Tabs
        items={[
          { key: 'lookup', label: t('tab.lookup'), children: <Lookup onFound={setPerson} /> },
          {
            key: 'marks',
            label: t('tab.marks'),
            children: <Marks at={code} person={person} canManage={canManage} />,
          },
          { key: 'stats', label: t('tab.stats'), children: <Stats at={code} canManage={canManage} /> },
          { key: 'policy', label: t('tab.policy'), children: <PolicyPanel /> },
        ]}
      />
    </div>
  );
}
