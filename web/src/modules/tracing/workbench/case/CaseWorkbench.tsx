/**
 * One case's workbench (/tracing/cases/<case id>): the header (who, how found, the three clocks
 * with "mark done", assignment) and the investigation in tabs — interview, itinerary, calls,
 * contacts, big-data candidates, chain. The open tab is in the URL (?tab=) so a link lands on it.
 * Live: the case reloads when it changes; the contacts, candidates and chain when a contact does.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Badge, Card, Tabs } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EDITIONS } from '../../../../../../domain/protocol.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import '../../../population/population.css';
import type { CaseDetail } from '../../api-types';
import '../workbench.css';
import { CallsTab } from './CallsTab';
import { CandidatesTab } from './CandidatesTab';
import { CaseHeader } from './CaseHeader';
import { caseMessages } from './case.messages';
import { ContactsTab } from './ContactsTab';
import { InterviewTab } from './InterviewTab';
import { ItineraryTab } from './ItineraryTab';

// Cytoscape is loaded only when the chain is looked at.
const ChainTab = lazy(() => import('./ChainTab').then((m) => ({ default: m.ChainTab })));

const TABS = ['interview', 'itinerary', 'calls', 'contacts', 'candidates', 'chain'] as const;
type TabKey = (typeof TABS)[number];

export function CaseWorkbench({ caseId }: { caseId: string }) {
  const t = useT(caseMessages);
  const { lang } = useLang();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  // Contacts, candidates and the chain move together: a decision on a candidate adds a contact.
  const [contactsVersion, setContactsVersion] = useState(0);
  const detail = useApi<CaseDetail>(`/api/tracing/cases/${caseId}`, undefined, version);
  const reload = () => setVersion((v) => v + 1);
  const contactsChanged = () => {
    setContactsVersion((v) => v + 1);
    reload();
  };
  useLiveEvent<{ caseId?: string }>('tracing.case_changed', (event) => {
    if (event.caseId === caseId) reload();
  });
  useLiveEvent('tracing.contact_changed', () => setContactsVersion((v) => v + 1));
  useLiveEvent('tracing.cluster_changed', () => setContactsVersion((v) => v + 1));

  const tabParam = params.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'interview';
  const c = detail.data;

  if (detail.error && !c) return <ErrorState error={detail.error} target={caseId} onRetry={detail.reload} />;
  if (!c) return <PageLoading />;

  const anchor = t(`anchor.${c.window.anchor}`);
  return (
    <div data-testid="tracing-case" data-case-id={c.id}>
      <PageHead
        title={
          <span>
            <Link to="/tracing/cases" aria-label={t('page.back')} style={{ marginRight: 8 }}>
              <ArrowLeftOutlined />
            </Link>
            {t('page.title', { number: c.number })}
          </span>
        }
        subtitle={t('page.subtitle', {
          edition: EDITIONS.find((e) => e.id === c.edition.id)?.name[lang] ?? c.edition.name,
          from: dayjs(c.window.from).format('MM-DD HH:mm'),
          until: dayjs(c.window.until).format('MM-DD HH:mm'),
          anchor,
        })}
      />
      <div className="tracing-stack">
        <CaseHeader detail={c} onChanged={reload} />
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={(key) =>
              setParams(
                (p) => {
                  p.set('tab', key);
                  return p;
                },
                { replace: true },
              )
            }
            data-testid="case-tabs"
            items={[
              {
                key: 'interview',
                label: t('tab.interview'),
                children: <InterviewTab detail={c} onSaved={reload} />,
              },
              {
                key: 'itinerary',
                label: (
                  <span>
                    {t('tab.itinerary')}{' '}
                    <Badge count={c.itinerary.length} showZero color="#bfbfbf" size="small" />
                  </span>
                ),
                children: <ItineraryTab detail={c} onChanged={reload} />,
              },
              {
                key: 'calls',
                label: (
                  <span>
                    {t('tab.calls')} <Badge count={c.calls.length} showZero color="#bfbfbf" size="small" />
                  </span>
                ),
                children: <CallsTab detail={c} onChanged={reload} version={contactsVersion} />,
              },
              {
                key: 'contacts',
                label: (
                  <span>
                    {t('tab.contacts')}{' '}
                    <Badge
                      count={c.contacts.close + c.contacts.secondary}
                      showZero
                      color="#fa8c16"
                      size="small"
                    />
                  </span>
                ),
                children: <ContactsTab detail={c} version={contactsVersion} onChanged={contactsChanged} />,
              },
              {
                key: 'candidates',
                label: t('tab.candidates'),
                children: (
                  <CandidatesTab caseId={c.id} version={contactsVersion} onDecided={contactsChanged} />
                ),
              },
              {
                key: 'chain',
                label: t('tab.chain'),
                children: (
                  <Suspense fallback={<PageLoading />}>
                    <ChainTab caseId={c.id} version={contactsVersion} />
                  </Suspense>
                ),
              },
            ]}
          />
        </Card>
      </div>
    </div>
  );
}
