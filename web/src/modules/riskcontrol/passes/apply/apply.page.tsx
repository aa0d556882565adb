/**
 * 通行证申请 at /risk/passes: the application form (a tab) and my applications with their status;
 * /risk/passes/<pass id> opens one (upload certificates while it waits, withdraw it, show the QR
 * code and print the pass once approved).
 */
import { Card, Input, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import type { CheckpointInfo, PagedList, PassSummary } from '../api-types';
import { PassDrawer } from '../components/PassDrawer';
import { PassTable } from '../components/PassTable';
import { passesMessages } from '../passes.messages';
import { ApplyForm } from './ApplyForm';
import '../passes.css';

type Tab = 'new' | 'mine';

export default function ApplyPage() {
  const t = useT(passesMessages);
  const navigate = useNavigate();
  const { code } = useParams();
  const [params] = useSearchParams();
  const tab: Tab = params.get('tab') === 'new' ? 'new' : 'mine';
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [version, setVersion] = useState(0);
  const list = useApi<PagedList<PassSummary>>(
    '/api/risk/passes',
    { mine: true, q, page, pageSize: 20 },
    version,
  );
  // The checkpoints this user can see, for the route; a user who may see none (an enterprise's
  // liaison has no risk.read) types the codes the stations publish.
  const { can } = useAuth();
  const checkpoints = useApi<CheckpointInfo[] | PagedList<CheckpointInfo>>(
    can(Permission.RiskRead) ? '/api/risk/checkpoints' : null,
    { pageSize: 500 },
  );
  const options = checkpoints.data
    ? Array.isArray(checkpoints.data)
      ? checkpoints.data
      : checkpoints.data.items
    : [];
  const openId = isRecordId(code) ? code : null;

  return (
    <div data-testid="pass-apply-page">
      <PageHead title={t('apply.title')} subtitle={t('apply.subtitle')} />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(key) => void navigate(key === 'new' ? '/risk/passes?tab=new' : '/risk/passes')}
          items={[
            {
              key: 'mine',
              label: t('apply.mine'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input.Search
                    allowClear
                    placeholder={t('list.search')}
                    style={{ maxWidth: 320 }}
                    onSearch={(v) => {
                      setQ(v.trim());
                      setPage(1);
                    }}
                  />
                  {list.error && !list.data ? (
                    <ErrorState error={list.error} onRetry={list.reload} />
                  ) : (
                    <PassTable
                      passes={list.data?.items ?? []}
                      total={list.data?.total ?? 0}
                      page={page}
                      loading={list.loading && !list.data}
                      onPage={setPage}
                      onOpen={(p) => void navigate(`/risk/passes/${p.id}`)}
                      testId="my-passes"
                    />
                  )}
                </Space>
              ),
            },
            {
              key: 'new',
              label: t('apply.new'),
              children: (
                <ApplyForm
                  checkpoints={options}
                  onSubmitted={(pass) => {
                    setVersion((v) => v + 1);
                    void navigate(`/risk/passes/${pass.id}`);
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      {openId && (
        <PassDrawer
          key={openId}
          id={openId}
          onClose={() => void navigate('/risk/passes')}
          onChanged={() => setVersion((v) => v + 1)}
        />
      )}
    </div>
  );
}
