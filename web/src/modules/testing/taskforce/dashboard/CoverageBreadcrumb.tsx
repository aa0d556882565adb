/** Where the coverage is looked at: the unit's ancestors (those in my scope clickable) and itself. */
import { Breadcrumb } from 'antd';
import type { JurisdictionDetail } from '../../../../app/api-types';
import { useLang } from '../../../../app/i18n/i18n';
import { levelLabel } from '../../../../app/i18n/labels';
import { useApi } from '../../../../app/use-api';
import type { UnitRef } from '../../api-types';

export function CoverageBreadcrumb({ unit, onOpen }: { unit: UnitRef; onOpen: (code: string) => void }) {
  const { lang } = useLang();
  const { data } = useApi<JurisdictionDetail>(`/api/jurisdictions/${unit.code}`);
  const ancestors = data?.jurisdiction.code === unit.code ? data.ancestors : [];
  return (
    <Breadcrumb
      data-testid="coverage-breadcrumb"
      items={[
        ...ancestors.map((a) => ({
          key: a.code,
          title:
            a.inScope === false ? (
              a.shortName
            ) : (
              <a
                href={`?at=${a.code}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(a.code);
                }}
              >
                {a.shortName}
              </a>
            ),
        })),
        { key: unit.code, title: `${unit.name} · ${levelLabel(unit.level, lang)}` },
      ]}
    />
  );
}
