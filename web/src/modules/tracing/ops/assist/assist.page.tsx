/**
 * 协查函 at /tracing/assist: outgoing and incoming notices in two tabs (?direction=incoming), a
 * notice's drawer at /tracing/assist/<notice id>, and — for those who ingest — the peers allowed
 * to deliver notices to us. Incoming notices arrive live (tracing.assist_received).
 */
import { Badge, Card, Space, Tabs } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import type { AssistNotice } from '../../api-types';
import { itemsOf, type ListAnswer } from '../components/list';
import { useRefresh } from '../components/use-refresh';
import { AssistDrawer } from './AssistDrawer';
import { assistMessages } from './assist.messages';
import { AssistTable } from './AssistTable';
import { PeersCard } from './PeersCard';

type Direction = AssistNotice['direction'];

/** Incoming notices still waiting for us: what the tab's badge counts. */
const WAITING = new Set(['sent', 'received']);

export default function AssistPage() {
  const t = useT(assistMessages);
  const { can } = useAuth();
  const navigate = useNavigate();
  const { code } = useParams();
  const [params] = useSearchParams();
  const direction: Direction = params.get('direction') === 'incoming' ? 'incoming' : 'outgoing';
  const version = useRefresh(['tracing.assist_received', 'tracing.contact_changed']);
  const outgoing = useApi<ListAnswer<AssistNotice>>(
    '/api/tracing/assist',
    { direction: 'outgoing' },
    version,
  );
  const incoming = useApi<ListAnswer<AssistNotice>>(
    '/api/tracing/assist',
    { direction: 'incoming' },
    version,
  );
  const lists = { outgoing, incoming };
  const waiting = itemsOf(incoming.data).filter((n) => WAITING.has(n.status)).length;
  const openId = isRecordId(code) ? code : null;
  const query = (d: Direction) => (d === 'incoming' ? '?direction=incoming' : '');

  const tab = (d: Direction) => {
    const list = lists[d];
    return list.error && !list.data ? (
      <ErrorState error={list.error} onRetry={list.reload} />
    ) : (
      <AssistTable
        direction={d}
        notices={itemsOf(list.data)}
        loading={list.loading && !list.data}
        onOpen={(n) => void navigate(`/tracing/assist/${n.id}${query(d)}`)}
      />
    );
  };

  return (
    <div data-testid="tracing-assist">
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Tabs
            activeKey={direction}
            onChange={(key) => void navigate(`/tracing/assist${query(key as Direction)}`)}
            items={[
              { key: 'outgoing', label: t('tab.outgoing'), children: tab('outgoing') },
              {
                key: 'incoming',
                label: (
                  <Badge count={waiting} size="small" offset={[8, -2]}>
                    {t('tab.incoming')}
                  </Badge>
                ),
                children: tab('incoming'),
              },
            ]}
          />
        </Card>
        {can(Permission.TracingIngest) && <PeersCard />}
      </Space>
      {openId && (
        <AssistDrawer
          key={openId}
          id={openId}
          version={version}
          canAct={can(Permission.TracingInvestigate)}
          onClose={() => void navigate(`/tracing/assist${query(direction)}`)}
          onChanged={() => {
            outgoing.reload();
            incoming.reload();
          }}
        />
      )}
    </div>
  );
}
