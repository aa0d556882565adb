/** The past exposure files, newest first; a row opens to its report (counts and problems). */
import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { ExposureImport } from '../../api-types';
import { EXPOSURE_KIND_LABELS, IMPORT_STATUS_LABELS, colorOf, labelOf } from '../labels';
import { bigdataMessages } from './bigdata.messages';
import { ImportReport } from './ImportReport';

export function ImportsTable({ imports, loading }: { imports: ExposureImport[]; loading: boolean }) {
  const t = useT(bigdataMessages);
  const { lang } = useLang();
  const time = (v: string) => dayjs(v).format('MM-DD HH:mm:ss');
  return (
    <Table<ExposureImport>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={imports}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: t('imports.empty') }}
      scroll={{ x: 560 }}
      expandable={{ expandedRowRender: (r) => <ImportReport report={r} />, rowExpandable: () => true }}
      data-testid="exposure-imports"
      columns={[
        {
          title: t('imports.file'),
          key: 'file',
          ellipsis: true,
          render: (_, r) => (
            <Space orientation="vertical" size={0} style={{ maxWidth: '100%' }}>
              <Typography.Text title={r.fileName} ellipsis>
                {r.fileName}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {labelOf(EXPOSURE_KIND_LABELS, r.kind, lang)}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('imports.status'),
          dataIndex: 'status',
          width: 96,
          render: (v: string) => (
            <Tag color={colorOf(IMPORT_STATUS_LABELS, v)}>{labelOf(IMPORT_STATUS_LABELS, v, lang)}</Tag>
          ),
        },
        {
          title: t('imports.rows'),
          key: 'rows',
          align: 'right',
          width: 150,
          render: (_, r) => (
            <span className="num">
              <Typography.Text type="success">{r.loadedRows.toLocaleString()}</Typography.Text> /{' '}
              <Typography.Text type={r.skippedRows > 0 ? 'danger' : 'secondary'}>
                {r.skippedRows.toLocaleString()}
              </Typography.Text>{' '}
              / {r.totalRows.toLocaleString()}
            </span>
          ),
        },
        {
          title: t('imports.createdAt'),
          key: 'createdAt',
          width: 120,
          render: (_, r) => (
            <Tooltip title={r.finishedAt && t('imports.finishedAtHint', { at: time(r.finishedAt) })}>
              <span className="num">{time(r.createdAt)}</span>
            </Tooltip>
          ),
        },
      ]}
    />
  );
}
