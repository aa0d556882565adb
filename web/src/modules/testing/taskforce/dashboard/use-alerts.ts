/**
 * A round's alerts, loaded again whenever the live feed reports a positive or invalid pool or a
 * positive person (the events carry ids only, so the list is the one source of what to show); a new
 * alert of this round also pops a notification, wherever the user is on the dashboard.
 */
import { App } from 'antd';
import { useState } from 'react';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { type ApiState, useApi } from '../../../../app/use-api';
import type { ListOf, TestingAlert, TestingEvent } from '../../api-types';
import { ALERT_KIND_LABELS } from '../labels';
import { dashboardMessages } from './dashboard.messages';

const TOPICS = {
  'testing.pool_positive': 'positive_pool',
  'testing.pool_invalid': 'invalid_pool',
  'testing.person_positive': 'positive_person',
} as const;

export function useAlerts(roundId: string, tick: number): ApiState<ListOf<TestingAlert>> {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const { notification } = App.useApp();
  const [version, setVersion] = useState(0);
  const state = useApi<ListOf<TestingAlert>>('/api/testing/alerts', { roundId, limit: 500 }, version + tick);

  const onEvent = (kind: keyof typeof ALERT_KIND_LABELS) => (event: TestingEvent) => {
    if (event.roundId && event.roundId !== roundId) return;
    setVersion((v) => v + 1);
    void notification.warning({
      key: `testing-alert-${event.tubeId ?? event.findingId ?? kind}`,
      title: t('alerts.live', { kind: ALERT_KIND_LABELS[kind][lang], barcode: event.barcode ?? '—' }),
      placement: 'bottomRight',
    });
  };
  useLiveEvent<TestingEvent>('testing.pool_positive', onEvent(TOPICS['testing.pool_positive']));
  useLiveEvent<TestingEvent>('testing.pool_invalid', onEvent(TOPICS['testing.pool_invalid']));
  useLiveEvent<TestingEvent>('testing.person_positive', onEvent(TOPICS['testing.person_positive']));
  return state;
}
