/**
 * A supply vehicle's route: checkpoint codes in driving order, picked from the checkpoints the user
 * can see (or typed, for a station of another area), moved up and down, removed.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { CheckpointInfo } from '../api-types';
import { CHECKPOINT_KIND_LABELS, labelOf } from '../labels';
import { passesMessages } from '../passes.messages';

export type CheckpointOption = Pick<CheckpointInfo, 'code' | 'name' | 'kind'>;

export function RouteEditor({
  value = [],
  onChange,
  checkpoints,
}: {
  value?: string[];
  onChange?: (next: string[]) => void;
  checkpoints: CheckpointOption[];
}) {
  const t = useT(passesMessages);
  const { lang } = useLang();
  const [search, setSearch] = useState('');
  const byCode = new Map(checkpoints.map((c) => [c.code, c]));
  const set = (next: string[]) => onChange?.(next);
  const move = (i: number, d: -1 | 1) => {
    const next = [...value];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    set(next);
  };
  const typed = search.trim().toUpperCase();
  const options = [
    ...checkpoints
      .filter((c) => !value.includes(c.code))
      .map((c) => ({
        value: c.code,
        label: `${c.code} ${c.name}（${labelOf(CHECKPOINT_KIND_LABELS, c.kind, lang)}）`,
      })),
    ...(typed && !byCode.has(typed) && !value.includes(typed) ? [{ value: typed, label: typed }] : []),
  ];

  return (
    <div className="pass-route-editor" data-testid="route-editor">
      {value.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('form.routeEmpty')} />
      ) : (
        <ol className="pass-route-list">
          {value.map((code, i) => {
            const c = byCode.get(code);
            return (
              <li key={code} data-testid="route-item" data-code={code}>
                <Tag color="blue" className="num">
                  {i + 1}
                </Tag>
                <Typography.Text strong className="num">
                  {code}
                </Typography.Text>
                <Typography.Text type="secondary">{c?.name ?? ''}</Typography.Text>
                <Space size={4} className="pass-route-actions">
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    aria-label={t('form.moveUp')}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('form.moveDown')}
                    disabled={i === value.length - 1}
                    onClick={() => move(i, 1)}
                  />
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('form.remove')}
                    onClick={() => set(value.filter((v) => v !== code))}
                  />
                </Space>
              </li>
            );
          })}
        </ol>
      )}
      <Select
        showSearch={{ onSearch: setSearch, filterOption: true, optionFilterProp: 'label' }}
        value={null}
        placeholder={t(checkpoints.length > 0 ? 'form.routeAdd' : 'form.routeType')}
        notFoundContent={null}
        options={options}
        style={{ width: '100%' }}
        onChange={(code: string | null) => {
          if (code) set([...value, code]);
          setSearch('');
        }}
        data-testid="route-add"
      />
    </div>
  );
}
