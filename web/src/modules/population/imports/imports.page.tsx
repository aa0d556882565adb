/**
 * 数据导入: download the template, upload a file, map its columns, start; one import's progress and
 * result at /population/imports/<import id> (linkable, so a long import can be watched from
 * anywhere); the list of past imports below.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Steps } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useT } from '../../../app/i18n/i18n';
import { PageHead } from '../../../components/PageHead';
import type { ImportUpload } from '../api-types';
import { isRecordId } from '../route-param';
import { ImportHistory } from './ImportHistory';
import { ImportRun } from './ImportRun';
import { importsMessages } from './imports.messages';
import { MappingStep } from './MappingStep';
import { UploadStep } from './UploadStep';
import { useImportDownloads } from './use-import-downloads';
import '../population.css';

export default function ImportsPage() {
  const t = useT(importsMessages);
  const { code } = useParams();
  const navigate = useNavigate();
  const downloads = useImportDownloads();
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const runId = isRecordId(code) ? code : null;

  let body;
  if (runId) body = <ImportRun key={runId} id={runId} />;
  else if (upload)
    body = (
      <MappingStep
        upload={upload}
        onCancel={() => setUpload(null)}
        onStarted={(id) => {
          setUpload(null);
          void navigate(`/population/imports/${id}`);
        }}
      />
    );
  else body = <UploadStep onUploaded={setUpload} />;

  return (
    <div className="population-stack" data-testid="imports-page">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            loading={downloads.busy === 'template'}
            onClick={() => void downloads.template()}
            data-testid="download-template"
          >
            {t('template.download')}
          </Button>
        }
      />
      {runId ? (
        body
      ) : (
        <Card>
          <Steps
            current={upload ? 1 : 0}
            items={[
              { title: t('step.upload') },
              { title: t('step.mapping') },
              { title: t('step.running') },
              { title: t('step.done') },
            ]}
            style={{ marginBottom: 24 }}
          />
          {body}
        </Card>
      )}
      <ImportHistory key={runId ?? ''} activeId={runId} />
    </div>
  );
}
