/**
 * The register of one special population (or of all): who, where, and the details the kind
 * carries (SPECIAL_KIND_DEFINITIONS: a disability's category and level, a dialysis schedule …).
 */
import { Alert, Table, type TableColumnsType, Tabs, Tag } from 'antd';
import { useNavigate } from 'react-router';
import {
  SPECIAL_KIND_DEFINITIONS,
  SPECIAL_KINDS,
  type SpecialKind,
} from '../../../../../domain/population.js';
import { useLang, useT } from '../../../app/i18n/i18n';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import type { SpecialRegister } from '../api-types';
import { PAGE_SIZES, peopleColumns, personPath } from '../components/PeopleTable';
import { detailText, specialLabel } from '../labels';
import { populationMessages } from '../population.messages';
import { specialsMessages } from './specials.messages';

type Item = SpecialRegister['items'][number];

export function SpecialRegisterTable({
  jurisdiction,
  kind,
  page,
  size,
  onKind,
  onPage,
}: {
  jurisdiction: string | undefined;
  kind: SpecialKind | undefined;
  page: number;
  size: number;
  onKind: (kind: SpecialKind | undefined) => void;
  onPage: (page: number, size: number) => void;
}) {
  const t = useT(specialsMessages);
  const tp = useT(populationMessages);
  const { lang } = useLang();
  const navigate = useNavigate();
  const list = useApi<SpecialRegister>('/api/population/specials', {
    jurisdiction,
    kind,
    limit: size,
    offset: (page - 1) * size,
  });

  const personColumns = peopleColumns<Item>(tp, lang, {
    omit: ['residence', 'specials'],
    of: (item) => item.person,
  });

  const details = kind ? SPECIAL_KIND_DEFINITIONS[kind].details : [];
  const columns: TableColumnsType<Item> = [
    ...personColumns,
    ...(kind
      ? []
      : [
          {
            title: t('register.kind'),
            key: 'kind',
            width: 150,
            render: (_: unknown, item: Item) => (
              <Tag color="volcano">{specialLabel(item.entry.kind, lang)}</Tag>
            ),
          },
        ]),
    ...details.map((field) => ({
      title: field.label[lang],
      key: `detail:${field.key}`,
      width: 140,
      render: (_: unknown, item: Item) => detailText(field, item.entry.details[field.key], lang) || '—',
    })),
    {
      title: t('register.since'),
      key: 'since',
      width: 110,
      render: (_, item) => <span className="num">{item.entry.since ?? '—'}</span>,
    },
    {
      title: t('register.notes'),
      key: 'notes',
      width: 160,
      ellipsis: true,
      render: (_, item) => item.entry.notes ?? '—',
    },
  ];

  return (
    <>
      <Tabs
        activeKey={kind ?? 'all'}
        onChange={(key) => onKind(key === 'all' ? undefined : (key as SpecialKind))}
        items={[
          { key: 'all', label: t('register.all') },
          ...SPECIAL_KINDS.map((k) => ({ key: k, label: specialLabel(k, lang) })),
        ]}
        data-testid="special-kinds"
      />
      {kind && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('register.need', { need: SPECIAL_KIND_DEFINITIONS[kind].need[lang] })}
        />
      )}
      {list.error ? (
        <ErrorState error={list.error} target={jurisdiction} onRetry={list.reload} />
      ) : (
        <Table<Item>
          rowKey={(item) => `${item.person.id}:${item.entry.kind}`}
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          rowClassName="clickable-row"
          onRow={(item) => ({ onClick: () => void navigate(personPath(item.person.id)) })}
          locale={{ emptyText: t('register.empty') }}
          scroll={{ x: 'max-content' }}
          data-testid="special-register-table"
          pagination={{
            current: page,
            pageSize: size,
            total: list.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES,
            showSizeChanger: true,
            showTotal: (total) => t('state.total', { total }),
            onChange: onPage,
          }}
        />
      )}
    </>
  );
}
