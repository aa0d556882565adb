/**
 * 通行证审批 at /risk/pass-approval: the applications of my area waiting for a decision, the
 * approved ones and all, filtered by type and searched; /risk/pass-approval/<pass id> opens one to
 * approve, reject, revoke, show its QR code and print it.
 */
import { Badge, Card, Input, Select, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { PASS_TYPES } from '../../../../../../domain/pass-token.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import type { PagedList, PassSummary, PassType } from '../api-types';
import { PassDrawer } from '../components/PassDrawer';
import { PassTable } from '../components/PassTable';
import { PASS_TYPE_LABELS } from '../labels';
import { passesMessages } from '../passes.messages';
import '../passes.css';

type Tab = 'submitted' | 'approved' | 'all';

export default function ApprovePage() {
  const t = useT(passesMessages);
  const { lang } = useLang();
  const navigate = useNavigate();
  const { code } = useParams();
  const [params] = useSearchParams();
  const tab = (['submitted', 'approved', 'all'] as const).find((x) => x === params.get('tab')) ?? 'submitted';
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [type, setType] = useState<PassType | undefined>();
  const [version, setVersion] = useState(0);
  const status = tab === 'all' ? undefined : tab;
  const list = useApi<PagedList<PassSummary>>(
    '/api/risk/passes',
    { status, type, q, page, pageSize: 20 },
    version,
  );
  const waiting = useApi<PagedList<PassSummary>>(
    '/api/risk/passes',
    { status: 'submitted', pageSize: 1 },
    version,
  );
  const openId = isRecordId(code) ? code : null;
  const query = tab === 'submitted' ? '' : `?tab=${tab}`;

  const table =
    list.error && !list.data ? (
      <ErrorState error={list.error} onRetry={list.reload} />
    ) : (
      <PassTable
        passes={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page}
        loading={list.loading && !list.data}
        onPage={setPage}
        onOpen={(p) => void navigate(`/risk/pass-approval/${p.id}${query}`)}
        testId="approval-passes"
      />
    );

  return (
    <div data-testid="pass-approve-page">
      <PageHead title={t('approve.title')} subtitle={t('approve.subtitle')} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <Input.Search
            allowClear
            placeholder={t('list.search')}
            style={{ width: 280 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            data-testid="approval-search"
          />
          <Select<PassType>
            allowClear
            placeholder={t('col.type')}
            style={{ width: 200 }}
            value={type}
            onChange={(v) => {
              setType(v);
              setPage(1);
            }}
            options={PASS_TYPES.map((v) => ({ value: v, label: PASS_TYPE_LABELS[v][lang] }))}
          />
        </Space>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setPage(1);
            void navigate(key === 'submitted' ? '/risk/pass-approval' : `/risk/pass-approval?tab=${key}`);
          }}
          items={(['submitted', 'approved', 'all'] as Tab[]).map((key) => ({
            key,
            label:
              key === 'submitted' ? (
                <Badge count={waiting.data?.total ?? 0} size="small" offset={[10, -2]}>
                  {t('tab.submitted')}
                </Badge>
              ) : (
                t(`tab.${key}`)
              ),
            children: key === tab ? table : null,
          }))}
        />
      </Card>
      {openId && (
        <PassDrawer
          key={openId}
          id={openId}
          onClose={() => void navigate(`/risk/pass-approval${query}`)}
          onChanged={() => setVersion((v) => v + 1)}
        />
      )}
    </div>
  );
}
