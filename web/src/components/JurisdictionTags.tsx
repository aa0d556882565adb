import { Tag } from 'antd';
import type { Jurisdiction } from '../app/api-types';
import { useLang } from '../app/i18n/i18n';
import { kindLabel, levelLabel } from '../app/i18n/labels';

/** Level and kind of a jurisdiction as two tags: 乡镇（街道） · 镇. */
export function JurisdictionTags({ node }: { node: Jurisdiction }) {
  const { lang } = useLang();
  return (
    <>
      <Tag color="blue">{levelLabel(node.level, lang)}</Tag>
      {node.kind !== node.level && <Tag>{kindLabel(node.level, node.kind, lang)}</Tag>}
    </>
  );
}
