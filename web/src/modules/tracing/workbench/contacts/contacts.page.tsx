/**
 * 密接人员 at /tracing/contacts: close and secondary contacts in my subtree (or named by cases I
 * may open) with their status, quarantine plan (isolated until, next test day) and the cases they
 * are linked to; the lifecycle's moves for tracing.control. /tracing/contacts/<contact id> opens
 * one contact; /tracing/contacts/<jurisdiction code> narrows the list to that unit.
 */
import { Card, Empty, Grid, Input, List, Select, Space, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  CONTACT_DEGREES,
  CONTACT_STATUSES,
  type ContactDegree,
  type ContactStatus,
} from '../../../../../../domain/tracing.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { useSelection } from '../../../../app/selection';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import '../../../population/population.css';
import type { ContactLink, ContactListQuery, ContactSummary, PagedList } from '../../api-types';
import { ContactActions } from '../components/ContactActions';
import { ContactDrawer, isActive } from '../components/ContactDrawer';
import { PersonName } from '../components/PersonName';
import { PlanCell } from '../components/PlanCell';
import { ContactStatusTag, DegreeTag } from '../components/Tags';
import { CONTACT_DEGREE_LABELS, CONTACT_STATUS_LABELS, optionsOf } from '../labels';
import { rowAttrs } from '../list';
import { useNow } from '../use-now';
import '../workbench.css';
import { workbenchMessages } from '../workbench.messages';
import { contactsMessages } from './contacts.messages';

const SHOWN_CASES = 2;

function LinkedCases({ links }: { links: ContactLink[] }) {
  const t = useT(contactsMessages);
  const tw = useT(workbenchMessages);
  const cases = links.filter((l) => l.case).map((l) => l.case!);
  const vias = links.filter((l) => !l.case && l.via).map((l) => l.via!);
  return (
    <Space size={[8, 2]} wrap>
      {cases.slice(0, SHOWN_CASES).map((c) => (
        <Link key={c.id} to={`/tracing/cases/${c.id}`} className="num">
          {c.number}
        </Link>
      ))}
      {cases.length > SHOWN_CASES && (
        <Tooltip
          title={cases
            .slice(SHOWN_CASES)
            .map((c) => c.number)
            .join('、')}
        >
          <Typography.Text type="secondary">{t('cases.more', { count: cases.length })}</Typography.Text>
        </Tooltip>
      )}
      {vias.map((v) => (
        <Typography.Text key={v.id} type="secondary">
          {tw('contact.via', { name: v.name })}
        </Typography.Text>
      ))}
    </Space>
  );
}

export default function ContactsPage() {
  const t = useT(contactsMessages);
  const { lang } = useLang();
  const navigate = useNavigate();
  const { code } = useParams();
  const selection = useSelection();
  const screens = Grid.useBreakpoint();
  const now = useNow();
  const [degree, setDegree] = useState<ContactDegree | undefined>();
  const [status, setStatus] = useState<ContactStatus | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const openId = isRecordId(code) ? code : null;
  const query: ContactListQuery = {
    degree,
    status,
    q: q.trim() || undefined,
    at: !openId && selection.code && !selection.isHome ? selection.code : undefined,
    page: page.page,
    pageSize: page.pageSize,
  };
  const list = useApi<PagedList<ContactSummary>>('/api/tracing/contacts', { ...query }, version);
  useLiveEvent('tracing.contact_changed', () => setVersion((v) => v + 1));
  const reload = () => setVersion((v) => v + 1);
  const reset = () => setPage((p) => ({ ...p, page: 1 }));
  const open = (id: string) => void navigate(`/tracing/contacts/${id}`);
  const rows = list.data?.items ?? [];
  const pagination = {
    current: page.page,
    pageSize: page.pageSize,
    total: list.data?.total ?? 0,
    onChange: (p: number, pageSize: number) =>
      setPage({ page: pageSize === page.pageSize ? p : 1, pageSize }),
    showSizeChanger: true,
    showTotal: (total: number) => t('state.total', { total }),
    size: 'small' as const,
  };

  return (
    <div data-testid="tracing-contacts">
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      <Card>
        <div className="tracing-filters">
          <Select<ContactDegree | undefined>
            value={degree}
            onChange={(v) => {
              setDegree(v);
              reset();
            }}
            allowClear
            placeholder={t('filter.allDegrees')}
            style={{ minWidth: 140 }}
            options={optionsOf(CONTACT_DEGREES, CONTACT_DEGREE_LABELS, lang)}
            aria-label={t('filter.degree')}
          />
          <Select<ContactStatus | undefined>
            value={status}
            onChange={(v) => {
              setStatus(v);
              reset();
            }}
            allowClear
            placeholder={t('filter.allStatuses')}
            style={{ minWidth: 140 }}
            options={optionsOf(CONTACT_STATUSES, CONTACT_STATUS_LABELS, lang)}
            aria-label={t('filter.status')}
            data-testid="contact-status-filter"
          />
          <Input.Search
            allowClear
            placeholder={t('filter.search')}
            onSearch={(v) => {
              setQ(v);
              reset();
            }}
            style={{ width: 260, maxWidth: '100%' }}
            className="tracing-filter-search"
          />
        </div>
        {list.error && !list.data ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : screens.md === false ? (
          <List<ContactSummary>
            loading={list.loading}
            dataSource={rows}
            pagination={{ ...pagination, simple: true }}
            locale={{ emptyText: <Empty description={t('list.empty')} /> }}
            data-testid="contacts-list"
            renderItem={(c) => (
              <List.Item style={{ padding: '6px 0', border: 0 }}>
                <Card
                  size="small"
                  className="tracing-case-card"
                  style={{ width: '100%' }}
                  data-testid="contact-row"
                >
                  <Space wrap size={[6, 4]}>
                    <a onClick={() => open(c.id)}>
                      <b>{c.name}</b>
                    </a>
                    <Typography.Text type="secondary" className="masked">
                      {c.idMasked ?? c.phoneMasked ?? ''}
                    </Typography.Text>
                    <DegreeTag value={c.degree} />
                    <ContactStatusTag value={c.status} />
                  </Space>
                  <PlanCell plan={c.plan} now={now} active={isActive(c)} />
                  <LinkedCases links={c.links} />
                  <ContactActions contact={c} onChanged={reload} />
                </Card>
              </List.Item>
            )}
          />
        ) : (
          <Table<ContactSummary>
            rowKey="id"
            size="middle"
            loading={list.loading}
            dataSource={rows}
            pagination={pagination}
            locale={{ emptyText: t('list.empty') }}
            scroll={{ x: 'max-content' }}
            data-testid="contacts-table"
            onRow={(c) => rowAttrs({ 'data-testid': 'contact-row', 'data-status': c.status })}
            columns={[
              {
                title: t('col.name'),
                key: 'name',
                render: (_, c) => (
                  <PersonName
                    name={c.name}
                    idMasked={c.idMasked}
                    phoneMasked={c.phoneMasked}
                    to={`/tracing/contacts/${c.id}`}
                    block
                  />
                ),
              },
              {
                title: t('col.degree'),
                dataIndex: 'degree',
                render: (d: ContactDegree) => <DegreeTag value={d} />,
              },
              {
                title: t('col.status'),
                dataIndex: 'status',
                render: (s: ContactStatus) => <ContactStatusTag value={s} />,
              },
              {
                title: t('col.lastExposure'),
                dataIndex: 'lastExposureAt',
                render: (at: string) => <span className="num">{dayjs(at).format('MM-DD HH:mm')}</span>,
              },
              {
                title: t('col.plan'),
                key: 'plan',
                render: (_, c) => <PlanCell plan={c.plan} now={now} active={isActive(c)} />,
              },
              { title: t('col.cases'), key: 'cases', render: (_, c) => <LinkedCases links={c.links} /> },
              {
                title: t('col.place'),
                key: 'place',
                responsive: ['xl'],
                render: (_, c) => c.place?.name ?? '—',
              },
              {
                title: t('col.actions'),
                key: 'actions',
                render: (_, c) => <ContactActions contact={c} onChanged={reload} />,
              },
            ]}
          />
        )}
      </Card>
      {openId && (
        <ContactDrawer
          contactId={openId}
          onClose={() => void navigate('/tracing/contacts')}
          onChanged={reload}
        />
      )}
    </div>
  );
}
