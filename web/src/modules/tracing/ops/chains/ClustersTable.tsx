/**
 * The clusters in my subtree: name (renamed in place by those who investigate), size, growth since
 * the previous CST day, the first case, when, and the places involved. A row click selects it.
 */
import { ArrowUpOutlined } from '@ant-design/icons';
import { App, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { Cluster } from '../../api-types';
import { chainsMessages } from './chains.messages';

const PLACES_SHOWN = 4;

export function ClustersTable({
  clusters,
  loading,
  selectedId,
  canRename,
  onSelect,
  onRenamed,
}: {
  clusters: Cluster[];
  loading: boolean;
  selectedId: string | null;
  canRename: boolean;
  onSelect: (cluster: Cluster) => void;
  onRenamed: () => void;
}) {
  const t = useT(chainsMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const rename = async (cluster: Cluster, text: string) => {
    const name = text.trim();
    if (name === cluster.name) return;
    if (!name) {
      void message.warning(t('clusters.nameRequired'));
      return;
    }
    try {
      await api.patch(`/api/tracing/clusters/${cluster.id}`, { name });
      void message.success(t('clusters.renamed', { name }));
      onRenamed();
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Table<Cluster>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={clusters}
      pagination={clusters.length > 8 ? { pageSize: 8, showSizeChanger: false, size: 'small' } : false}
      locale={{ emptyText: t('clusters.empty') }}
      scroll={{ x: 760 }}
      data-testid="clusters-table"
      rowClassName={(c) => (c.id === selectedId ? 'ant-table-row-selected clickable-row' : 'clickable-row')}
      onRow={(c) => ({ onClick: () => onSelect(c) })}
      columns={[
        {
          title: t('clusters.name'),
          key: 'name',
          render: (_, c) => (
            <Typography.Text
              strong={c.id === selectedId}
              editable={
                canRename
                  ? {
                      tooltip: t('clusters.rename'),
                      maxLength: 60,
                      onChange: (text) => void rename(c, text),
                    }
                  : false
              }
              data-testid="cluster-name"
            >
              {c.name}
            </Typography.Text>
          ),
        },
        {
          title: t('clusters.size'),
          dataIndex: 'size',
          align: 'right',
          width: 72,
          sorter: (a, b) => a.size - b.size,
          render: (v: number) => <span className="num">{v}</span>,
        },
        {
          title: t('clusters.growth'),
          dataIndex: 'growth',
          align: 'right',
          width: 84,
          sorter: (a, b) => a.growth - b.growth,
          render: (v: number) =>
            v > 0 ? (
              <Typography.Text type="danger" className="num" data-testid="cluster-growth">
                <ArrowUpOutlined /> {v}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
        {
          title: t('clusters.firstCase'),
          key: 'first',
          render: (_, c) => (
            <Space orientation="vertical" size={0}>
              <Link to={`/tracing/cases/${c.firstCase.id}`} onClick={(e) => e.stopPropagation()}>
                {c.firstCase.number}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(c.firstReportedAt).format('MM-DD HH:mm')}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('clusters.lastReported'),
          dataIndex: 'lastReportedAt',
          width: 110,
          sorter: (a, b) => a.lastReportedAt.localeCompare(b.lastReportedAt),
          render: (v: string) => <span className="num">{dayjs(v).format('MM-DD HH:mm')}</span>,
        },
        {
          title: t('clusters.places'),
          key: 'places',
          render: (_, c) => (
            <Space size={[0, 4]} wrap>
              {c.places.slice(0, PLACES_SHOWN).map((p) => (
                <Tag key={p.code} title={p.code}>
                  {p.name}
                </Tag>
              ))}
              {c.places.length > PLACES_SHOWN && (
                <Tag
                  title={c.places
                    .slice(PLACES_SHOWN)
                    .map((p) => p.name)
                    .join('、')}
                >
                  +{c.places.length - PLACES_SHOWN}
                </Tag>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
