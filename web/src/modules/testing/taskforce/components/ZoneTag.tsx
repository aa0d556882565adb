import { Tag } from 'antd';
import { useLang } from '../../../../app/i18n/i18n';
import type { Zone } from '../../api-types';
import { ZONE_LABELS } from '../labels';

export function ZoneTag({ zone }: { zone: Zone }) {
  const { lang } = useLang();
  return (
    <Tag color={ZONE_LABELS[zone].color} data-zone={zone}>
      {ZONE_LABELS[zone][lang]}
    </Tag>
  );
}
