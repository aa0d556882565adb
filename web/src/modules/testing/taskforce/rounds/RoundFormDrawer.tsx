/**
 * Plans a round (POST) or changes one (PATCH: name, end, areas and zones, pooling — the start and
 * the edition are fixed once the round exists). Rules are sent only when the pooling differs from
 * what the round already runs under, as the whole rules object the server validates.
 */
import { App, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { TestingRules } from '../../../../../../domain/protocol.js';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { EditionList, Round, RoundBody, RoundPatch } from '../../api-types';
import { AreasField, type AreaValue } from './AreasField';
import { PlanningAdvice } from './PlanningAdvice';
import { type Pooling, poolingDiffers, PoolingRulesField } from './PoolingRulesField';
import { roundsMessages } from './rounds.messages';

interface Values {
  name: string;
  window: [Dayjs, Dayjs];
  editionId: string;
  areas: AreaValue[];
  pooling: Pooling;
}

function initialValues(round: Round | undefined, editions: EditionList): Values {
  if (round) {
    return {
      name: round.name,
      window: [dayjs(round.startsAt), dayjs(round.endsAt)],
      editionId: round.editionId,
      areas: round.areas.map((a) => ({ code: a.code, name: a.name, level: a.level, zone: a.zone })),
      pooling: round.rules.pooling,
    };
  }
  const edition = editions.items.find((e) => e.id === editions.defaultId) ?? editions.items[0];
  const start = dayjs().add(1, 'hour').startOf('hour');
  return {
    name: '',
    window: [start, start.add(edition?.testing.roundHours ?? 24, 'hour')],
    editionId: edition?.id ?? editions.defaultId,
    areas: [],
    pooling: edition?.testing.pooling ?? ({} as Pooling),
  };
}

export function RoundFormDrawer({
  roundId,
  onClose,
  onSaved,
}: {
  roundId: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT(roundsMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const editions = useApi<EditionList>('/api/testing/editions');
  const round = useApi<Round>(roundId ? `/api/testing/rounds/${roundId}` : null);
  const ready = editions.data && (!roundId || round.data);
  const areas = Form.useWatch('areas', form) ?? [];
  const editionId = Form.useWatch('editionId', form);
  const edition = editions.data?.items.find((e) => e.id === (editionId ?? round.data?.editionId));
  const baseRules: TestingRules | undefined = round.data?.rules ?? edition?.testing;

  const initial = useMemo(
    () => (editions.data ? initialValues(round.data, editions.data) : undefined),
    [editions.data, round.data],
  );
  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
  }, [form, initial]);

  const submit = async (values: Values) => {
    if (!baseRules) return;
    const rules = poolingDiffers(values.pooling, baseRules.pooling)
      ? { ...baseRules, pooling: values.pooling }
      : undefined;
    const areasInput = values.areas.map((a) => ({ code: a.code, zone: a.zone }));
    setSaving(true);
    try {
      if (roundId) {
        const patch: RoundPatch = {
          name: values.name,
          endsAt: values.window[1].toISOString(),
          areas: areasInput,
          ...(rules ? { rules } : {}),
        };
        await api.patch<Round>(`/api/testing/rounds/${roundId}`, patch);
        void message.success(t('form.saved'));
      } else {
        const body: RoundBody = {
          name: values.name,
          startsAt: values.window[0].toISOString(),
          endsAt: values.window[1].toISOString(),
          editionId: values.editionId,
          areas: areasInput,
          ...(rules ? { rules } : {}),
        };
        await api.post<Round>('/api/testing/rounds', body);
        void message.success(t('form.created'));
      }
      onSaved();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  const failed = editions.error ?? round.error;
  return (
    <Drawer
      open
      size={1180}
      title={roundId ? t('form.editTitle') : t('form.createTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            disabled={!ready}
            onClick={() => form.submit()}
            data-testid="round-save"
          >
            {t('action.save')}
          </Button>
        </Space>
      }
    >
      {failed && !ready ? (
        <ErrorState error={failed} />
      ) : !ready || !initial ? (
        <PageLoading />
      ) : (
        <Row gutter={24}>
          <Col xs={24} lg={14}>
            <Form<Values>
              form={form}
              layout="vertical"
              initialValues={initial}
              onFinish={(v) => void submit(v)}
              data-testid="round-form"
            >
              <Form.Item
                name="name"
                label={t('form.name')}
                rules={[{ required: true, whitespace: true, max: 100 }]}
              >
                <Input placeholder={t('form.namePlaceholder')} maxLength={100} />
              </Form.Item>
              <Form.Item
                name="window"
                label={t('form.window')}
                rules={[{ required: true }]}
                extra={
                  roundId
                    ? t('form.startFixed')
                    : t('form.windowHint', { hours: baseRules?.roundHours ?? 24 })
                }
              >
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  disabled={[!!roundId, false]}
                />
              </Form.Item>
              <Form.Item
                name="editionId"
                label={t('form.edition')}
                extra={roundId ? t('form.editionFixed') : undefined}
              >
                <Select
                  disabled={!!roundId}
                  options={editions.data?.items.map((e) => ({ value: e.id, label: e.name[lang] }))}
                  onChange={(id: string) => {
                    const next = editions.data?.items.find((e) => e.id === id);
                    if (next) form.setFieldValue('pooling', next.testing.pooling);
                  }}
                />
              </Form.Item>
              <Form.Item
                name="areas"
                label={t('form.areas')}
                rules={[
                  {
                    validator: (_, v: AreaValue[] | undefined) =>
                      v?.length ? Promise.resolve() : Promise.reject(new Error(t('form.areasRequired'))),
                  },
                ]}
              >
                <AreasField />
              </Form.Item>
              <Form.Item
                name="pooling"
                label={t('form.rules')}
                extra={t('form.rulesHint', { sizes: (baseRules?.allowedPoolSizes ?? []).join(' / ') })}
              >
                <PoolingRulesField
                  defaults={edition?.testing.pooling ?? initial.pooling}
                  sizes={baseRules?.allowedPoolSizes ?? [1, 5, 10, 20]}
                />
              </Form.Item>
            </Form>
          </Col>
          <Col xs={24} lg={10}>
            <Typography.Title level={5}>{t('advice.title')}</Typography.Title>
            <PlanningAdvice areas={areas} roundId={roundId} />
          </Col>
        </Row>
      )}
    </Drawer>
  );
}
