/**
 * People of the unit not sampled in the round, by household (the server audits the read and masks
 * identifiers), and the button that turns them into door-to-door sampling tasks.
 */
import { App, Button, Card, Checkbox, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { api } from '../../../../app/api';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { Masked } from '../../../population/components/Masked';
import { SpecialTags } from '../../../population/components/SpecialTags';
import type {
  DoorToDoorBody,
  DoorToDoorReason,
  DoorToDoorResponse,
  MissingHousehold,
  MissingList,
  Round,
  UnitRef,
} from '../../api-types';
import { dashboardMessages } from './dashboard.messages';

const PAGE = 50;

export function MissingPanel({
  round,
  unit,
  jurisdiction,
}: {
  round: Round;
  unit: UnitRef | undefined;
  jurisdiction: string | undefined;
}) {
  const t = useT(dashboardMessages);
  const { message } = App.useApp();
  const { can } = useAuth();
  const notifyError = useNotifyError();
  const [page, setPage] = useState(1);
  const [include, setInclude] = useState<DoorToDoorReason[]>(['missing']);
  const [creating, setCreating] = useState(false);
  const { data, error, loading, reload } = useApi<MissingList>(`/api/testing/rounds/${round.id}/missing`, {
    jurisdiction,
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });

  const create = async () => {
    if (!unit) return;
    setCreating(true);
    try {
      const body: DoorToDoorBody = { jurisdiction: unit.code, include };
      const result = await api.post<DoorToDoorResponse>(`/api/testing/rounds/${round.id}/door-to-door`, body);
      void message.success(t('missing.created', { created: result.created, ...result.byReason }));
      reload();
    } catch (e) {
      notifyError(e);
    } finally {
      setCreating(false);
    }
  };

  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  return (
    <Card
      size="small"
      title={t('missing.title')}
      extra={
        <Space>
          {data && (
            <Typography.Text type="secondary">{t('missing.total', { ...data.total })}</Typography.Text>
          )}
          {can(Permission.TestingPlan) && round.status === 'active' && unit && (
            <Popconfirm
              title={t('missing.createTitle', { unit: unit.name })}
              description={
                <Checkbox.Group<DoorToDoorReason>
                  value={include}
                  onChange={setInclude}
                  style={{ display: 'flex', flexDirection: 'column' }}
                  options={[
                    { value: 'missing', label: t('missing.includeMissing') },
                    { value: 'immobile', label: t('missing.includeImmobile') },
                  ]}
                />
              }
              okButtonProps={{ disabled: include.length === 0 }}
              onConfirm={() => void create()}
            >
              <Button type="primary" loading={creating} data-testid="door-to-door">
                {t('missing.create')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('missing.audited')}
      </Typography.Paragraph>
      <Table<MissingHousehold>
        size="small"
        rowKey={(h, i) => h.householdId ?? `${h.address}-${i}`}
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('missing.empty') }}
        data-testid="missing-table"
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data?.total.households ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
        columns={[
          { title: t('missing.address'), dataIndex: 'address', width: '35%' },
          {
            title: t('missing.members'),
            key: 'members',
            render: (_, h) => (
              <Space orientation="vertical" size={2}>
                {h.members.map((m) => (
                  <span key={m.id}>
                    {m.name}{' '}
                    <Typography.Text type="secondary">{t('missing.age', { age: m.age })}</Typography.Text>{' '}
                    <Masked masked={m.idMasked} /> · <Masked masked={m.phoneMasked} />{' '}
                    <SpecialTags kinds={m.specials} />
                  </span>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
