/**
 * 人员查询: one search box (name, ID number, phone or address — the server recognises which) and
 * filters, all in the URL; the jurisdiction is the URL's selection, limited to the user's subtree.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Permission } from '../../../../../domain/access.js';
import { RESIDENCE_TYPES, SPECIAL_KINDS } from '../../../../../domain/population.js';
import { useAuth } from '../../../app/auth/auth.context';
import { parens, useLang, useT } from '../../../app/i18n/i18n';
import { useSelect, useSelection } from '../../../app/selection';
import { BadCodeState } from '../../../app/states';
import { JurisdictionPicker } from '../../../components/JurisdictionPicker';
import { PageHead } from '../../../components/PageHead';
import { ExportButton } from '../components/ExportButton';
import { PAGE_SIZES, PeopleTable, personPath } from '../components/PeopleTable';
import { residenceLabel, specialLabel } from '../labels';
import { populationMessages } from '../population.messages';
import { peopleMessages } from './people.messages';
import { PersonFormModal } from './PersonFormModal';

export function PeopleSearch() {
  const t = useT(peopleMessages);
  const tp = useT(populationMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { code, raw, isHome } = useSelection();
  const select = useSelect();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const q = params.get('q') ?? '';
  const residenceType = params.get('residenceType') ?? '';
  const special = params.get('special') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const size = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : PAGE_SIZES[0]!;

  if (!code) return <BadCodeState code={raw} />;
  const filters = {
    jurisdiction: isHome ? undefined : code,
    q: q || undefined,
    residenceType: residenceType || undefined,
    special: special || undefined,
  };

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <div data-testid="people-search" className="population-stack">
      <PageHead
        title={t('search.title')}
        subtitle={
          <>
            {t('search.subtitle')}
            {parens(tp('masked.hint'), lang)}
          </>
        }
        extra={
          <Space>
            <ExportButton list="people" filters={{ ...filters, jurisdiction: code }} />
            {can(Permission.PopulationManage) && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="create-person"
              >
                {t('action.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <div className="population-filters" data-testid="people-filters">
          <Input.Search
            key={q}
            defaultValue={q}
            placeholder={t('search.placeholder')}
            enterButton={t('search.button')}
            allowClear
            maxLength={60}
            onSearch={(text) => update({ q: text.trim(), page: '' })}
            style={{ width: 380 }}
            data-testid="people-q"
          />
          <JurisdictionPicker
            value={code}
            onChange={(next) => next && select(next)}
            style={{ width: 220 }}
            testId="people-jurisdiction"
          />
          <Select
            value={residenceType || undefined}
            placeholder={t('filter.residence')}
            allowClear
            style={{ width: 140 }}
            onChange={(value?: string) => update({ residenceType: value ?? '', page: '' })}
            options={RESIDENCE_TYPES.map((type) => ({ value: type, label: residenceLabel(type, lang) }))}
            data-testid="people-residence"
          />
          <Select
            value={special || undefined}
            placeholder={t('filter.special')}
            allowClear
            style={{ width: 200 }}
            onChange={(value?: string) => update({ special: value ?? '', page: '' })}
            options={SPECIAL_KINDS.map((kind) => ({ value: kind, label: specialLabel(kind, lang) }))}
            data-testid="people-special"
          />
          <Button onClick={() => setParams(new URLSearchParams())}>{t('action.reset')}</Button>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => setVersion((v) => v + 1)}
            aria-label={t('action.refresh')}
          />
        </div>
        <div style={{ marginTop: 16 }}>
          <PeopleTable
            query={filters}
            page={page}
            size={size}
            version={version}
            onPage={(next, nextSize) => update({ page: String(next), size: String(nextSize) })}
          />
        </div>
      </Card>
      {creating && (
        <PersonFormModal
          mode={{ kind: 'create', place: code }}
          onClose={() => setCreating(false)}
          onSaved={(detail) => {
            setCreating(false);
            void navigate(personPath(detail.person.id));
          }}
        />
      )}
    </div>
  );
}
