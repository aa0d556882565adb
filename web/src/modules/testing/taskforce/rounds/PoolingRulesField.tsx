/**
 * The round's pooling per group as a form control: the edition's rule beside each, a mark where the
 * round differs, and only the pool sizes the edition has validated (re-pooling is not validated).
 */
import { Button, Select, Switch, Table, Tag, Typography } from 'antd';
import {
  POOL_GROUP_LABELS,
  POOL_GROUPS,
  type PoolGroup,
  type PoolRule,
} from '../../../../../../domain/protocol.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { roundsMessages } from './rounds.messages';

export type Pooling = Record<PoolGroup, PoolRule>;

function same(a: PoolRule, b: PoolRule): boolean {
  return a.size === b.size && a.perHousehold === b.perHousehold;
}

export function poolingDiffers(a: Pooling, b: Pooling): boolean {
  return POOL_GROUPS.some((g) => !same(a[g], b[g]));
}

export function PoolingRulesField({
  value,
  onChange,
  defaults,
  sizes,
}: {
  value?: Pooling;
  onChange?: (pooling: Pooling) => void;
  defaults: Pooling;
  sizes: readonly number[];
}) {
  const t = useT(roundsMessages);
  const { lang } = useLang();
  const current = value ?? defaults;
  const sizeLabel = (size: number) => (size === 1 ? t('form.single') : t('form.pooled', { size }));
  const setRule = (group: PoolGroup, rule: Partial<PoolRule>) =>
    onChange?.({ ...current, [group]: { ...current[group], ...rule } });

  return (
    <div data-testid="round-pooling">
      <Table<PoolGroup>
        size="small"
        rowKey={(g) => g}
        pagination={false}
        dataSource={[...POOL_GROUPS]}
        columns={[
          { title: t('form.group'), key: 'group', render: (_, g) => POOL_GROUP_LABELS[g][lang] },
          {
            title: t('form.size'),
            key: 'size',
            width: 130,
            render: (_, g) => (
              <Select<number>
                size="small"
                style={{ width: 110 }}
                value={current[g].size}
                data-testid={`pool-size-${g}`}
                onChange={(size) => setRule(g, { size })}
                options={sizes.map((s) => ({ value: s, label: sizeLabel(s) }))}
              />
            ),
          },
          {
            title: t('form.perHousehold'),
            key: 'household',
            width: 110,
            render: (_, g) => (
              <Switch
                size="small"
                checked={current[g].perHousehold}
                onChange={(perHousehold) => setRule(g, { perHousehold })}
              />
            ),
          },
          {
            title: t('form.default'),
            key: 'default',
            width: 150,
            render: (_, g) => (
              <span>
                <Typography.Text type="secondary">
                  {sizeLabel(defaults[g].size)}
                  {defaults[g].perHousehold ? ` · ${t('form.perHousehold')}` : ''}
                </Typography.Text>
                {!same(current[g], defaults[g]) && (
                  <Tag color="orange" style={{ marginLeft: 4 }}>
                    {t('form.overridden')}
                  </Tag>
                )}
              </span>
            ),
          },
        ]}
      />
      {poolingDiffers(current, defaults) && (
        <Button size="small" type="link" onClick={() => onChange?.(defaults)} style={{ paddingLeft: 0 }}>
          {t('form.resetRules')}
        </Button>
      )}
    </div>
  );
}
