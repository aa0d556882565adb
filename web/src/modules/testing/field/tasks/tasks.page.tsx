/**
 * 复核与上门: the rechecks (single tube for everyone of a positive or invalid pool) and door-to-door
 * visits of the selected area, door by door. A new positive or invalid pool reloads the list.
 */
import { Card, Empty, Segmented, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { useSelection } from '../../../../app/selection';
import { BadCodeState, ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { fieldMessages } from '../field.messages';
import type { SamplingTask, TaskStatus } from '../field-types';
import { useActiveRounds } from '../use-field-data';
import { groupByHousehold } from './group-tasks';
import { HouseholdTasksCard } from './HouseholdTasksCard';
import { TaskSampleModal } from './TaskSampleModal';
import { tasksMessages } from './tasks.messages';
import '../field.css';

type KindFilter = 'all' | 'recheck' | 'door_to_door';
type StatusFilter = 'all' | Extract<TaskStatus, 'pending' | 'sampled'>;

export default function TasksPage() {
  const t = useT(tasksMessages);
  const tf = useT(fieldMessages);
  const { can } = useAuth();
  const selection = useSelection();
  const rounds = useActiveRounds();
  const [roundId, setRoundId] = useState<string | null>(null);
  const [kind, setKind] = useState<KindFilter>('all');
  const [status, setStatus] = useState<StatusFilter>('pending');
  const [version, setVersion] = useState(0);
  const [sampling, setSampling] = useState<SamplingTask | null>(null);
  const bump = () => setVersion((v) => v + 1);
  useLiveEvent('testing.pool_positive', bump);
  useLiveEvent('testing.pool_invalid', bump);
  const tasks = useApi<{ items: SamplingTask[]; total?: number }>(
    selection.code ? '/api/testing/tasks' : null,
    {
      jurisdiction: selection.code,
      roundId,
      kind: kind === 'all' ? null : kind,
      status: status === 'all' ? null : status,
      limit: 500,
    },
    version,
  );

  if (!selection.code) return <BadCodeState code={selection.raw} />;
  const groups = groupByHousehold(tasks.data?.items ?? []);
  const people = tasks.data?.items.length ?? 0;

  return (
    <div className="field-stack" data-testid="tasks-page">
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      <Card size="small">
        <Space wrap size={[16, 8]}>
          <Select
            style={{ minWidth: 220 }}
            value={roundId ?? ''}
            onChange={(value: string) => setRoundId(value || null)}
            aria-label={t('filter.round')}
            options={[
              { value: '', label: t('filter.allRounds') },
              ...(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.name })),
            ]}
          />
          <Segmented<KindFilter>
            value={kind}
            onChange={setKind}
            options={[
              { value: 'all', label: t('filter.all') },
              { value: 'recheck', label: tf('task.recheck') },
              { value: 'door_to_door', label: tf('task.door_to_door') },
            ]}
          />
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'pending', label: tf('status.pending') },
              { value: 'sampled', label: tf('status.sampled') },
              { value: 'all', label: t('filter.all') },
            ]}
          />
          <Typography.Text type="secondary" data-testid="tasks-count">
            {t('count', { households: groups.length, people })}
          </Typography.Text>
        </Space>
      </Card>
      {tasks.error ? (
        <ErrorState error={tasks.error} target={selection.raw} onRetry={tasks.reload} />
      ) : !tasks.data ? (
        <PageLoading />
      ) : groups.length === 0 ? (
        <Card>
          <Empty description={t('none')} />
        </Card>
      ) : (
        <div>
          {groups.map((group) => (
            <HouseholdTasksCard
              key={group.key}
              group={group}
              canSample={can(Permission.TestingSample)}
              onSample={setSampling}
            />
          ))}
        </div>
      )}
      {sampling && (
        <TaskSampleModal
          task={sampling}
          onClose={() => setSampling(null)}
          onDone={() => {
            setSampling(null);
            bump();
          }}
        />
      )}
    </div>
  );
}
