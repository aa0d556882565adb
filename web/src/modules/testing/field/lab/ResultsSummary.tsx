/** What the server made of a results file or a batch typed by hand: the counts, and each row it could not take. */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Statistic, Table, Tag } from 'antd';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { saveDownload } from '../../../population/components/download';
import type { ResultIssue, ResultsSummary as Summary } from '../field-types';
import { labMessages } from './lab.messages';

/** Rows not recorded because nothing was new are grey; rows that need someone's attention are not. */
const ISSUE_COLORS: Partial<Record<ResultIssue['code'], string>> = {
  unchanged: 'default',
  conflict: 'orange',
  duplicate_in_file: 'gold',
};

export function ResultsSummary({ labId, name, summary }: { labId: string; name: string; summary: Summary }) {
  const t = useT(labMessages);
  const notifyError = useNotifyError();
  const download = async () => {
    try {
      const file = await api.download(`/api/testing/labs/${labId}/uploads/${summary.uploadId}/issues.xlsx`);
      saveDownload(file, `issues-${summary.uploadId}.xlsx`);
    } catch (error) {
      notifyError(error);
    }
  };
  const counts = [
    { key: 'rows', value: summary.rows },
    { key: 'recorded', value: summary.recorded, color: '#389e0d' },
    { key: 'unchanged', value: summary.unchanged },
    { key: 'conflicts', value: summary.conflicts, color: summary.conflicts ? '#d46b08' : undefined },
    { key: 'rejected', value: summary.rejected, color: summary.rejected ? '#cf1322' : undefined },
  ] as const;

  return (
    <Card
      size="small"
      title={t('summary.title', { name })}
      data-testid="results-summary"
      extra={
        summary.uploadId &&
        summary.issues.length > 0 && (
          <Button icon={<DownloadOutlined />} onClick={() => void download()} data-testid="issues-download">
            {t('summary.download')}
          </Button>
        )
      }
    >
      <div className="field-stats" style={{ marginBottom: 16 }}>
        {counts.map((c) => (
          <Statistic
            key={c.key}
            title={t(`summary.${c.key}`)}
            value={c.value}
            styles={{ content: { color: 'color' in c ? c.color : undefined } }}
          />
        ))}
      </div>
      <Table<ResultIssue>
        rowKey={(i) => `${i.row}:${i.code}`}
        size="small"
        dataSource={summary.issues}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('summary.noIssues') }}
        data-testid="results-issues"
        columns={[
          { key: 'row', title: t('issue.row'), dataIndex: 'row', width: 72, align: 'right' },
          {
            key: 'barcode',
            title: t('issue.barcode'),
            render: (_, i) => <span className="field-barcode">{i.barcode ?? '—'}</span>,
          },
          {
            key: 'code',
            title: t('issue.code'),
            render: (_, i) => <Tag color={ISSUE_COLORS[i.code] ?? 'red'}>{t(`code.${i.code}`)}</Tag>,
          },
          { key: 'message', title: t('issue.message'), dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}
