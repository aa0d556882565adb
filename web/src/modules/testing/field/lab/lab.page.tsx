/**
 * 实验室: the lab technician's desk — boxes arriving, loose tubes, results by file or by hand. A
 * technician usually works for one lab; the choice stays on the device.
 */
import { Alert, Select, Tabs } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../../app/states';
import { PageHead } from '../../../../components/PageHead';
import { fieldMessages } from '../field.messages';
import { useLabs, useStored } from '../use-field-data';
import { IncomingBoxes } from './IncomingBoxes';
import { labMessages } from './lab.messages';
import { ManualResults } from './ManualResults';
import { ReceiveTubes } from './ReceiveTubes';
import { ResultsUpload } from './ResultsUpload';
import '../field.css';

export default function LabPage() {
  const t = useT(labMessages);
  const tf = useT(fieldMessages);
  const labs = useLabs();
  const [stored, setLabId] = useStored<string | null>('lab', null);

  if (labs.error) return <ErrorState error={labs.error} onRetry={labs.reload} />;
  if (!labs.data) return <PageLoading />;
  const items = labs.data.items;
  const lab = items.find((l) => l.id === stored) ?? items[0];

  return (
    <div className="field-stack" data-testid="lab-page">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          lab && (
            <Select
              value={lab.id}
              style={{ minWidth: 240 }}
              aria-label={tf('lab.label')}
              options={items.map((l) => ({ value: l.id, label: `${l.name}（${l.code}）` }))}
              onChange={(value: string) => setLabId(value)}
              data-testid="lab-select"
            />
          )
        }
      />
      {!lab ? (
        <Alert type="info" showIcon title={t('labs.none')} />
      ) : (
        <Tabs
          key={lab.id}
          items={[
            { key: 'boxes', label: t('tab.boxes'), children: <IncomingBoxes labId={lab.id} /> },
            { key: 'tubes', label: t('tab.tubes'), children: <ReceiveTubes labId={lab.id} /> },
            { key: 'upload', label: t('tab.upload'), children: <ResultsUpload labId={lab.id} /> },
            { key: 'manual', label: t('tab.manual'), children: <ManualResults labId={lab.id} /> },
          ]}
        />
      )}
    </div>
  );
}
