/** A results file from the lab's instrument software, sent as it is; the server reads and checks each row. */
import { InboxOutlined } from '@ant-design/icons';
import { App, Spin, Upload } from 'antd';
import { useState } from 'react';
import { api, withQuery } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { ResultsSummary as Summary } from '../field-types';
import { labMessages } from './lab.messages';
import { ResultsSummary } from './ResultsSummary';

const ACCEPT = /\.(xlsx|csv)$/i;

export function ResultsUpload({ labId }: { labId: string }) {
  const t = useT(labMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [uploading, setUploading] = useState<string | null>(null);
  const [done, setDone] = useState<{ name: string; summary: Summary } | null>(null);

  const send = async (file: File) => {
    if (!ACCEPT.test(file.name)) {
      void message.warning(t('upload.wrongType'));
      return;
    }
    setUploading(file.name);
    try {
      const path = withQuery(`/api/testing/labs/${labId}/results/upload`, { fileName: file.name });
      setDone({ name: file.name, summary: await api.upload<Summary>(path, file) });
    } catch (error) {
      notifyError(error);
    } finally {
      setUploading(null);
    }
  };

  return (
    <div className="field-stack" data-testid="results-upload">
      <Spin
        spinning={uploading !== null}
        description={uploading && t('upload.uploading', { name: uploading })}
      >
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={uploading !== null}
          beforeUpload={(file) => {
            void send(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('upload.drag')}</p>
          <p className="ant-upload-hint">{t('upload.hint')}</p>
        </Upload.Dragger>
      </Spin>
      {done && <ResultsSummary labId={labId} name={done.name} summary={done.summary} />}
    </div>
  );
}
