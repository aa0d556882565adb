/**
 * 检测轮次 at /testing/rounds: the rounds in my subtree, a drawer to plan a new one, and
 * /testing/rounds/<round id> opening that round's drawer for editing.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import { ROUND_STATUSES, type ListOf, type Round, type RoundStatus } from '../../api-types';
import { ROUND_STATUS_LABELS } from '../labels';
import { RoundFormDrawer } from './RoundFormDrawer';
import { roundsMessages } from './rounds.messages';
import { RoundsTable } from './RoundsTable';

type Filter = RoundStatus | 'all';

export default function RoundsPage() {
  const t = useT(roundsMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { code } = useParams();
  const [filter, setFilter] = useState<Filter>('all');
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const list = useApi<ListOf<Round>>(
    '/api/testing/rounds',
    { status: filter === 'all' ? undefined : filter, limit: 200 },
    version,
  );
  useLiveEvent('testing.round_changed', () => setVersion((v) => v + 1));

  const editing = isRecordId(code) ? code : null;
  const canPlan = can(Permission.TestingPlan);
  const closeDrawer = () => {
    setCreating(false);
    if (editing) void navigate('/testing/rounds');
  };
  const saved = () => {
    closeDrawer();
    list.reload();
  };

  return (
    <div data-testid="testing-rounds">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          canPlan && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="round-new"
            >
              {t('list.new')}
            </Button>
          )
        }
      />
      <Card
        extra={
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('list.all') },
              ...ROUND_STATUSES.map((s) => ({ value: s, label: ROUND_STATUS_LABELS[s][lang] })),
            ]}
          />
        }
      >
        {list.error && !list.data ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <RoundsTable
            rounds={list.data?.items ?? []}
            loading={list.loading}
            canPlan={canPlan}
            version={version}
            onEdit={(id) => void navigate(`/testing/rounds/${id}`)}
            onChanged={list.reload}
          />
        )}
      </Card>
      {(creating || editing) && (
        <RoundFormDrawer key={editing ?? 'new'} roundId={editing} onClose={closeDrawer} onSaved={saved} />
      )}
    </div>
  );
}
