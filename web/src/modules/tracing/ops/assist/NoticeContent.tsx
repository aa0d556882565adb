/**
 * What a notice says, readable: the request, the sender's reference, the person's category, last
 * exposure and address, the case's facts, each exposure (which case, how, when), the itinerary and
 * the quarantine plan we apply. Keys this page does not know (another instance may send more) are
 * shown as they came, never dropped.
 */
import { Descriptions, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { QuarantinePlan } from '../../api-types';
import {
  CLASSIFICATION_LABELS,
  CONTACT_DEGREE_LABELS,
  EXPOSURE_TYPE_LABELS,
  FOUND_IN_LABELS,
  labelOf,
  QUARANTINE_SETTING_LABELS,
} from '../../workbench/labels';
import { assistMessages } from './assist.messages';

type Row = Record<string, unknown>;

const KNOWN = [
  'request',
  'senderNumber',
  'degree',
  'lastExposureAt',
  'address',
  'exposure',
  'case',
  'exposures',
  'itinerary',
  'plan',
] as const;

function isPlan(value: unknown): value is QuarantinePlan {
  const v = value as Partial<QuarantinePlan> | null;
  return typeof v === 'object' && v !== null && typeof v.from === 'string' && typeof v.until === 'string';
}

function isRecord(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowsOf(value: unknown): Row[] | null {
  return Array.isArray(value) && value.every(isRecord) ? value : null;
}

function plain(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return (
    <pre className="json-block" style={{ margin: 0 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** An ISO time as people read it; anything else as it came. */
function when(value: unknown): ReactNode {
  return typeof value === 'string' && value.includes('T') && dayjs(value).isValid()
    ? dayjs(value).format('YYYY-MM-DD HH:mm')
    : plain(value);
}

interface Item {
  key: string;
  label: string;
  children: ReactNode;
}

export function NoticeContent({ content }: { content: Record<string, unknown> }) {
  const t = useT(assistMessages);
  const { lang } = useLang();
  const exposures = rowsOf(content.exposures);
  const itinerary = rowsOf(content.itinerary);
  const plan = isPlan(content.plan) ? content.plan : null;
  const kase = isRecord(content.case) ? content.case : null;
  const others = Object.keys(content).filter((k) => !(KNOWN as readonly string[]).includes(k));
  const has = (key: string) => content[key] !== undefined && content[key] !== null;
  const word = (labels: Parameters<typeof labelOf>[0], value: unknown) =>
    typeof value === 'string' ? labelOf(labels, value, lang) : plain(value);

  // The case's facts in one line: classification · how found · onset · sampled · reported · lineage.
  const caseLine = kase
    ? [
        typeof kase.number === 'string' ? kase.number : null,
        typeof kase.classification === 'string'
          ? labelOf(CLASSIFICATION_LABELS, kase.classification, lang)
          : null,
        typeof kase.foundIn === 'string' ? labelOf(FOUND_IN_LABELS, kase.foundIn, lang) : null,
        typeof kase.onsetDate === 'string' ? t('content.onset', { date: kase.onsetDate }) : null,
        typeof kase.sampledDate === 'string' ? t('content.sampled', { date: kase.sampledDate }) : null,
        typeof kase.reportedAt === 'string'
          ? t('content.reported', { at: dayjs(kase.reportedAt).format('YYYY-MM-DD HH:mm') })
          : null,
        typeof kase.lineage === 'string' ? kase.lineage : null,
      ]
        .filter(Boolean)
        .join(' · ')
    : null;

  const items: Item[] = [];
  const add = (key: string, label: string, children: ReactNode) => items.push({ key, label, children });
  if (has('request'))
    add(
      'request',
      t('content.request'),
      <Typography.Paragraph style={{ margin: 0 }}>{plain(content.request)}</Typography.Paragraph>,
    );
  if (has('senderNumber')) add('senderNumber', t('content.senderNumber'), plain(content.senderNumber));
  if (has('degree')) add('degree', t('content.degree'), word(CONTACT_DEGREE_LABELS, content.degree));
  if (has('lastExposureAt')) add('lastExposureAt', t('content.lastExposureAt'), when(content.lastExposureAt));
  if (has('address')) add('address', t('content.address'), plain(content.address));
  if (has('exposure')) add('exposure', t('content.exposure'), plain(content.exposure));
  if (has('case')) add('case', t('content.case'), caseLine || plain(content.case));
  if (plan)
    add(
      'plan',
      t('content.plan'),
      t('content.planText', {
        setting: labelOf(QUARANTINE_SETTING_LABELS, plan.setting, lang),
        from: plan.from,
        until: plan.until,
      }),
    );
  else if (has('plan')) add('plan', t('content.plan'), plain(content.plan));
  if (has('exposures') && !exposures) add('exposures', t('content.exposures'), plain(content.exposures));
  if (has('itinerary') && !itinerary) add('itinerary', t('content.itinerary'), plain(content.itinerary));
  for (const key of others) add(key, key, when(content[key]));

  return (
    <div data-testid="notice-content">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('content.empty')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={1} bordered items={items} />
      )}
      {exposures && exposures.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('content.exposures')}
          </Typography.Title>
          <Table<Row>
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={exposures.map((e, i) => ({ ...e, key: i }))}
            scroll={{ x: 480 }}
            columns={[
              { title: t('content.caseNumber'), dataIndex: 'caseNumber', render: plain },
              { title: t('content.via'), dataIndex: 'via', render: plain },
              {
                title: t('content.exposureType'),
                dataIndex: 'exposureType',
                render: (v: unknown) => word(EXPOSURE_TYPE_LABELS, v),
              },
              { title: t('content.relationship'), dataIndex: 'relationship', render: plain },
              { title: t('content.lastExposureAt'), dataIndex: 'lastExposureAt', render: when },
            ]}
          />
        </>
      )}
      {itinerary && itinerary.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('content.itinerary')}
          </Typography.Title>
          <Table<Row>
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={itinerary.map((e, i) => ({ ...e, key: i }))}
            scroll={{ x: 480 }}
            columns={[
              { title: t('content.from'), dataIndex: 'fromAt', render: when, width: 140 },
              { title: t('content.to'), dataIndex: 'toAt', render: when, width: 140 },
              { title: t('content.place'), dataIndex: 'place', render: plain },
              { title: t('content.activity'), dataIndex: 'activity', render: plain },
            ]}
          />
        </>
      )}
    </div>
  );
}
