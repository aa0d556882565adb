/**
 * The areas of a round as a form control: add a jurisdiction with the picker, give each its zone.
 * Nested areas are allowed (a sealed building inside a controlled village); the server keeps the
 * most specific one for each place.
 */
import { DeleteOutlined } from '@ant-design/icons';
import { Button, Select, Table, Typography } from 'antd';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { levelLabel } from '../../../../app/i18n/labels';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import { ZONES, type Zone } from '../../api-types';
import { ZONE_LABELS } from '../labels';
import { roundsMessages } from './rounds.messages';

export interface AreaValue {
  code: string;
  name: string;
  level: string;
  zone: Zone;
}

export function AreasField({
  value = [],
  onChange,
}: {
  value?: AreaValue[];
  onChange?: (areas: AreaValue[]) => void;
}) {
  const t = useT(roundsMessages);
  const { lang } = useLang();
  const set = (next: AreaValue[]) => onChange?.(next);

  return (
    <div data-testid="round-areas">
      <JurisdictionPicker
        value={null}
        placeholder={t('form.addArea')}
        style={{ width: '100%', marginBottom: 8 }}
        testId="round-area-picker"
        onChange={(code, node) => {
          if (!code || value.some((a) => a.code === code)) return;
          set([
            ...value,
            { code, name: node?.shortName ?? code, level: node?.level ?? '', zone: 'prevention' },
          ]);
        }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('form.areaHint')}
      </Typography.Text>
      {value.length > 0 && (
        <Table<AreaValue>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={value}
          style={{ marginTop: 8 }}
          columns={[
            {
              title: t('form.areas'),
              dataIndex: 'name',
              render: (name: string, area) => (
                <span>
                  {name}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {area.level ? levelLabel(area.level, lang) : area.code}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: t('form.zone'),
              dataIndex: 'zone',
              width: 130,
              render: (zone: Zone, area) => (
                <Select<Zone>
                  size="small"
                  value={zone}
                  style={{ width: 110 }}
                  data-testid="round-area-zone"
                  onChange={(next) =>
                    set(value.map((a) => (a.code === area.code ? { ...a, zone: next } : a)))
                  }
                  options={ZONES.map((z) => ({ value: z, label: ZONE_LABELS[z][lang] }))}
                />
              ),
            },
            {
              key: 'remove',
              width: 44,
              render: (_, area) => (
                <Button
                  type="text"
                  size="small"
                  aria-label={t('form.remove')}
                  icon={<DeleteOutlined />}
                  onClick={() => set(value.filter((a) => a.code !== area.code))}
                />
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
