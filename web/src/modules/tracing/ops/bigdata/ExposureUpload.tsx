/**
 * Upload one exposure file: pick the kind (venue scans or location pings), take the template if
 * needed, drop the CSV. The file goes as it is (the raw body, through api.upload) to
 * POST /exposures?kind=…&fileName=…, and the answer is the import's report.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, Segmented, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, withQuery } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { ExposureImport } from '../../api-types';
import { EXPOSURE_KIND_LABELS } from '../labels';
import { bigdataMessages } from './bigdata.messages';
import { ImportReport } from './ImportReport';
import { downloadTemplate, TEMPLATE_COLUMNS } from './template';

type Kind = ExposureImport['kind'];

export function ExposureUpload({ onImported }: { onImported: (report: ExposureImport) => void }) {
  const t = useT(bigdataMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [kind, setKind] = useState<Kind>('venue');
  const [uploading, setUploading] = useState<string | null>(null);
  const [report, setReport] = useState<ExposureImport | null>(null);

  const send = async (file: File) => {
    if (!/\.csv$/i.test(file.name)) {
      void message.warning(t('upload.wrongType'));
      return;
    }
    setUploading(file.name);
    try {
      const path = withQuery('/api/tracing/exposures', { kind, fileName: file.name });
      const result = await api.upload<ExposureImport>(path, file);
      setReport(result);
      onImported(result);
    } catch (error) {
      notifyError(error);
    } finally {
      setUploading(null);
    }
  };

  return (
    <Card
      size="small"
      title={t('upload.title')}
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={() => void message.success(t('upload.templateDone', { name: downloadTemplate(kind) }))}
          data-testid="exposure-template"
        >
          {t('upload.template')}
        </Button>
      }
      data-testid="exposure-upload"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('upload.kind')}</Typography.Text>
          <Segmented<Kind>
            value={kind}
            onChange={(next) => {
              setKind(next);
              setReport(null);
            }}
            options={(['venue', 'ping'] as const).map((k) => ({
              value: k,
              label: EXPOSURE_KIND_LABELS[k][lang],
            }))}
            data-testid="exposure-kind"
          />
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('upload.columns', { columns: TEMPLATE_COLUMNS[kind].join(lang === 'zh' ? '、' : ', ') })}
          <br />
          {t(kind === 'venue' ? 'upload.venueHelp' : 'upload.pingHelp')}
        </Typography.Text>
        <Spin
          spinning={uploading !== null}
          description={uploading && t('upload.uploading', { name: uploading })}
        >
          <Upload.Dragger
            accept=".csv,text/csv"
            multiple={false}
            showUploadList={false}
            disabled={uploading !== null}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
            data-testid="exposure-dragger"
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
        {report && (
          <div>
            <Typography.Title level={5}>{t('report.title', { name: report.fileName })}</Typography.Title>
            <ImportReport report={report} />
          </div>
        )}
      </Space>
    </Card>
  );
}
