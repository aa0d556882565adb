/**
 * 卡口管理 at /risk/checkpoints/:code? (risk.read): the checkpoints under the selected place with a
 * staffing badge for the current shift, created and edited here (risk.checkpoints), each with its
 * roster; and the staffing overview — per village, town or county, how many checkpoints are fully
 * staffed on the current shift.
 */
import { EditOutlined, PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Input,
  Progress,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../domain/access.js';
import { useAuth } from '../../../app/auth/auth.context';
import { useLocalize, useT } from '../../../app/i18n/i18n';
import { useSelection } from '../../../app/selection';
import { ErrorState } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { PageHead } from '../../../components/PageHead';
import type { Checkpoint, CheckpointKind, StaffingRollup } from './api-types';
import { CheckpointFormModal } from './CheckpointFormModal';
import { CHECKPOINT_KIND_LABELS } from './labels';
import { RosterDrawer } from './RosterDrawer';
import { useZoneRefresh } from './use-zone-refresh';
import { checkpointsMessages } from './zones.messages';

const PAGE_SIZE = 50;

function StaffingBadge({ filled, required }: { filled: number; required: number }) {
  const color = filled >= required ? 'green' : filled > 0 ? 'orange' : 'red';
  return <Tag color={color}>{`${filled}/${required}`}</Tag>;
}

function StaffingOverview({ at, version }: { at: string | undefined; version: number }) {
  const t = useT(checkpointsMessages);
  const [by, setBy] = useState<'village' | 'town' | 'county' | undefined>();
  const data = useApi<StaffingRollup>('/api/risk/staffing', { at, by }, version);
  const d = data.data;
  return (
    <Card
      size="small"
      title={
        d
          ? `${t('staffing.title')} · ${t('cp.shiftNow', { day: d.day, shift: d.shift })}`
          : t('staffing.title')
      }
      extra={
        <Space>
          <Typography.Text type="secondary">{t('staffing.by')}</Typography.Text>
          <Segmented<'village' | 'town' | 'county'>
            value={by ?? d?.by ?? 'town'}
            onChange={setBy}
            options={(['county', 'town', 'village'] as const).map((b) => ({ value: b, label: t(`by.${b}`) }))}
          />
        </Space>
      }
    >
      {data.error && !d ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : (
        <>
          {d && <Typography.Paragraph>{t('staffing.totals', d.totals)}</Typography.Paragraph>}
          <Table
            size="small"
            rowKey="code"
            loading={data.loading}
            dataSource={d?.rows ?? []}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            data-testid="staffing-table"
            columns={[
              { title: t('staffing.unit'), dataIndex: 'name' },
              { title: t('staffing.checkpoints'), dataIndex: 'checkpoints' },
              { title: t('staffing.gates'), dataIndex: 'gates' },
              { title: t('staffing.staffed'), dataIndex: 'staffed' },
              {
                title: t('staffing.rate'),
                render: (_, r) => (
                  <Progress
                    percent={r.checkpoints ? Math.round((100 * r.staffed) / r.checkpoints) : 0}
                    size="small"
                    status={r.staffed === r.checkpoints ? 'success' : 'exception'}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

export default function CheckpointsPage() {
  const t = useT(checkpointsMessages);
  const localize = useLocalize();
  const { can } = useAuth();
  const { message } = App.useApp();
  const selection = useSelection();
  const at = selection.code ?? undefined;
  const [kind, setKind] = useState<CheckpointKind | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Checkpoint | 'new' | null>(null);
  const [roster, setRoster] = useState<Checkpoint | null>(null);
  const version = useZoneRefresh();
  const list = useApi<{ items: Checkpoint[]; total: number }>(
    '/api/risk/checkpoints',
    { at, kind, q: q || undefined, page, pageSize: PAGE_SIZE },
    version,
  );
  const mayEdit = can(Permission.RiskCheckpoints);

  return (
    <div data-testid="risk-checkpoints">
      <PageHead
        title={t('cp.title')}
        subtitle={t('cp.subtitle')}
        extra={
          mayEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="checkpoint-new"
            >
              {t('cp.new')}
            </Button>
          )
        }
      />
      <Tabs
        items={[
          {
            key: 'list',
            label: t('cp.tab.list'),
            children: (
              <Card
                size="small"
                extra={
                  <Space>
                    <Select<CheckpointKind | 'all'>
                      value={kind ?? 'all'}
                      style={{ width: 140 }}
                      onChange={(v) => {
                        setKind(v === 'all' ? undefined : v);
                        setPage(1);
                      }}
                      options={[
                        { value: 'all', label: t('cp.allKinds') },
                        ...(Object.keys(CHECKPOINT_KIND_LABELS) as CheckpointKind[]).map((k) => ({
                          value: k,
                          label: localize(CHECKPOINT_KIND_LABELS[k]),
                        })),
                      ]}
                    />
                    <Input.Search
                      allowClear
                      placeholder={t('cp.search')}
                      style={{ width: 200 }}
                      onSearch={(v) => {
                        setQ(v.trim());
                        setPage(1);
                      }}
                    />
                  </Space>
                }
              >
                {list.error && !list.data ? (
                  <ErrorState error={list.error} onRetry={list.reload} />
                ) : (
                  <Table<Checkpoint>
                    size="small"
                    rowKey="id"
                    loading={list.loading}
                    dataSource={list.data?.items ?? []}
                    locale={{ emptyText: t('cp.empty') }}
                    data-testid="checkpoints-table"
                    pagination={{
                      current: page,
                      pageSize: PAGE_SIZE,
                      total: list.data?.total ?? 0,
                      onChange: setPage,
                      showSizeChanger: false,
                    }}
                    columns={[
                      { title: t('cp.code'), dataIndex: 'code' },
                      { title: t('cp.name'), dataIndex: 'name' },
                      { title: t('cp.kind'), render: (_, c) => localize(CHECKPOINT_KIND_LABELS[c.kind]) },
                      { title: t('cp.place'), render: (_, c) => c.place.name },
                      {
                        title: t('cp.staffing'),
                        render: (_, c) => (c.active ? <StaffingBadge {...c.staffing} /> : null),
                      },
                      {
                        title: t('cp.active'),
                        render: (_, c) =>
                          c.active ? (
                            <Tag color="green">{t('cp.active')}</Tag>
                          ) : (
                            <Tag>{t('cp.inactive')}</Tag>
                          ),
                      },
                      {
                        title: t('cp.actions'),
                        render: (_, c) => (
                          <Space size="small">
                            <Button size="small" icon={<ScheduleOutlined />} onClick={() => setRoster(c)}>
                              {t('cp.roster')}
                            </Button>
                            {mayEdit && (
                              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)}>
                                {t('cp.edit')}
                              </Button>
                            )}
                          </Space>
                        ),
                      },
                    ]}
                  />
                )}
              </Card>
            ),
          },
          {
            key: 'staffing',
            label: t('cp.tab.staffing'),
            children: <StaffingOverview at={at} version={version} />,
          },
        ]}
      />
      <CheckpointFormModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(c) => {
          setEditing(null);
          void message.success(t('cp.saved', { code: c.code }));
          list.reload();
        }}
      />
      <RosterDrawer
        checkpoint={roster}
        onClose={() => {
          setRoster(null);
          list.reload();
        }}
      />
    </div>
  );
}
