/** The household the person belongs to: its members (this person marked) and a link to its page. */
import { Button, Card, Empty, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useLang, useT } from '../../../app/i18n/i18n';
import type { PersonSummary } from '../api-types';
import { peopleColumns, personPath } from '../components/PeopleTable';
import { unitPath } from '../components/unit-path';
import { populationMessages } from '../population.messages';
import { peopleMessages } from './people.messages';

export function HouseholdCard({
  personId,
  householdId,
  members,
}: {
  personId: string;
  householdId: string | null;
  members: PersonSummary[];
}) {
  const t = useT(peopleMessages);
  const tp = useT(populationMessages);
  const { lang } = useLang();
  const navigate = useNavigate();
  // Members share the address: no need to repeat it on every row.
  const columns = peopleColumns(tp, lang, { relation: true, omit: ['address'] });
  columns[0] = {
    ...columns[0]!,
    render: (_: unknown, row: PersonSummary) =>
      row.id === personId ? (
        <span>
          <strong>{row.name}</strong> <Tag color="blue">{t('person.self')}</Tag>
        </span>
      ) : (
        <Link to={personPath(row.id)}>{row.name}</Link>
      ),
  };
  return (
    <Card
      title={t('person.household')}
      data-testid="person-household"
      extra={
        householdId && (
          <Link to={unitPath(householdId)}>
            <Button type="link" size="small" data-testid="open-household">
              {t('person.householdOpen')}
            </Button>
          </Link>
        )
      }
    >
      {members.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('person.householdNone')} />
      ) : (
        <Table<PersonSummary>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={members}
          columns={columns}
          scroll={{ x: 'max-content' }}
          rowClassName="clickable-row"
          onRow={(row) => ({ onClick: () => row.id !== personId && void navigate(personPath(row.id)) })}
        />
      )}
    </Card>
  );
}
