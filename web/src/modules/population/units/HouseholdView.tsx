/** A household (户): its address and place, and its members with their relation to the head. */
import { Breadcrumb, Card, Descriptions, Table } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useLang, useT } from '../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { PageHead } from '../../../components/PageHead';
import { HouseholdCodesLink } from '../../testing/field/components/SamplingCodeCard';
import type { Household, PersonSummary } from '../api-types';
import { peopleColumns, personPath } from '../components/PeopleTable';
import { unitPath } from '../components/unit-path';
import { populationMessages } from '../population.messages';
import { unitsMessages } from './units.messages';

export function HouseholdView({ id }: { id: string }) {
  const t = useT(unitsMessages);
  const tp = useT(populationMessages);
  const { lang } = useLang();
  const navigate = useNavigate();
  const { data, error, reload } = useApi<Household>(`/api/population/households/${id}`);

  if (error) return <ErrorState error={error} target={id} onRetry={reload} />;
  if (!data || data.id !== id) return <PageLoading />;

  const link = (ref: { code: string; name: string } | null) =>
    ref ? <Link to={unitPath(ref.code)}>{ref.name}</Link> : '—';
  const crumbs = [
    { key: 'village', title: link(data.village) },
    ...(data.grid ? [{ key: 'grid', title: link(data.grid) }] : []),
    ...(data.building ? [{ key: 'building', title: link(data.building) }] : []),
    { key: 'self', title: t('household.title') },
  ];
  // The head first, then as the server orders them.
  const members = [...data.members].sort(
    (a, b) => Number(b.relation === 'head') - Number(a.relation === 'head'),
  );

  return (
    <div className="population-stack" data-testid="household-page">
      <div>
        <Breadcrumb items={crumbs} />
        <PageHead
          title={data.address}
          subtitle={t('household.count', { count: data.members.length })}
          extra={<HouseholdCodesLink householdId={data.id} />}
        />
      </div>
      <Card title={t('household.title')}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}
          items={[
            { key: 'address', label: t('household.address'), children: data.address, span: 'filled' },
            { key: 'village', label: tp('col.village'), children: link(data.village) },
            { key: 'grid', label: tp('col.grid'), children: link(data.grid) },
            { key: 'building', label: tp('col.building'), children: link(data.building) },
            {
              key: 'unitRoom',
              label: t('household.unitRoom'),
              children: [data.unit, data.room].filter(Boolean).join(' / ') || '—',
            },
          ]}
        />
      </Card>
      <Card title={t('household.members')}>
        <Table<PersonSummary>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={members}
          columns={peopleColumns(tp, lang, { relation: true, omit: ['address'] })}
          scroll={{ x: 'max-content' }}
          rowClassName="clickable-row"
          onRow={(row) => ({ onClick: () => void navigate(personPath(row.id)) })}
          data-testid="household-members"
        />
      </Card>
    </div>
  );
}
