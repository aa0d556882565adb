/**
 * 特殊人群 of the selected jurisdiction: how many of each kind in each child unit (with a chart),
 * and the register of one kind with the details that kind carries; export to Excel.
 */
import { Card } from 'antd';
import { useSearchParams } from 'react-router';
import { isSpecialKind } from '../../../../../domain/population.js';
import { useLang, useT } from '../../../app/i18n/i18n';
import { useSelect, useSelection } from '../../../app/selection';
import { BadCodeState } from '../../../app/states';
import { PageHead } from '../../../components/PageHead';
import { ExportButton } from '../components/ExportButton';
import { PAGE_SIZES } from '../components/PeopleTable';
import { specialLabel } from '../labels';
import { SpecialCountsCard } from './SpecialCountsCard';
import { SpecialRegisterTable } from './SpecialRegisterTable';
import { specialsMessages } from './specials.messages';
import '../population.css';

export default function SpecialsPage() {
  const t = useT(specialsMessages);
  const { lang } = useLang();
  const { code, raw, isHome } = useSelection();
  const select = useSelect();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind') ?? '';
  const kind = isSpecialKind(kindParam) ? kindParam : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const size = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : PAGE_SIZES[0]!;

  if (!code) return <BadCodeState code={raw} />;
  const jurisdiction = isHome ? undefined : code;

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  const chooseKind = (next: string | undefined) => update({ kind: next ?? '', page: '' });

  return (
    <div className="population-stack" data-testid="specials-page">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          <ExportButton
            list="specials"
            filters={{ jurisdiction: code, special: kind }}
            fileName={`${t('page.title')}${kind ? `-${specialLabel(kind, lang)}` : ''}`}
          />
        }
      />
      <SpecialCountsCard
        code={code}
        jurisdiction={jurisdiction}
        onKind={chooseKind}
        onUnit={(unit) => select(unit)}
      />
      <Card title={t('register.title')} data-testid="special-register">
        <SpecialRegisterTable
          jurisdiction={jurisdiction}
          kind={kind}
          page={page}
          size={size}
          onKind={chooseKind}
          onPage={(next, nextSize) => update({ page: String(next), size: String(nextSize) })}
        />
      </Card>
    </div>
  );
}
