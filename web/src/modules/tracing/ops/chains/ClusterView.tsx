/**
 * One cluster from GET /chains: its network (the workbench's ChainView: cases, contacts, shared
 * places) and its timeline, with the export of the whole chain (Excel or JSON). The graph is cut
 * at LIMIT nodes for the browser's sake; the export is not.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Grid, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useNotifyError } from '../../../../app/use-notify-error';
import { saveDownload } from '../../../population/components/download';
import type { ChainNode, Cluster } from '../../api-types';
import { ChainView } from '../../workbench/components/ChainView';
import { useChainGraph } from '../../workbench/components/use-chain-graph';
// ChainView's bar, legend and canvas are styled there.
import '../../workbench/workbench.css';
import { ChainTimeline } from './ChainTimeline';
import { chainsMessages } from './chains.messages';

const LIMIT = 800;

export function ClusterView({
  cluster,
  version,
  onOpen,
}: {
  cluster: Cluster;
  version: number;
  onOpen: (node: ChainNode) => void;
}) {
  const t = useT(chainsMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const screens = Grid.useBreakpoint();
  const [exporting, setExporting] = useState<'xlsx' | 'json' | null>(null);
  const { data, error, loading, reload } = useChainGraph({ clusterId: cluster.id, limit: LIMIT }, version);

  const download = async (format: 'xlsx' | 'json') => {
    setExporting(format);
    try {
      const file = await api.download('/api/tracing/chains/export', { clusterId: cluster.id, format });
      const name = saveDownload(file, `${cluster.name}.${format}`);
      void message.success(t('export.done', { name }));
    } catch (e) {
      notifyError(e);
    } finally {
      setExporting(null);
    }
  };

  const count = (pick: (n: ChainNode) => boolean) => data?.nodes.filter(pick).length ?? 0;
  const exportButtons = (
    <Space size="small" wrap>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={exporting === 'xlsx'}
        onClick={() => void download('xlsx')}
        data-testid="chain-export-xlsx"
      >
        {t('export.xlsx')}
      </Button>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={exporting === 'json'}
        onClick={() => void download('json')}
        data-testid="chain-export-json"
      >
        {t('export.json')}
      </Button>
    </Space>
  );

  if (error && !data) return <ErrorState error={error} onRetry={reload} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="cluster-view">
      <Card
        size="small"
        loading={loading && !data}
        title={
          <Space orientation="vertical" size={0}>
            <span>
              {cluster.name} · {t('cluster.network')}
            </span>
            {data && (
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                {t('cluster.counts', {
                  cases: count((n) => n.kind === 'case'),
                  close: count((n) => n.kind === 'contact' && n.tag !== 'secondary'),
                  secondary: count((n) => n.kind === 'contact' && n.tag === 'secondary'),
                  places: count((n) => n.kind === 'place'),
                })}
              </Typography.Text>
            )}
          </Space>
        }
        extra={exportButtons}
      >
        {data?.truncated && (
          <Alert
            type="warning"
            showIcon
            title={t('cluster.truncated', { limit: LIMIT })}
            style={{ marginBottom: 8 }}
          />
        )}
        {data && data.nodes.length === 0 ? (
          <Empty description={t('cluster.empty')} />
        ) : (
          <ChainView graph={data} height={screens.md ? 500 : 360} onNodeClick={onOpen} />
        )}
      </Card>
      <Card size="small" title={t('cluster.timeline')} loading={loading && !data}>
        {data && <ChainTimeline graph={data} onOpen={onOpen} />}
      </Card>
    </Space>
  );
}
