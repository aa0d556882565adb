/**
 * 病例 at /tracing/cases: the cases in my subtree or assigned to me (or my team), overdue ones
 * first and edged in red, with filters and 新增病例; /tracing/cases/<case id> opens one case's
 * workbench, and /tracing/cases/<jurisdiction code> (the header's switcher) narrows the list to
 * that unit. Reloads live when a case is created or changes.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Input, Select } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import {
  CASE_CLASSIFICATIONS,
  FOUND_IN,
  type CaseClassification,
  type FoundIn,
} from '../../../../../../domain/tracing.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { useSelection } from '../../../../app/selection';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import '../../../population/population.css';
import type { CaseListQuery, CaseSummary, PagedList } from '../../api-types';
import { CASE_STATUS_LABELS, CLASSIFICATION_LABELS, FOUND_IN_LABELS, optionsOf } from '../labels';
import '../workbench.css';
import { CasesTable } from './CasesTable';
import { casesMessages } from './cases.messages';
import { NewCaseDrawer } from './NewCaseDrawer';

// One case's workbench is a chunk of its own: the list stays light on a phone's connection.
const CaseWorkbench = lazy(() => import('../case/CaseWorkbench').then((m) => ({ default: m.CaseWorkbench })));

export default function CasesPage() {
  const { code } = useParams();
  if (isRecordId(code)) {
    return (
      <Suspense fallback={<PageLoading />}>
        <CaseWorkbench key={code} caseId={code} />
      </Suspense>
    );
  }
  return <CaseList />;
}

interface Filters {
  status: 'open' | 'closed' | undefined;
  classification: CaseClassification | undefined;
  foundIn: FoundIn | undefined;
  mine: boolean;
  overdue: boolean;
  q: string;
}

function CaseList() {
  const t = useT(casesMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const selection = useSelection();
  const [filters, setFilters] = useState<Filters>({
    status: 'open',
    classification: undefined,
    foundIn: undefined,
    mine: false,
    overdue: false,
    q: '',
  });
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const query: CaseListQuery = {
    status: filters.status,
    classification: filters.classification,
    foundIn: filters.foundIn,
    assignee: filters.mine ? 'me' : undefined,
    overdue: filters.overdue || undefined,
    q: filters.q.trim() || undefined,
    at: selection.code && !selection.isHome ? selection.code : undefined,
    page: page.page,
    pageSize: page.pageSize,
  };
  const list = useApi<PagedList<CaseSummary>>('/api/tracing/cases', { ...query }, version);
  useLiveEvent('tracing.case_created', () => {
    setVersion((v) => v + 1);
    void notification.info({ key: 'tracing-case-created', title: t('list.live'), placement: 'bottomRight' });
  });
  useLiveEvent('tracing.case_changed', () => setVersion((v) => v + 1));

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <div data-testid="tracing-cases">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          can(Permission.TracingReport) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="case-new"
            >
              {t('list.new')}
            </Button>
          )
        }
      />
      <Card>
        <div className="tracing-filters" data-testid="case-filters">
          <Select<'open' | 'closed' | undefined>
            value={filters.status}
            onChange={(v) => set('status', v)}
            allowClear
            placeholder={t('filter.allStatuses')}
            style={{ minWidth: 120 }}
            options={(['open', 'closed'] as const).map((s) => ({
              value: s,
              label: CASE_STATUS_LABELS[s][lang],
            }))}
            aria-label={t('filter.status')}
          />
          <Select<CaseClassification | undefined>
            value={filters.classification}
            onChange={(v) => set('classification', v)}
            allowClear
            placeholder={t('filter.allClassifications')}
            style={{ minWidth: 140 }}
            options={optionsOf(CASE_CLASSIFICATIONS, CLASSIFICATION_LABELS, lang)}
            aria-label={t('filter.classification')}
          />
          <Select<FoundIn | undefined>
            value={filters.foundIn}
            onChange={(v) => set('foundIn', v)}
            allowClear
            placeholder={t('filter.allFoundIn')}
            style={{ minWidth: 140 }}
            options={optionsOf(FOUND_IN, FOUND_IN_LABELS, lang)}
            aria-label={t('filter.foundIn')}
          />
          <Checkbox
            checked={filters.mine}
            onChange={(e) => set('mine', e.target.checked)}
            data-testid="filter-mine"
          >
            {t('filter.mine')}
          </Checkbox>
          <Checkbox
            checked={filters.overdue}
            onChange={(e) => set('overdue', e.target.checked)}
            data-testid="filter-overdue"
          >
            {t('filter.overdue')}
          </Checkbox>
          <Input.Search
            allowClear
            placeholder={t('filter.search')}
            onSearch={(q) => set('q', q)}
            style={{ width: 280, maxWidth: '100%' }}
            className="tracing-filter-search"
            data-testid="case-search"
          />
        </div>
        {list.error && !list.data ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <CasesTable
            data={list.data}
            loading={list.loading}
            page={page}
            onPage={(p, pageSize) => setPage({ page: pageSize === page.pageSize ? p : 1, pageSize })}
            onOpen={(id) => void navigate(`/tracing/cases/${id}`)}
          />
        )}
      </Card>
      {creating && (
        <NewCaseDrawer
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void navigate(`/tracing/cases/${id}`);
          }}
        />
      )}
    </div>
  );
}
