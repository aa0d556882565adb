/** Step 1: the file goes to the server as it is (the raw bytes, not a form), which reads its columns. */
import { InboxOutlined } from '@ant-design/icons';
import { App, Spin, Upload } from 'antd';
import { useState } from 'react';
import { api, withQuery } from '../../../app/api';
import { useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import type { ImportUpload } from '../api-types';
import { importsMessages } from './imports.messages';

const ACCEPT = /\.(xlsx|csv)$/i;

export function UploadStep({ onUploaded }: { onUploaded: (upload: ImportUpload) => void }) {
  const t = useT(importsMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [uploading, setUploading] = useState<string | null>(null);

  const send = async (file: File) => {
    if (!ACCEPT.test(file.name)) {
      void message.warning(t('upload.wrongType'));
      return;
    }
    setUploading(file.name);
    try {
      onUploaded(
        await api.upload<ImportUpload>(withQuery('/api/population/imports', { fileName: file.name }), file),
      );
    } catch (error) {
      notifyError(error);
    } finally {
      setUploading(null);
    }
  };

  return (
    <div data-testid="import-upload">
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
          data-testid="import-dragger"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('upload.drag')}</p>
          <p className="ant-upload-hint" style={{ padding: '0 24px' }}>
            {t('upload.hint')}
          </p>
        </Upload.Dragger>
      </Spin>
    </div>
  );
}
