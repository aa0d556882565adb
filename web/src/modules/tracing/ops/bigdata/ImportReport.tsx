/**
 * What an exposure file did: rows read, loaded and skipped, a re-sent file said so, a failure's
 * reason, and the problems by row and field (the first 200 the server keeps). A problem marked
 * `warning` was loaded all the same.
 */
import { Alert, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import type { ExposureImport, ExposureProblem } from '../../api-types';
import { bigdataMessages } from './bigdata.messages';

/** The server may say more of a problem than the contract: a stable code, and whether the row loaded. */
type Problem = ExposureProblem & { code?: string; warning?: boolean };

export function ProblemsTable({ problems }: { problems: Problem[] }) {
  const t = useT(bigdataMessages);
  return (
    <Table<Problem & { key: number }>
      size="small"
      rowKey="key"
      dataSource={problems.map((p, key) => ({ ...p, key }))}
      pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
      locale={{ emptyText: t('report.noProblems') }}
      scroll={{ x: 480 }}
      data-testid="import-problems"
      columns={[
        {
          title: t('problem.row'),
          dataIndex: 'row',
          width: 72,
          align: 'right',
          render: (v: number) => <span className="num">{v}</span>,
        },
        { title: t('problem.field'), dataIndex: 'field', width: 110, render: (v: string | null) => v ?? '—' },
        { title: t('problem.message'), dataIndex: 'message' },
        {
          title: t('problem.kind'),
          key: 'kind',
          width: 96,
          render: (_, p) =>
            p.warning ? (
              <Tag color="gold">{t('problem.warning')}</Tag>
            ) : (
              <Tag color="red">{t('problem.skipped')}</Tag>
            ),
        },
      ]}
    />
  );
}

export function ImportReport({ report }: { report: ExposureImport }) {
  const t = useT(bigdataMessages);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-report">
      {report.duplicateFile && (
        <Alert type="info" showIcon title={t('report.duplicate')} data-testid="import-duplicate" />
      )}
      {report.status === 'failed' && (
        <Alert type="error" showIcon title={t('report.failed', { error: report.error ?? '—' })} />
      )}
      {report.status === 'running' && <Alert type="info" showIcon title={t('report.running')} />}
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t('report.total')} value={report.totalRows} />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('report.loaded')}
            value={report.loadedRows}
            styles={{ content: { color: '#389e0d' } }}
          />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('report.skipped')}
            value={report.skippedRows}
            styles={{ content: report.skippedRows > 0 ? { color: '#d4380d' } : {} }}
          />
        </Col>
      </Row>
      {report.problems.length > 0 && (
        <div>
          <Typography.Text strong>{t('report.problems', { count: report.problems.length })}</Typography.Text>
          <ProblemsTable problems={report.problems} />
        </div>
      )}
    </Space>
  );
}
