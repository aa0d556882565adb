/**
 * 传播链 at /tracing/chains: the clusters in my subtree above the selected one's network and
 * timeline. /tracing/chains/<cluster id> selects a cluster (linkable); without one, the first of
 * the list (the server's order) is shown. Lists reload every minute and on tracing events; the
 * network only when the chains change, so a reader's zoom is not thrown away every minute.
 */
import { Card, Empty, Space } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { isRecordId } from '../../../population/route-param';
import type { ChainNode, Cluster } from '../../api-types';
import { itemsOf, type ListAnswer, recordIdOf } from '../components/list';
import { useRefresh } from '../components/use-refresh';
import { chainsMessages } from './chains.messages';
import { ClustersTable } from './ClustersTable';
import { ClusterView } from './ClusterView';

export default function ChainsPage() {
  const t = useT(chainsMessages);
  const { can } = useAuth();
  const navigate = useNavigate();
  const { code } = useParams();
  const listVersion = useRefresh([
    'tracing.cluster_changed',
    'tracing.case_created',
    'tracing.contact_converted',
  ]);
  const graphVersion = useRefresh(
    ['tracing.cluster_changed', 'tracing.contact_changed', 'tracing.contact_converted'],
    null,
  );
  const list = useApi<ListAnswer<Cluster>>('/api/tracing/clusters', undefined, listVersion);
  const clusters = itemsOf(list.data);
  const selected =
    (isRecordId(code) ? clusters.find((c) => c.id === code) : undefined) ??
    (isRecordId(code) ? undefined : clusters[0]);

  const openNode = (node: ChainNode) => {
    const id = recordIdOf(node.id);
    if (node.kind === 'case') void navigate(`/tracing/cases/${id}`);
    else if (node.kind === 'contact') void navigate(`/tracing/contacts/${id}`);
  };

  return (
    <div data-testid="tracing-chains">
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      {list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={t('clusters.title')}>
            <ClustersTable
              clusters={clusters}
              loading={list.loading && !list.data}
              selectedId={selected?.id ?? null}
              canRename={can(Permission.TracingInvestigate)}
              onSelect={(c) => void navigate(`/tracing/chains/${c.id}`)}
              onRenamed={list.reload}
            />
          </Card>
          {selected ? (
            <ClusterView key={selected.id} cluster={selected} version={graphVersion} onOpen={openNode} />
          ) : (
            list.data &&
            clusters.length > 0 && (
              <Card size="small">
                <Empty description={t('cluster.none')} />
              </Card>
            )
          )}
        </Space>
      )}
    </div>
  );
}
