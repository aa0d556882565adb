/**
 * A pass's certificates: open or download each (the file comes through the API, audited), and —
 * while the application waits — upload more (pdf/jpg/png up to 5 MB, with progress).
 */
import { DownloadOutlined, EyeOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, List, Progress, Select, Space, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { PassAttachment, PassDetail } from '../api-types';
import { ATTACHMENT_KINDS, ATTACHMENT_KIND_LABELS, type AttachmentKind, labelOf } from '../labels';
import { passesMessages } from '../passes.messages';
import { attachmentProblem, uploadAttachment } from './upload';

const size = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function Attachments({ pass, onUploaded }: { pass: PassDetail; onUploaded: () => void }) {
  const t = useT(passesMessages);
  const { lang } = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [kind, setKind] = useState<AttachmentKind>(pass.plate ? 'vehicle_licence' : 'employer');
  const [progress, setProgress] = useState<number | null>(null);

  const fetchFile = async (a: PassAttachment) => {
    const { blob } = await api.download(`/api/risk/passes/${pass.id}/attachments/${a.id}`);
    return URL.createObjectURL(blob.type ? blob : new Blob([blob], { type: a.mime }));
  };
  const open = async (a: PassAttachment) => {
    // Opened before the request so that the browser does not take it for a pop-up.
    const tab = window.open('', '_blank');
    try {
      const url = await fetchFile(a);
      if (tab) tab.location.replace(url);
      else window.location.assign(url);
    } catch (error) {
      tab?.close();
      notifyError(error);
    }
  };
  const download = async (a: PassAttachment) => {
    try {
      const url = await fetchFile(a);
      const link = document.createElement('a');
      link.href = url;
      link.download = a.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      notifyError(error);
    }
  };

  const upload = async (file: File) => {
    const problem = attachmentProblem(file);
    if (problem) {
      void message.error(t(problem === 'tooBig' ? 'upload.tooBig' : 'upload.badType', { name: file.name }));
      return;
    }
    setProgress(0);
    try {
      await uploadAttachment(pass.id, file, kind, setProgress);
      void message.success(t('upload.done', { name: file.name }));
      onUploaded();
    } catch (error) {
      notifyError(error);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div data-testid="pass-attachments">
      <List
        size="small"
        dataSource={pass.attachments}
        locale={{ emptyText: t('detail.noAttachments') }}
        renderItem={(a) => (
          <List.Item
            data-testid="attachment"
            actions={[
              <Button key="open" type="link" size="small" icon={<EyeOutlined />} onClick={() => void open(a)}>
                {t('action.open')}
              </Button>,
              <Button
                key="dl"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                onClick={() => void download(a)}
              >
                {t('action.download')}
              </Button>,
            ]}
          >
            <Space>
              <PaperClipOutlined />
              <span>{labelOf(ATTACHMENT_KIND_LABELS, a.kind, lang)}</span>
              <Typography.Text type="secondary">
                {a.filename} · {size(a.size)} · {dayjs(a.uploadedAt).format('MM-DD HH:mm')}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {pass.can.attach && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Space wrap>
            <Select<AttachmentKind>
              value={kind}
              onChange={setKind}
              style={{ width: 180 }}
              options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS[k][lang] }))}
              aria-label={t('upload.kind')}
            />
            <Upload
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={progress !== null} data-testid="attachment-upload">
                {t('upload.choose')}
              </Button>
            </Upload>
            <Typography.Text type="secondary">{t('upload.rule')}</Typography.Text>
          </Space>
          {progress !== null && <Progress percent={progress} size="small" />}
        </Space>
      )}
    </div>
  );
}
