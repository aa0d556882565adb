/**
 * 流调队伍 at /tracing/teams (tracing.assign): the teams of my subtree grouped by the area each is
 * responsible for (分片包干), created, edited and deleted here, and the board of every
 * investigator's load. The board reloads every minute and on case events.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { PageHead } from '../../../../components/PageHead';
import type { LoadRow, Team } from '../../api-types';
import { itemsOf, type ListAnswer } from '../components/list';
import { LoadTable } from '../components/LoadTable';
import { useRefresh } from '../components/use-refresh';
import { opsMessages } from '../ops.messages';
import { TeamFormModal } from './TeamFormModal';
import { teamsMessages } from './teams.messages';

const MEMBERS_SHOWN = 5;

/** Rows of one area side by side: the first of a run spans the others (the server sorts by area). */
function areaSpans(teams: Team[]): number[] {
  return teams.map((team, i) => {
    if (i > 0 && teams[i - 1]!.area.code === team.area.code) return 0;
    let n = 1;
    while (teams[i + n]?.area.code === team.area.code) n += 1;
    return n;
  });
}

export default function TeamsPage() {
  const t = useT(teamsMessages);
  const tOps = useT(opsMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const version = useRefresh(['tracing.case_created', 'tracing.case_changed']);
  const teams = useApi<ListAnswer<Team>>('/api/tracing/teams', undefined, version);
  const board = useApi<ListAnswer<LoadRow>>('/api/tracing/board', undefined, version);
  const list = [...itemsOf(teams.data)].sort(
    (a, b) => a.area.code.localeCompare(b.area.code) || a.name.localeCompare(b.name, 'zh-CN'),
  );
  const spans = areaSpans(list);

  const remove = async (team: Team) => {
    try {
      await api.delete(`/api/tracing/teams/${team.id}`);
      void message.success(t('teams.deleted', { name: team.name }));
      teams.reload();
      board.reload();
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <div data-testid="tracing-teams">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="team-new"
          >
            {t('teams.new')}
          </Button>
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('teams.title')}>
          {teams.error && !teams.data ? (
            <ErrorState error={teams.error} onRetry={teams.reload} />
          ) : (
            <Table<Team>
              size="small"
              rowKey="id"
              bordered
              loading={teams.loading && !teams.data}
              dataSource={list}
              pagination={false}
              locale={{ emptyText: t('teams.empty') }}
              scroll={{ x: 820 }}
              data-testid="teams-table"
              columns={[
                {
                  title: t('teams.area'),
                  key: 'area',
                  width: 160,
                  onCell: (_, index) => ({ rowSpan: spans[index ?? 0] ?? 1 }),
                  render: (_, team) => (
                    <Tooltip title={team.area.code}>
                      <Typography.Text strong>{team.area.name}</Typography.Text>
                    </Tooltip>
                  ),
                },
                { title: t('teams.name'), dataIndex: 'name', width: 180 },
                {
                  title: t('teams.leader'),
                  key: 'leader',
                  width: 150,
                  render: (_, team) =>
                    team.leader?.name ?? (
                      <Typography.Text type="secondary">{t('teams.noLeader')}</Typography.Text>
                    ),
                },
                {
                  title: t('teams.members'),
                  key: 'members',
                  render: (_, team) => (
                    <Space size={[0, 4]} wrap>
                      {team.members.slice(0, MEMBERS_SHOWN).map((m) => (
                        <Tag key={m.id} color={m.id === team.leader?.id ? 'blue' : undefined}>
                          {m.name}
                        </Tag>
                      ))}
                      {team.members.length > MEMBERS_SHOWN && (
                        <Tooltip
                          title={team.members
                            .slice(MEMBERS_SHOWN)
                            .map((m) => m.name)
                            .join('、')}
                        >
                          <Tag>+{team.members.length - MEMBERS_SHOWN}</Tag>
                        </Tooltip>
                      )}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('teams.count', { count: team.members.length })}
                      </Typography.Text>
                    </Space>
                  ),
                },
                {
                  title: t('teams.open'),
                  dataIndex: 'openCases',
                  width: 90,
                  align: 'right',
                  render: (v: number) => <span className="num">{v}</span>,
                },
                {
                  title: t('teams.actions'),
                  key: 'actions',
                  width: 110,
                  render: (_, team) => (
                    <Space size="small">
                      <Tooltip title={t('action.edit')}>
                        <Button
                          size="small"
                          type="text"
                          icon={<EditOutlined />}
                          onClick={() => setEditing(team)}
                          aria-label={t('action.edit')}
                          data-testid="team-edit"
                        />
                      </Tooltip>
                      <Popconfirm
                        title={t('teams.deleteConfirm', { name: team.name })}
                        onConfirm={() => void remove(team)}
                        okButtonProps={{ danger: true }}
                      >
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('action.delete')}
                          data-testid="team-delete"
                        />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Card>
        <Card
          size="small"
          title={tOps('load.title')}
          extra={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('load.subtitle')}
            </Typography.Text>
          }
        >
          {board.error && !board.data ? (
            <ErrorState error={board.error} onRetry={board.reload} />
          ) : (
            <LoadTable
              rows={itemsOf(board.data)}
              loading={board.loading && !board.data}
              testId="teams-board"
            />
          )}
        </Card>
      </Space>
      {editing && (
        <TeamFormModal
          team={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            teams.reload();
            board.reload();
          }}
        />
      )}
    </div>
  );
}
