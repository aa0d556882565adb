import { Tag, Tooltip } from 'antd';
import { isSpecialKind, SPECIAL_KIND_DEFINITIONS } from '../../../../../domain/population.js';
import { useLang } from '../../../app/i18n/i18n';
import { specialLabel } from '../labels';

/** The special populations a person belongs to, as tags; the tooltip says what they need. */
export function SpecialTags({ kinds }: { kinds: readonly string[] }) {
  const { lang } = useLang();
  if (kinds.length === 0) return null;
  return (
    <span data-testid="special-tags">
      {kinds.map((kind) => (
        <Tooltip
          key={kind}
          title={isSpecialKind(kind) ? SPECIAL_KIND_DEFINITIONS[kind].need[lang] : undefined}
        >
          <Tag color="volcano" style={{ marginInlineEnd: 4 }}>
            {specialLabel(kind, lang)}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}
