/**
 * 活动轨迹: where the case was during the look-back window — a venue (场所码, picked from
 * GET /venues), an address, or a village — from when to when, doing what, with whom. The server
 * refuses overlapping entries and ends before starts naming the field; the refusal shows on it.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { api } from '../../../../app/api';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import type { CaseDetail, ItineraryEntry, ItineraryInput, Venue } from '../../api-types';
import { showFieldErrors } from '../form-errors';
import { PLACE_KIND_LABELS } from '../labels';
import { itemsOf } from '../list';
import { caseMessages } from './case.messages';

type PlaceKind = ItineraryInput['placeKind'];

interface Values {
  placeKind: PlaceKind;
  venueId?: string;
  villageCode?: string;
  place?: string;
  lat?: number | null;
  lng?: number | null;
  fromAt: Dayjs;
  toAt: Dayjs;
  activity?: string;
  companions?: string;
}

const FIELDS = [
  'placeKind',
  'venueId',
  'villageCode',
  'place',
  'lat',
  'lng',
  'fromAt',
  'toAt',
  'activity',
  'companions',
] as const;

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function toItineraryInput(v: Values): ItineraryInput {
  return {
    placeKind: v.placeKind,
    ...(v.placeKind === 'venue' && v.venueId ? { venueId: v.venueId } : {}),
    ...(v.placeKind === 'village' && v.villageCode ? { villageCode: v.villageCode } : {}),
    place: text(v.place),
    ...(typeof v.lat === 'number' && typeof v.lng === 'number' ? { lat: v.lat, lng: v.lng } : {}),
    fromAt: v.fromAt.toISOString(),
    toAt: v.toAt.toISOString(),
    activity: text(v.activity),
    companions: text(v.companions),
  };
}

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** Venues by name or code; the entry's own venue stays an option while editing. */
function VenueSelect({
  value,
  onChange,
  initial,
  id,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  initial: ItineraryEntry['venue'];
  id?: string;
}) {
  const t = useT(caseMessages);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const venues = useApi<Venue[] | { items: Venue[] }>('/api/tracing/venues', {
    q: q || undefined,
    pageSize: 30,
  });
  const list = itemsOf(venues.data);
  const options = [
    ...(initial && !list.some((v) => v.id === initial.id)
      ? [{ value: initial.id, label: `${initial.name} · ${initial.code}` }]
      : []),
    ...list.map((v) => ({
      value: v.id,
      label: `${v.name} · ${v.code}`,
      title: [v.address, v.place.name].filter(Boolean).join(' · '),
    })),
  ];
  return (
    <Select<string | undefined>
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      allowClear
      loading={venues.loading}
      options={options}
      placeholder={t('itinerary.venuePlaceholder')}
      notFoundContent={venues.loading ? undefined : null}
      data-testid="itinerary-venue"
    />
  );
}

function ItineraryFormModal({
  caseId,
  entry,
  window,
  onClose,
  onSaved,
}: {
  caseId: string;
  entry: ItineraryEntry | null;
  window: CaseDetail['window'];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(caseMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('placeKind', form) ?? entry?.placeKind ?? 'venue';

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const body = toItineraryInput(v);
      if (entry) await api.patch(`/api/tracing/cases/${caseId}/itinerary/${entry.id}`, body);
      else await api.post(`/api/tracing/cases/${caseId}/itinerary`, body);
      void message.success(t('itinerary.saved'));
      onSaved();
    } catch (error) {
      if (!showFieldErrors(form, error, FIELDS, lang, { venue: 'venueId', village: 'villageCode' }))
        notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  const start = dayjs(window.from);
  return (
    <Modal
      open
      title={entry ? t('itinerary.editTitle') : t('itinerary.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('itinerary.save')}
      cancelText={t('itinerary.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      width={680}
      okButtonProps={{ 'data-testid': 'itinerary-save' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          entry
            ? {
                placeKind: entry.placeKind,
                venueId: entry.venue?.id,
                villageCode: entry.village?.code,
                place: entry.place,
                lat: entry.lat,
                lng: entry.lng,
                fromAt: dayjs(entry.fromAt),
                toAt: dayjs(entry.toAt),
                activity: entry.activity ?? '',
                companions: entry.companions ?? '',
              }
            : { placeKind: 'venue' }
        }
        onFinish={(v) => void submit(v)}
        data-testid="itinerary-form"
      >
        <Form.Item name="placeKind" label={t('itinerary.placeKind')}>
          <Radio.Group
            optionType="button"
            options={(['venue', 'address', 'village'] as const).map((k) => ({
              value: k,
              label: PLACE_KIND_LABELS[k][lang],
            }))}
          />
        </Form.Item>
        {kind === 'venue' && (
          <Form.Item name="venueId" label={t('itinerary.venue')} rules={[{ required: true }]}>
            <VenueSelect initial={entry?.venue ?? null} />
          </Form.Item>
        )}
        {kind === 'village' && (
          <Form.Item name="villageCode" label={t('itinerary.village')} rules={[{ required: true }]}>
            <JurisdictionPicker selectableLevels={['village']} testId="itinerary-village" />
          </Form.Item>
        )}
        <Form.Item
          name="place"
          label={kind === 'address' ? t('itinerary.address') : t('itinerary.placeNote')}
          rules={[{ required: kind === 'address', whitespace: true, max: 200 }]}
        >
          <Input maxLength={200} data-testid="itinerary-place" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="fromAt" label={t('itinerary.fromAt')} rules={[{ required: true }]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                defaultPickerValue={start}
                data-testid="itinerary-from"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="toAt"
              label={t('itinerary.toAt')}
              dependencies={['fromAt']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: (_, value?: Dayjs) => {
                    const from = getFieldValue('fromAt') as Dayjs | undefined;
                    return !value || !from || value.isAfter(from)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('itinerary.endBeforeStart')));
                  },
                }),
              ]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                defaultPickerValue={start}
                data-testid="itinerary-to"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="activity" label={t('itinerary.activity')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder={t('itinerary.activityPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="companions" label={t('itinerary.companions')} rules={[{ max: 500 }]}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="lat" label={t('itinerary.lat')}>
              <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="lng" label={t('itinerary.lng')}>
              <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

export function ItineraryTab({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const t = useT(caseMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [editing, setEditing] = useState<ItineraryEntry | 'new' | null>(null);
  const editable = can(Permission.TracingInvestigate);
  const entries = [...detail.itinerary].sort((a, b) => a.fromAt.localeCompare(b.fromAt));

  const remove = async (entry: ItineraryEntry) => {
    try {
      await api.delete(`/api/tracing/cases/${detail.id}/itinerary/${entry.id}`);
      void message.success(t('itinerary.deleted'));
      onChanged();
    } catch (error) {
      notifyError(error);
    }
  };

  const sameDay = (a: string, b: string) => dayjs(a).isSame(dayjs(b), 'day');
  return (
    <div className="tracing-stack" style={{ gap: 12 }}>
      <div className="tracing-section-head">
        <Alert
          type="info"
          showIcon
          style={{ flex: 1 }}
          title={t('itinerary.window', {
            from: dayjs(detail.window.from).format('MM-DD HH:mm'),
            until: dayjs(detail.window.until).format('MM-DD HH:mm'),
          })}
        />
        {editable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="itinerary-add"
          >
            {t('itinerary.add')}
          </Button>
        )}
      </div>
      <Table<ItineraryEntry>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={entries}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('itinerary.empty') }}
        data-testid="itinerary-table"
        columns={[
          {
            title: t('itinerary.period'),
            key: 'period',
            render: (_, e) => (
              <span className="num" style={{ whiteSpace: 'nowrap' }}>
                {dayjs(e.fromAt).format('MM-DD HH:mm')} –{' '}
                {dayjs(e.toAt).format(sameDay(e.fromAt, e.toAt) ? 'HH:mm' : 'MM-DD HH:mm')}
              </span>
            ),
          },
          {
            title: t('itinerary.place'),
            key: 'place',
            render: (_, e) => (
              <Space size={4} wrap>
                <Tag>{PLACE_KIND_LABELS[e.placeKind][lang]}</Tag>
                <span>{e.venue?.name ?? e.village?.name ?? e.place}</span>
                {(e.venue || e.village) && e.place && e.place !== (e.venue?.name ?? e.village?.name) && (
                  <Typography.Text type="secondary">{e.place}</Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('itinerary.activity'), dataIndex: 'activity', render: (v: string | null) => v ?? '—' },
          {
            title: t('itinerary.companions'),
            dataIndex: 'companions',
            responsive: ['md'],
            render: (v: string | null) => v ?? '—',
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, e: ItineraryEntry) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t('itinerary.edit')}
                        onClick={() => setEditing(e)}
                      />
                      <Popconfirm title={t('itinerary.deleteConfirm')} onConfirm={() => void remove(e)}>
                        <Button
                          type="link"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('itinerary.delete')}
                        />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <ItineraryFormModal
          caseId={detail.id}
          entry={editing === 'new' ? null : editing}
          window={detail.window}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
