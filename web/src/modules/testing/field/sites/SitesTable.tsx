/** The sites of the area, each with its teams; editing (testing.plan) from the rows. */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { Site, Team } from '../field-types';
import { sitesMessages } from './sites.messages';

export type SiteDialog =
  { kind: 'site'; site: Site | null } | { kind: 'team'; siteId: string; team: Team | null };

export function SitesTable({
  sites,
  canPlan,
  onDialog,
  onChanged,
}: {
  sites: Site[];
  canPlan: boolean;
  onDialog: (dialog: SiteDialog) => void;
  onChanged: () => void;
}) {
  const t = useT(sitesMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const removeTeam = async (team: Team) => {
    try {
      await api.delete(`/api/testing/teams/${team.id}`);
      void message.success(t('team.deleted', { name: team.name }));
      onChanged();
    } catch (error) {
      notifyError(error);
    }
  };

  const teamLine = (site: Site) => (
    <Space wrap size={[6, 6]}>
      {site.teams.map((team) => (
        <Tag key={team.id} color="blue">
          {team.name}
          {team.leader ? `（${team.leader}）` : ''} ·{' '}
          {t('team.summary', { samplers: team.samplers, helpers: team.helpers })}
          {canPlan && (
            <>
              <EditOutlined
                style={{ marginLeft: 6 }}
                onClick={() => onDialog({ kind: 'team', siteId: site.id, team })}
              />
              <Popconfirm
                title={t('team.delete', { name: team.name })}
                onConfirm={() => void removeTeam(team)}
              >
                <DeleteOutlined style={{ marginLeft: 6 }} />
              </Popconfirm>
            </>
          )}
        </Tag>
      ))}
      {canPlan && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => onDialog({ kind: 'team', siteId: site.id, team: null })}
        >
          {t('team.add')}
        </Button>
      )}
    </Space>
  );

  return (
    <Table<Site>
      rowKey="id"
      size="middle"
      dataSource={sites}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('sites.none') }}
      scroll={{ x: 'max-content' }}
      data-testid="sites-table"
      columns={[
        {
          key: 'name',
          title: t('site.name'),
          render: (_, s) => (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{s.name}</Typography.Text>
              <Typography.Text type="secondary">{s.address ?? ''}</Typography.Text>
            </Space>
          ),
        },
        { key: 'village', title: t('site.village'), render: (_, s) => s.village.name },
        { key: 'hours', title: t('site.hours'), render: (_, s) => s.hours || '—' },
        { key: 'tables', title: t('site.tables'), dataIndex: 'tables', align: 'right' },
        {
          key: 'active',
          title: t('site.active'),
          render: (_, s) => (
            <Tag color={s.active ? 'green' : 'default'}>{t(s.active ? 'site.active' : 'site.inactive')}</Tag>
          ),
        },
        { key: 'teams', title: t('site.teams'), render: (_, s) => teamLine(s) },
        ...(canPlan
          ? [
              {
                key: 'edit',
                title: '',
                render: (_: unknown, s: Site) => (
                  <Button
                    type="link"
                    icon={<EditOutlined />}
                    onClick={() => onDialog({ kind: 'site', site: s })}
                  >
                    {t('action.edit')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
