/**
 * A zone's page as a drawer: its lifting conditions met and unmet with their dates ("可于 <date>
 * 解除"), the rounds over it, lift / step down (with the override reason when conditions are unmet:
 * the server answers ZONE_LIFT_BLOCKED and the dialog asks for a reason), and the history timeline.
 */
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../domain/access.js';
import { EDITIONS } from '../../../../../domain/protocol.js';
import { api, isApiError } from '../../../app/api';
import { useAuth } from '../../../app/auth/auth.context';
import { type Translate, useLocalize, useT } from '../../../app/i18n/i18n';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { useNotifyError } from '../../../app/use-notify-error';
import type { LiftingCondition, LiftResult, ZoneDetail, ZoneEvent } from './api-types';
import { ZONE_KIND_COLOURS, ZONE_KIND_LABELS, ZONE_STATUS_LABELS } from './labels';
import { zonesMessages } from './zones.messages';

type T = Translate<keyof (typeof zonesMessages)['zh']>;

export function conditionText(t: T, c: LiftingCondition, step: boolean): string {
  switch (c.code) {
    case 'no_infection':
      return t('cond.no_infection', { days: c.days, from: c.from, on: c.on });
    case 'contacts_done':
      return c.allNegative
        ? t('cond.contacts_done', { days: c.days, on: c.on ?? '—' })
        : t('cond.contactsPending');
    case 'negative_round': {
      const text = step
        ? t('cond.negative_round_step', { from: c.within?.from ?? '—' })
        : t('cond.negative_round', { from: c.within?.from ?? '—', to: c.within?.to ?? '—' });
      return c.on ? text + t('cond.roundOn', { on: c.on }) : text;
    }
    case 'stronger_zones_lifted':
      return t('cond.stronger_zones_lifted', { open: c.open });
  }
}

/** A detail field as text (details are JSON the server wrote: strings, numbers, lists). */
const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function eventText(t: T, e: ZoneEvent, localize: (l: { zh: string; en: string }) => string): string {
  const d = e.detail;
  switch (e.action) {
    case 'lockdown':
      return t('ev.gates', {
        created: Number(d.created ?? 0),
        kept: Number(d.kept ?? 0),
        reactivated: Number(d.reactivated ?? 0),
      });
    case 'cases_linked':
      return (d.numbers as string[] | undefined)?.join('、') ?? '';
    case 'evaluated': {
      const unmet = Array.isArray(d.unmet) ? (d.unmet as string[]) : [];
      const state = d.liftable
        ? t('ev.liftable')
        : unmet.map((code) => t(`code.${code}` as 'code.no_infection')).join('、');
      return `${text(d.day)}：${state}${d.canLiftOn && !d.liftable ? ` → ${text(d.canLiftOn)}` : ''}`;
    }
    case 'lifted':
    case 'stepped_down':
      return [
        d.to ? localize(ZONE_KIND_LABELS[d.to as keyof typeof ZONE_KIND_LABELS]) : '',
        d.reason ? t('ev.override', { reason: text(d.reason) }) : '',
        d.note ? text(d.note) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'replaced':
      return d.kind ? localize(ZONE_KIND_LABELS[d.kind as keyof typeof ZONE_KIND_LABELS]) : '';
    default:
      return d.reason ? text(d.reason) : '';
  }
}

export function ZoneDrawer({
  id,
  onClose,
  onChanged,
  onOpen,
}: {
  id: string | null;
  onClose: () => void;
  onChanged: () => void;
  onOpen: (id: string) => void;
}) {
  const t = useT(zonesMessages);
  const localize = useLocalize();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const zone = useApi<ZoneDetail>(id ? `/api/risk/zones/${id}` : null);
  const [lifting, setLifting] = useState<'ask' | 'blocked' | null>(null);
  const [form] = Form.useForm<{ override?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const z = zone.data?.id === id ? zone.data : undefined;
  const kind = z ? localize(ZONE_KIND_LABELS[z.kind]) : '';
  const to = z?.lifting?.to ? localize(ZONE_KIND_LABELS[z.lifting.to]) : null;
  const mayChange = can(Permission.RiskZones) && z?.status === 'active';

  const evaluate = async () => {
    if (!z) return;
    setBusy(true);
    try {
      await api.post(`/api/risk/zones/${z.id}/evaluate`, {});
      zone.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const lift = async (values: { override?: string; note?: string }) => {
    if (!z) return;
    setBusy(true);
    try {
      const result = await api.post<LiftResult>(`/api/risk/zones/${z.id}/lift`, {
        ...(values.override?.trim() ? { override: values.override.trim() } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      });
      setLifting(null);
      form.resetFields();
      void message.success(
        result.next
          ? t('lift.stepped', { kind: localize(ZONE_KIND_LABELS[result.next.kind]) })
          : t('lift.done'),
      );
      onChanged();
      zone.reload();
    } catch (error) {
      if (isApiError(error, 'ZONE_LIFT_BLOCKED')) {
        setLifting('blocked');
        zone.reload();
      } else notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const unmet = z?.lifting?.conditions.filter((c) => !c.met) ?? [];
  const editionName = (id: string) => {
    const edition = EDITIONS.find((e) => e.id === id);
    return edition ? localize(edition.name) : id;
  };
  const step = z?.lifting?.to != null;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size="large"
      title={z ? t('detail.title', { name: z.place.name, kind }) : ''}
      loading={!z && !zone.error}
      data-testid="zone-drawer"
      extra={
        mayChange && (
          <Space>
            <Button onClick={() => void evaluate()} loading={busy}>
              {t('detail.evaluate')}
            </Button>
            <Button
              type="primary"
              danger={!z?.lifting?.liftableToday}
              onClick={() => setLifting('ask')}
              data-testid="zone-lift"
            >
              {to ? t('detail.step', { kind: to }) : t('detail.lift')}
            </Button>
          </Space>
        )
      }
    >
      {zone.error && !z && <ErrorState error={zone.error} onRetry={zone.reload} />}
      {z && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('zones.kind')}>
              <Tag color={ZONE_KIND_COLOURS[z.kind]}>{kind}</Tag>
              <Tag>{localize(ZONE_STATUS_LABELS[z.status])}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('zones.startedOn')}>{z.startedOn}</Descriptions.Item>
            <Descriptions.Item label={t('detail.reason')} span={2}>
              {z.reason}
            </Descriptions.Item>
            <Descriptions.Item label={t('zones.cases')} span={2}>
              {z.cases.length
                ? z.cases.map((c) => <Tag key={c.id}>{`${c.number} ${c.nameMasked}`}</Tag>)
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('zones.gates')}>
              {z.gates.total ? t('zones.gateCount', z.gates) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.edition')}>{editionName(z.editionId)}</Descriptions.Item>
            {z.endedAt && (
              <Descriptions.Item label={t('zones.status')} span={2}>
                {t('detail.ended', { at: new Date(z.endedAt).toLocaleString() })}
                {z.next && (
                  <Button type="link" size="small" onClick={() => onOpen(z.next!.id)}>
                    {t('detail.next')}: {localize(ZONE_KIND_LABELS[z.next.kind])}
                  </Button>
                )}
              </Descriptions.Item>
            )}
          </Descriptions>

          {z.lifting && (
            <div data-testid="zone-conditions">
              <Typography.Title level={5}>
                {t('detail.conditions')}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('detail.evaluatedFor', { day: z.lifting.day })} · {t('detail.since')}{' '}
                  {z.lifting.facts.since}
                </Typography.Text>
              </Typography.Title>
              <Alert
                type={z.lifting.liftableToday ? 'success' : z.lifting.canLiftOn ? 'warning' : 'info'}
                showIcon
                style={{ marginBottom: 12 }}
                title={
                  z.lifting.liftableToday
                    ? to
                      ? t('zones.steppableNow', { kind: to })
                      : t('zones.liftableNow')
                    : z.lifting.canLiftOn
                      ? to
                        ? t('zones.canStepOn', { date: z.lifting.canLiftOn, kind: to })
                        : t('zones.canLiftOn', { date: z.lifting.canLiftOn })
                      : t('zones.waiting')
                }
              />
              <List
                size="small"
                bordered
                dataSource={z.lifting.conditions}
                renderItem={(c) => (
                  <List.Item>
                    <Space>
                      {c.met ? (
                        <CheckCircleTwoTone twoToneColor="#52c41a" />
                      ) : (
                        <CloseCircleTwoTone twoToneColor="#ff4d4f" />
                      )}
                      <span>{conditionText(t, c, step)}</span>
                      <Tag color={c.met ? 'green' : 'red'}>{c.met ? t('detail.met') : t('detail.unmet')}</Tag>
                    </Space>
                  </List.Item>
                )}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('detail.rounds')}
              </Typography.Title>
              {z.lifting.facts.rounds.length === 0 ? (
                <Typography.Text type="secondary">{t('detail.noRounds')}</Typography.Text>
              ) : (
                <Space wrap>
                  {z.lifting.facts.rounds.map((r) => (
                    <Tag key={r.roundId} color={r.allNegative ? 'green' : 'red'}>
                      {`${r.on} ${r.name} · ${r.allNegative ? t('detail.roundNegative') : t('detail.roundNot')}`}
                    </Tag>
                  ))}
                </Space>
              )}
            </div>
          )}

          <div>
            <Typography.Title level={5}>{t('detail.history')}</Typography.Title>
            <Timeline
              data-testid="zone-history"
              items={z.events.map((e) => ({
                color: e.action === 'lifted' ? 'green' : e.action === 'created' ? 'red' : 'blue',
                content: (
                  <div>
                    <Typography.Text strong>{t(`ev.${e.action}` as 'ev.created')}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {new Date(e.at).toLocaleString()} {e.by?.name ?? ''}
                    </Typography.Text>
                    <div>{eventText(t, e, localize)}</div>
                  </div>
                ),
              }))}
            />
          </div>
        </Space>
      )}

      <Modal
        open={lifting !== null}
        title={
          z
            ? to
              ? t('lift.stepTitle', { name: z.place.name, kind, to })
              : t('lift.title', { name: z.place.name, kind })
            : ''
        }
        onCancel={() => setLifting(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        {unmet.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('lift.blocked')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {unmet.map((c) => (
                  <li key={c.code}>{conditionText(t, c, step)}</li>
                ))}
              </ul>
            }
          />
        )}
        <Form form={form} layout="vertical" onFinish={(v) => void lift(v)}>
          {unmet.length > 0 && (
            <Form.Item
              name="override"
              label={t('lift.override')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea rows={2} maxLength={500} data-testid="zone-override" />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('lift.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
