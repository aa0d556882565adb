/**
 * The open tube: who is in it, how full it is, and the scanner that adds the next resident. The
 * server closes the tube when it reaches its capacity; 封管 closes it early (the last people of a
 * queue, a household tube).
 */
import { Button, Card, List, Popconfirm, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { ScanField } from '../components/ScanField';
import type { SampleAdded, Tube, TubePerson } from '../field-types';
import { PoolTag, TubeStatusTag } from '../labels';
import { buzz, readScan } from './read-scan';
import { type Feedback, feedbackOf, ScanFeedback } from './ScanFeedback';
import { samplerMessages } from './sampler.messages';

const onPhone = () => window.matchMedia?.('(max-width: 768px)').matches ?? false;

export function TubePanel({ tubeId, onNext }: { tubeId: string; onNext: () => void }) {
  const t = useT(samplerMessages);
  const { lang } = useLang();
  const notifyError = useNotifyError();
  const loaded = useApi<Tube>(`/api/testing/tubes/${tubeId}`);
  // What this page changed since the load: the latest tube state and the people added here.
  const [latest, setLatest] = useState<Tube | null>(null);
  const [added, setAdded] = useState<TubePerson[]>([]);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [busy, setBusy] = useState(false);

  if (loaded.error) {
    // A tube that cannot be loaded (gone, or another team's) is left behind: the next one starts.
    return (
      <div className="field-stack">
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
        <Button size="large" block type="primary" onClick={onNext}>
          {t('tube.next')}
        </Button>
      </div>
    );
  }
  const tube = latest ?? loaded.data;
  if (!tube || tube.id !== tubeId) return <PageLoading />;
  const seen = new Set(added.map((m) => m.id));
  const people = [...added, ...(loaded.data?.people ?? []).filter((m) => !seen.has(m.id))];
  const open = tube.status === 'open';

  const scan = async (text: string): Promise<boolean> => {
    const input = readScan(text);
    if (!input.ok) {
      buzz(false);
      setFeedback({ type: 'error', title: t(input.problem === 'check' ? 'scan.badCheck' : 'scan.notCode') });
      return false;
    }
    // Someone already listed in this tube is not sent again: the server would flag a duplicate.
    const listed = input.personId && people.find((m) => m.id === input.personId);
    if (listed) {
      setFeedback({ type: 'warning', title: t('scan.inTube', { name: listed.name }) });
      return true;
    }
    setBusy(true);
    try {
      const result = await api.post<SampleAdded>(`/api/testing/tubes/${tube.id}/samples`, input.body);
      const { person } = result;
      setLatest(result.tube);
      setAdded((list) => [{ ...person, sampledAt: new Date().toISOString() }, ...list]);
      setFeedback({ type: 'success', title: t('scan.added', { name: person.name, id: person.idMasked }) });
      buzz(true);
      return true;
    } catch (error) {
      buzz(false);
      setFeedback(feedbackOf(error, t, lang));
      if (isApiError(error, 'TUBE_FULL') || isApiError(error, 'TUBE_NOT_OPEN')) loaded.reload();
      return isApiError(error, 'ALREADY_SAMPLED');
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    try {
      const closed = await api.post<Tube>(`/api/testing/tubes/${tube.id}/close`);
      setLatest(closed);
      setFeedback({ type: 'success', title: t('tube.closed', { barcode: tube.barcode, n: closed.members }) });
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <div className="field-stack" data-testid="tube-panel" data-status={tube.status}>
      <Card
        size="small"
        title={
          <Space wrap size={6}>
            <span className="field-barcode" data-testid="tube-barcode-shown">
              {tube.barcode}
            </span>
            <PoolTag size={tube.capacity} group={tube.group} perHousehold={tube.perHousehold} />
            <TubeStatusTag status={tube.status} />
          </Space>
        }
      >
        <div className="field-counter" data-testid="tube-count">
          <Progress
            type="circle"
            size={72}
            percent={Math.round((tube.members / tube.capacity) * 100)}
            format={() => `${tube.members}/${tube.capacity}`}
            status={open ? 'active' : 'success'}
          />
          <Typography.Text strong>
            {t('tube.count', { n: tube.members, capacity: tube.capacity })}
          </Typography.Text>
        </div>
        {!open && tube.members >= tube.capacity && (
          <Typography.Paragraph type="success">
            {t('tube.full', { capacity: tube.capacity })}
          </Typography.Paragraph>
        )}
        <div className="field-actions">
          {open ? (
            <Popconfirm title={t('tube.closeConfirm')} onConfirm={() => void close()}>
              <Button size="large" block danger disabled={tube.members === 0} data-testid="tube-close">
                {t('tube.close')}
              </Button>
            </Popconfirm>
          ) : (
            <Button size="large" block type="primary" onClick={onNext} data-testid="tube-next">
              {t('tube.next')}
            </Button>
          )}
        </div>
      </Card>
      <ScanFeedback feedback={feedback} />
      {open && (
        <ScanField
          placeholder={t('tube.scanHint')}
          busy={busy}
          onSubmit={scan}
          cameraOpen={onPhone()}
          testId="resident-code"
        />
      )}
      <Card size="small" title={t('tube.members')}>
        <List
          size="small"
          dataSource={people}
          locale={{ emptyText: t('tube.membersNone') }}
          data-testid="tube-members"
          renderItem={(m, i) => (
            <List.Item>
              <Space>
                <Typography.Text type="secondary">{people.length - i}</Typography.Text>
                <span>{m.name}</span>
                <span className="masked">{m.idMasked}</span>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
