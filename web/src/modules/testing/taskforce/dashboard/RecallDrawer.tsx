/**
 * A tube's recall list (GET /api/testing/tubes/:id/recall, audited by the server): the people in
 * the pool, where they live, masked phone, and their recheck task.
 */
import { Alert, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { TUBE_RESULT_LABELS } from '../../../../../../domain/testing.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { Masked } from '../../../population/components/Masked';
import type { Recall, RecallMember } from '../../api-types';
import { TASK_STATUS_LABELS } from '../labels';
import { dashboardMessages } from './dashboard.messages';

export function RecallDrawer({
  tubeId,
  barcode,
  onClose,
}: {
  tubeId: string;
  barcode: string | null;
  onClose: () => void;
}) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const { data, error, reload } = useApi<Recall>(`/api/testing/tubes/${tubeId}/recall`);
  const tube = data?.tube;

  return (
    <Drawer
      open
      size={920}
      onClose={onClose}
      title={t('recall.title', { barcode: tube?.barcode ?? barcode ?? '' })}
    >
      {error && !data ? (
        <ErrorState error={error} onRetry={reload} />
      ) : !data || !tube ? (
        <PageLoading />
      ) : (
        <div data-testid="recall-drawer">
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('recall.result')}>
              {tube.result ? (
                <Tag
                  color={tube.result === 'positive' ? 'red' : tube.result === 'invalid' ? 'orange' : 'green'}
                >
                  {TUBE_RESULT_LABELS[tube.result][lang]}
                </Tag>
              ) : (
                '—'
              )}
              {tube.resultedAt && dayjs(tube.resultedAt).format('MM-DD HH:mm')}
            </Descriptions.Item>
            <Descriptions.Item label={t('recall.ctLabel')}>
              {t('recall.ct', { orf: tube.orf1abCt ?? '—', n: tube.nCt ?? '—' })}
            </Descriptions.Item>
          </Descriptions>
          {tube.resultConflict && (
            <Alert type="warning" showIcon title={t('recall.conflict')} style={{ marginBottom: 12 }} />
          )}
          <Table<RecallMember>
            size="small"
            rowKey="personId"
            pagination={false}
            dataSource={data.items}
            data-testid="recall-table"
            columns={[
              { title: t('recall.name'), dataIndex: 'name', width: 90 },
              { title: t('recall.id'), dataIndex: 'idMasked', render: (v: string) => <Masked masked={v} /> },
              {
                title: t('recall.phone'),
                dataIndex: 'phoneMasked',
                render: (v: string | null) => <Masked masked={v} />,
              },
              {
                title: t('recall.address'),
                key: 'address',
                render: (_, m) => (
                  <span>
                    {m.address}
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[m.village.name, m.grid?.name].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </span>
                ),
              },
              {
                title: t('recall.task'),
                key: 'task',
                width: 170,
                render: (_, m) =>
                  m.task ? (
                    <span>
                      <Tag color={TASK_STATUS_LABELS[m.task.status].color}>
                        {TASK_STATUS_LABELS[m.task.status][lang]}
                      </Tag>
                      {m.task.holdAtHome && <Tag color="red">{t('recall.hold')}</Tag>}
                      {m.task.recheckBarcode && (
                        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                          {t('recall.recheckTube', { barcode: m.task.recheckBarcode })}
                        </Typography.Text>
                      )}
                    </span>
                  ) : (
                    <Typography.Text type="secondary">{t('recall.noTask')}</Typography.Text>
                  ),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('recall.masked')}
          </Typography.Paragraph>
        </div>
      )}
    </Drawer>
  );
}
