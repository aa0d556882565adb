/** The daily close report per village for a date (China time), with its Excel download. */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { saveDownload } from '../../../population/components/download';
import type { DailyReport, DailyRow, Round } from '../../api-types';
import { dashboardMessages } from './dashboard.messages';

function exemptTotal(row: DailyRow): number {
  const { hospital, isolation, away, other } = row.missing.exempt;
  return hospital + isolation + away + other;
}

/** Days close at midnight China time (the server's report day), whatever the browser's zone. */
function chinaDay(at: Date | string): Dayjs {
  const time = new Date(at).getTime() + 8 * 3600_000;
  return dayjs(new Date(time).toISOString().slice(0, 10));
}

function defaultDate(round: Round): Dayjs {
  const today = chinaDay(new Date());
  const end = chinaDay(round.endsAt);
  return end.isBefore(today) ? end : today;
}

export function DailyReportPanel({
  round,
  jurisdiction,
}: {
  round: Round;
  jurisdiction: string | undefined;
}) {
  const t = useT(dashboardMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [date, setDate] = useState<Dayjs>(() => defaultDate(round));
  const [downloading, setDownloading] = useState(false);
  const query = { jurisdiction, date: date.format('YYYY-MM-DD') };
  const { data, error, loading, reload } = useApi<DailyReport>(
    `/api/testing/rounds/${round.id}/daily`,
    query,
  );
  const num = (v: number) => <span className="num">{v.toLocaleString()}</span>;

  const download = async () => {
    setDownloading(true);
    try {
      const file = await api.download(`/api/testing/rounds/${round.id}/daily.xlsx`, query);
      const name = saveDownload(file, `daily-${query.date}.xlsx`);
      void message.success(t('daily.downloaded', { name }));
    } catch (e) {
      notifyError(e);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Card
      size="small"
      title={data ? `${data.unit.name} · ${t('tab.daily')}` : t('tab.daily')}
      extra={
        <Space>
          <DatePicker
            value={date}
            allowClear={false}
            onChange={(d: Dayjs | null) => d && setDate(d)}
            disabledDate={(d) =>
              d.isBefore(chinaDay(round.startsAt), 'day') || d.isAfter(chinaDay(new Date()), 'day')
            }
            aria-label={t('daily.date')}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={() => void download()}
            data-testid="daily-download"
          >
            {t('daily.download')}
          </Button>
        </Space>
      }
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<DailyRow>
          size="small"
          rowKey={(r) => r.village.code}
          loading={loading}
          dataSource={data?.rows ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="daily-table"
          columns={[
            { title: t('daily.village'), key: 'village', render: (_, r) => r.village.name },
            { title: t('daily.expected'), dataIndex: 'expected', align: 'right', render: num },
            { title: t('daily.sampledToday'), dataIndex: 'sampledToday', align: 'right', render: num },
            { title: t('daily.sampledTotal'), dataIndex: 'sampledTotal', align: 'right', render: num },
            {
              title: t('daily.tubes'),
              key: 'tubes',
              align: 'right',
              render: (_, r) =>
                `${r.tubes.total.toLocaleString()}（${r.tubes.resulted} / ${r.tubes.pending}）`,
            },
            {
              title: t('daily.positive'),
              key: 'positive',
              align: 'right',
              render: (_, r) => (
                <span style={r.positiveTubes > 0 ? { color: '#d4380d', fontWeight: 600 } : undefined}>
                  {r.positiveTubes} / {r.positivePersons}
                </span>
              ),
            },
            {
              title: t('daily.exempt'),
              key: 'exempt',
              align: 'right',
              render: (_, r) => num(exemptTotal(r)),
            },
            {
              title: t('daily.notSampled'),
              key: 'notSampled',
              align: 'right',
              render: (_, r) => num(r.missing.notSampled),
            },
          ]}
        />
      )}
    </Card>
  );
}
