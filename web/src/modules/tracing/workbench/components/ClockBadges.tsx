/**
 * The 2+4+24 clocks as compact coloured badges: how long each is (from the edition, as the server
 * computed the due time), and the time left, the overdue time, or done. The server's `state` is
 * the truth at load time; between loads a pending clock whose due time has passed turns red here.
 */
import { CheckOutlined, ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { parens, useLang, useT } from '../../../../app/i18n/i18n';
import type { Clock } from '../../api-types';
import { CLOCK_LABELS, CLOCK_STATE_LABELS } from '../labels';
import { workbenchMessages } from '../workbench.messages';

/** Within this of its due time a running clock turns amber. */
const WARN_MS = 30 * 60_000;

/** 95 minutes → "1h35m"; compact in both languages so three badges fit a table cell. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}d${hours}h`;
  if (hours > 0) return `${hours}h${String(mins).padStart(2, '0')}m`;
  return `${mins}m`;
}

/** The clock's state now: a pending clock past its due time is overdue. */
export function stateAt(clock: Clock, now: number): Clock['state'] {
  if (clock.state === 'pending' && Date.parse(clock.due) < now) return 'overdue';
  return clock.state;
}

/** The clock's length in hours, from the case's report time (2, 4, 24 under the usual editions). */
export function clockHours(clock: Clock, reportedAt: string): number {
  return Math.round((Date.parse(clock.due) - Date.parse(reportedAt)) / 3_600_000);
}

export function ClockBadge({
  clock,
  reportedAt,
  now,
  compact,
}: {
  clock: Clock;
  reportedAt: string;
  now: number;
  /** Without the icon, for table cells. */
  compact?: boolean;
}) {
  const t = useT(workbenchMessages);
  const { lang } = useLang();
  const state = stateAt(clock, now);
  const due = Date.parse(clock.due);
  const hours = clockHours(clock, reportedAt);
  let color: string = CLOCK_STATE_LABELS[state].color;
  let text: string;
  let icon = <ClockCircleOutlined />;
  switch (state) {
    case 'done':
      text = t('clock.done');
      icon = <CheckOutlined />;
      break;
    case 'late':
      text = t('clock.late', { time: formatSpan(Date.parse(clock.doneAt ?? clock.due) - due) });
      icon = <CheckOutlined />;
      break;
    case 'overdue':
      text = t('clock.over', { time: formatSpan(now - due) });
      icon = <ExclamationCircleOutlined />;
      break;
    case 'pending':
      text = t('clock.left', { time: formatSpan(due - now) });
      if (due - now < WARN_MS) color = 'warning';
      break;
  }
  const title = (
    <div>
      <div>
        {CLOCK_LABELS[clock.name][lang]}
        {parens(`${hours}h`, lang)} · {CLOCK_STATE_LABELS[state][lang]}
      </div>
      <div>{t('clock.due', { at: dayjs(clock.due).format('MM-DD HH:mm') })}</div>
      {clock.doneAt && <div>{t('clock.doneAt', { at: dayjs(clock.doneAt).format('MM-DD HH:mm') })}</div>}
    </div>
  );
  return (
    <Tooltip title={title}>
      <Tag
        color={color}
        icon={compact ? undefined : icon}
        className="tracing-clock"
        data-testid={`clock-${clock.name}`}
        data-state={state}
      >
        <b>{hours}h</b> {text}
      </Tag>
    </Tooltip>
  );
}

/** The three clocks in a row (they wrap on a phone). */
export function ClockBadges({
  clocks,
  reportedAt,
  now,
  compact,
}: {
  clocks: Clock[];
  reportedAt: string;
  now: number;
  compact?: boolean;
}) {
  return (
    <span className="tracing-clocks" data-testid="case-clocks">
      {clocks.map((clock) => (
        <ClockBadge key={clock.name} clock={clock} reportedAt={reportedAt} now={now} compact={compact} />
      ))}
    </span>
  );
}
