/**
 * The case list: a table on a desk, cards on a phone (investigators work on the move). Overdue
 * cases come first on each page (the server orders them so too; this keeps a page that the clock
 * ticked on in order) and stand out in red.
 */
import { Card, Empty, Grid, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { CaseSummary, PagedList } from '../../api-types';
import { ClockBadges, stateAt } from '../components/ClockBadges';
import { PersonName } from '../components/PersonName';
import { ClassificationTag, FoundInTag } from '../components/Tags';
import { CASE_STATUS_LABELS } from '../labels';
import { rowAttrs } from '../list';
import { useNow } from '../use-now';
import { casesMessages } from './cases.messages';

export function isOverdue(c: CaseSummary, now: number): boolean {
  return c.overdue || c.clocks.some((clock) => stateAt(clock, now) === 'overdue');
}

/** Overdue first, otherwise the server's order (Array.prototype.sort is stable). */
export function overdueFirst(cases: CaseSummary[], now: number): CaseSummary[] {
  return [...cases].sort((a, b) => Number(isOverdue(b, now)) - Number(isOverdue(a, now)));
}

function Assignee({ c }: { c: CaseSummary }) {
  const t = useT(casesMessages);
  if (!c.assignee && !c.team) return <Typography.Text type="secondary">{t('assignee.none')}</Typography.Text>;
  return (
    <span className="tracing-person tracing-person-block">
      {c.assignee && <span data-testid="case-assignee">{c.assignee.name}</span>}
      {c.team && <Typography.Text type="secondary">{c.team.name}</Typography.Text>}
    </span>
  );
}

function ContactCounts({ c, inline }: { c: CaseSummary; inline?: boolean }) {
  const t = useT(casesMessages);
  const { close, secondary, controlled } = c.contacts;
  return (
    <Tooltip title={t('contacts.tip', { close, secondary, controlled })}>
      <span className="num" data-testid="case-contacts">
        {t('contacts.counts', { close, secondary })}
        {close + secondary > 0 && (
          <Typography.Text
            type="secondary"
            style={inline ? { fontSize: 12 } : { display: 'block', fontSize: 12 }}
          >
            {inline ? ' · ' : ''}
            {t('contacts.controlled', { controlled })}
          </Typography.Text>
        )}
      </span>
    </Tooltip>
  );
}

export function CasesTable({
  data,
  loading,
  page,
  onPage,
  onOpen,
}: {
  data: PagedList<CaseSummary> | undefined;
  loading: boolean;
  page: { page: number; pageSize: number };
  onPage: (page: number, pageSize: number) => void;
  onOpen: (id: string) => void;
}) {
  const t = useT(casesMessages);
  const { lang } = useLang();
  const screens = Grid.useBreakpoint();
  const now = useNow();
  const rows = overdueFirst(data?.items ?? [], now);
  const pagination = {
    current: page.page,
    pageSize: page.pageSize,
    total: data?.total ?? 0,
    onChange: onPage,
    showSizeChanger: true,
    hideOnSinglePage: false,
    showTotal: (total: number) => t('state.total', { total }),
    size: 'small' as const,
  };

  // A phone: one card per case, the clocks on their own line.
  if (screens.md === false) {
    return (
      <List<CaseSummary>
        loading={loading}
        dataSource={rows}
        pagination={{ ...pagination, simple: true }}
        locale={{ emptyText: <Empty description={t('list.empty')} /> }}
        data-testid="cases-list"
        renderItem={(c) => (
          <List.Item style={{ padding: '6px 0', border: 0 }}>
            <Card
              size="small"
              className={isOverdue(c, now) ? 'tracing-case-card overdue' : 'tracing-case-card'}
              style={{ width: '100%' }}
              onClick={() => onOpen(c.id)}
              data-testid="case-row"
              data-overdue={isOverdue(c, now)}
            >
              <Space wrap size={[6, 4]}>
                <Link to={`/tracing/cases/${c.id}`} onClick={(e) => e.stopPropagation()}>
                  <b className="num">{c.number}</b>
                </Link>
                <PersonName name={c.name} idMasked={c.idMasked} />
              </Space>
              <Space wrap size={[4, 4]}>
                <ClassificationTag value={c.classification} short />
                <FoundInTag value={c.foundIn} short />
                <Typography.Text type="secondary">{c.place.name}</Typography.Text>
              </Space>
              <ClockBadges clocks={c.clocks} reportedAt={c.reportedAt} now={now} />
              <Space wrap size={[12, 4]}>
                <Typography.Text type="secondary">
                  {dayjs(c.reportedAt).format('MM-DD HH:mm')}
                </Typography.Text>
                <Assignee c={c} />
                <span>
                  <Typography.Text type="secondary">{t('col.contacts')} </Typography.Text>
                  <ContactCounts c={c} inline />
                </span>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    );
  }

  return (
    <Table<CaseSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows}
      pagination={pagination}
      locale={{ emptyText: t('list.empty') }}
      scroll={{ x: 'max-content' }}
      rowClassName={(c) => (isOverdue(c, now) ? 'tracing-row-overdue clickable-row' : 'clickable-row')}
      onRow={(c) => ({
        ...rowAttrs({ 'data-testid': 'case-row', 'data-overdue': isOverdue(c, now) }),
        onClick: (event) => {
          // Links and buttons inside the row do their own thing.
          if ((event.target as HTMLElement).closest('a,button')) return;
          onOpen(c.id);
        },
      })}
      data-testid="cases-table"
      columns={[
        {
          title: t('col.number'),
          dataIndex: 'number',
          fixed: screens.md ? 'left' : undefined,
          render: (number: string, c) => (
            <Link to={`/tracing/cases/${c.id}`} className="num" data-testid="case-number">
              {number}
            </Link>
          ),
        },
        {
          title: t('col.name'),
          key: 'name',
          render: (_, c) => <PersonName name={c.name} idMasked={c.idMasked} block />,
        },
        {
          title: t('col.classification'),
          dataIndex: 'classification',
          render: (v: CaseSummary['classification']) => <ClassificationTag value={v} short />,
        },
        {
          title: t('col.foundIn'),
          dataIndex: 'foundIn',
          render: (v: CaseSummary['foundIn']) => <FoundInTag value={v} short />,
        },
        { title: t('col.place'), key: 'place', render: (_, c) => c.place.name, responsive: ['xl'] },
        {
          title: t('col.reportedAt'),
          dataIndex: 'reportedAt',
          render: (at: string) => <span className="num">{dayjs(at).format('MM-DD HH:mm')}</span>,
        },
        {
          title: t('col.clocks'),
          key: 'clocks',
          render: (_, c) =>
            c.status === 'closed' ? (
              <Tag>{CASE_STATUS_LABELS.closed[lang]}</Tag>
            ) : (
              <ClockBadges clocks={c.clocks} reportedAt={c.reportedAt} now={now} compact />
            ),
        },
        { title: t('col.assignee'), key: 'assignee', render: (_, c) => <Assignee c={c} /> },
        { title: t('col.contacts'), key: 'contacts', render: (_, c) => <ContactCounts c={c} /> },
      ]}
    />
  );
}
