import { Button, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { EDITIONS } from '../../../../../../domain/protocol.js';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { Round, RoundStatus } from '../../api-types';
import { ZoneTag } from '../components/ZoneTag';
import { ROUND_STATUS_LABELS } from '../labels';
import { RoundProgress } from './RoundProgress';
import { roundsMessages } from './rounds.messages';

const SHOWN_AREAS = 4;

function windowText(round: Round): string {
  const start = dayjs(round.startsAt);
  const end = dayjs(round.endsAt);
  return `${start.format('MM-DD HH:mm')} – ${end.format(end.isSame(start, 'day') ? 'HH:mm' : 'MM-DD HH:mm')}`;
}

export function RoundsTable({
  rounds,
  loading,
  canPlan,
  version,
  onEdit,
  onChanged,
}: {
  rounds: Round[];
  loading: boolean;
  canPlan: boolean;
  version: number;
  onEdit: (id: string) => void;
  onChanged: () => void;
}) {
  const t = useT(roundsMessages);
  const { lang } = useLang();
  const notifyError = useNotifyError();
  const setStatus = (round: Round, status: RoundStatus) =>
    api.patch(`/api/testing/rounds/${round.id}`, { status }).then(onChanged, notifyError);

  return (
    <Table<Round>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rounds}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('list.empty') }}
      data-testid="rounds-table"
      columns={[
        {
          title: t('col.name'),
          dataIndex: 'name',
          render: (name: string, round) => (
            <Link to={`/testing/dashboard/${round.id}`} data-testid="round-name">
              {name}
            </Link>
          ),
        },
        {
          title: t('col.status'),
          dataIndex: 'status',
          width: 100,
          render: (status: RoundStatus) => (
            <Tag color={ROUND_STATUS_LABELS[status].color}>{ROUND_STATUS_LABELS[status][lang]}</Tag>
          ),
        },
        { title: t('col.window'), key: 'window', width: 190, render: (_, round) => windowText(round) },
        {
          title: t('col.areas'),
          key: 'areas',
          render: (_, round) => (
            <Space size={[4, 4]} wrap>
              {round.areas.slice(0, SHOWN_AREAS).map((a) => (
                <span key={a.code}>
                  {a.name} <ZoneTag zone={a.zone} />
                </span>
              ))}
              {round.areas.length > SHOWN_AREAS && (
                <Tooltip
                  title={round.areas
                    .slice(SHOWN_AREAS)
                    .map((a) => a.name)
                    .join('、')}
                >
                  <Tag>{t('areas.more', { count: round.areas.length - SHOWN_AREAS })}</Tag>
                </Tooltip>
              )}
            </Space>
          ),
        },
        {
          title: t('col.edition'),
          dataIndex: 'editionId',
          responsive: ['xl'],
          render: (id: string) => EDITIONS.find((e) => e.id === id)?.name[lang] ?? id,
        },
        {
          title: t('col.progress'),
          key: 'progress',
          width: 170,
          render: (_, round) =>
            round.status === 'planned' ? '—' : <RoundProgress round={round} version={version} />,
        },
        {
          title: t('col.actions'),
          key: 'actions',
          width: 190,
          render: (_, round) => (
            <Space size={0}>
              <Link to={`/testing/dashboard/${round.id}`}>
                <Button type="link" size="small">
                  {t('action.dashboard')}
                </Button>
              </Link>
              {canPlan && round.status !== 'closed' && (
                <Button type="link" size="small" onClick={() => onEdit(round.id)} data-testid="round-edit">
                  {t('action.edit')}
                </Button>
              )}
              {canPlan && round.status === 'planned' && (
                <Button type="link" size="small" onClick={() => void setStatus(round, 'active')}>
                  {t('action.activate')}
                </Button>
              )}
              {canPlan && round.status === 'active' && (
                <Popconfirm
                  title={t('action.closeConfirm', { name: round.name })}
                  onConfirm={() => void setStatus(round, 'closed')}
                >
                  <Button type="link" size="small" danger>
                    {t('action.close')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
