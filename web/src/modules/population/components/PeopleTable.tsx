/**
 * A page of people as the search returns them (GET /api/population/people): masked ID and phone,
 * sex, age, address, residence type and special populations. A row opens the person's page.
 */
import { Table, type TableColumnsType, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { type Lang, type Translate, useLang, useT } from '../../../app/i18n/i18n';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import type { PeoplePage, PersonSummary } from '../api-types';
import { relationLabel, RESIDENCE_COLORS, residenceLabel, sexLabel } from '../labels';
import { populationMessages } from '../population.messages';
import { Masked } from './Masked';
import { SpecialTags } from './SpecialTags';

export const PAGE_SIZES = [20, 50, 100];

export interface PeopleQuery {
  jurisdiction?: string | undefined;
  q?: string | undefined;
  residenceType?: string | undefined;
  special?: string | undefined;
  householdId?: string | undefined;
}

export function personPath(id: string): string {
  return `/population/people/${id}`;
}

type T = Translate<keyof typeof populationMessages.zh>;

export type PeopleColumn =
  'name' | 'sex' | 'age' | 'relation' | 'id' | 'phone' | 'address' | 'residence' | 'specials';

/**
 * The people table's columns, for rows that are people or that hold one (`of`): a register entry,
 * for instance. `relation` adds the relation to the household head; `omit` drops columns.
 */
export function peopleColumns<R = PersonSummary>(
  t: T,
  lang: Lang,
  options: { relation?: boolean; omit?: readonly PeopleColumn[]; of?: (row: R) => PersonSummary } = {},
): TableColumnsType<R> {
  const of = options.of ?? ((row: R) => row as unknown as PersonSummary);
  const all: Array<TableColumnsType<R>[number] & { key: PeopleColumn }> = [
    {
      key: 'name',
      title: t('col.name'),
      width: 110,
      fixed: 'left',
      render: (_, row) => (
        <Link
          to={personPath(of(row).id)}
          onClick={(event) => event.stopPropagation()}
          data-testid="person-link"
        >
          <Typography.Text strong style={{ color: 'inherit' }}>
            {of(row).name}
          </Typography.Text>
        </Link>
      ),
    },
    {
      key: 'sex',
      title: t('col.sex'),
      width: lang === 'zh' ? 56 : 76,
      render: (_, row) => sexLabel(of(row).sex, lang),
    },
    {
      key: 'age',
      title: t('col.age'),
      width: 64,
      align: 'right',
      render: (_, row) => <span className="num">{t('ageValue', { age: of(row).age })}</span>,
    },
    {
      key: 'relation',
      title: t('col.relation'),
      width: 100,
      render: (_, row) => relationLabel(of(row).relation, lang) || '—',
    },
    {
      key: 'id',
      title: t('col.idNumber'),
      width: 172,
      render: (_, row) => <Masked masked={of(row).idMasked} testId="id-masked" />,
    },
    {
      key: 'phone',
      title: t('col.phone'),
      width: 120,
      render: (_, row) => <Masked masked={of(row).phoneMasked} />,
    },
    {
      key: 'address',
      title: t('col.address'),
      ellipsis: { showTitle: false },
      render: (_, row) => {
        const person = of(row);
        return (
          <span title={person.address}>
            {person.address}
            {person.grid && (
              <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                {person.grid.name}
              </Typography.Text>
            )}
          </span>
        );
      },
    },
    {
      key: 'residence',
      title: t('col.residence'),
      width: 100,
      render: (_, row) => {
        const type = of(row).residenceType;
        return <Tag color={RESIDENCE_COLORS[type]}>{residenceLabel(type, lang)}</Tag>;
      },
    },
    {
      key: 'specials',
      title: t('col.specials'),
      width: 190,
      render: (_, row) => <SpecialTags kinds={of(row).specials} />,
    },
  ];
  const omit = new Set<PeopleColumn>(options.omit ?? []);
  if (!options.relation) omit.add('relation');
  return all.filter((column) => !omit.has(column.key));
}

export function PeopleTable({
  query,
  page,
  size,
  onPage,
  version = 0,
  testId = 'people-table',
}: {
  query: PeopleQuery;
  page: number;
  size: number;
  onPage: (page: number, size: number) => void;
  version?: number;
  testId?: string;
}) {
  const t = useT(populationMessages);
  const { lang } = useLang();
  const navigate = useNavigate();
  const list = useApi<PeoplePage>(
    '/api/population/people',
    { ...query, limit: size, offset: (page - 1) * size },
    version,
  );
  if (list.error) return <ErrorState error={list.error} target={query.jurisdiction} onRetry={list.reload} />;
  return (
    <Table<PersonSummary>
      rowKey="id"
      size="middle"
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      columns={peopleColumns(t, lang)}
      rowClassName="clickable-row"
      onRow={(row) => ({ onClick: () => void navigate(personPath(row.id)) })}
      locale={{ emptyText: t('empty.people') }}
      scroll={{ x: 1120 }}
      data-testid={testId}
      data-total={list.data?.total}
      pagination={{
        current: page,
        pageSize: size,
        total: list.data?.total ?? 0,
        pageSizeOptions: PAGE_SIZES,
        showSizeChanger: true,
        showTotal: (total) =>
          t('state.total', { total: list.data?.totalIsLowerBound ? `${total.toLocaleString()}+` : total }),
        onChange: onPage,
      }}
    />
  );
}
