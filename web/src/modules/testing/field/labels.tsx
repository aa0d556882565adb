/** Tags for pools, tube states and results, the same on every front-line page. */
import { Tag } from 'antd';
import { POOL_GROUP_LABELS, type PoolGroup } from '../../../../../domain/protocol.js';
import { TUBE_RESULT_LABELS, type TubeResult } from '../../../../../domain/testing.js';
import { useLang, useT } from '../../../app/i18n/i18n';
import { fieldMessages } from './field.messages';
import type { TaskStatus, TubeStatus } from './field-types';

export const RESULT_COLORS: Record<TubeResult, string> = {
  negative: 'green',
  positive: 'red',
  invalid: 'orange',
};

const TUBE_COLORS: Record<TubeStatus, string> = {
  open: 'processing',
  closed: 'default',
  shipped: 'blue',
  received: 'cyan',
  resulted: 'green',
};

const TASK_COLORS: Record<TaskStatus, string> = {
  pending: 'gold',
  sampled: 'blue',
  negative: 'green',
  positive: 'red',
  invalid: 'orange',
  cancelled: 'default',
};

/** "20:1 防范区" — the size and the group a tube was opened for. */
export function PoolTag({
  size,
  group,
  perHousehold,
}: {
  size: number;
  group: PoolGroup;
  perHousehold?: boolean;
}) {
  const t = useT(fieldMessages);
  const { lang } = useLang();
  const ratio = size === 1 ? t('pool.single') : `${size}:1`;
  return (
    <Tag color={size === 1 ? 'volcano' : size <= 10 ? 'orange' : 'blue'} data-testid="pool-tag">
      {ratio} {POOL_GROUP_LABELS[group][lang]}
      {perHousehold ? ` · ${t('pool.perHousehold')}` : ''}
    </Tag>
  );
}

export function TubeStatusTag({ status }: { status: TubeStatus }) {
  const t = useT(fieldMessages);
  return <Tag color={TUBE_COLORS[status]}>{t(`tube.${status}`)}</Tag>;
}

export function ResultTag({ result }: { result: TubeResult | null | undefined }) {
  const t = useT(fieldMessages);
  const { lang } = useLang();
  if (!result) return <Tag>{t('result.pending')}</Tag>;
  return <Tag color={RESULT_COLORS[result]}>{TUBE_RESULT_LABELS[result][lang]}</Tag>;
}

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const t = useT(fieldMessages);
  return <Tag color={TASK_COLORS[status]}>{t(`status.${status}`)}</Tag>;
}
