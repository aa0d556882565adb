/**
 * Step 2: which column of the file holds which field of the ledger. Pre-filled from the server's
 * suggestion (headers and their synonyms); the required fields must have a column before the
 * import can start. A sample of the first rows shows what each choice brings in.
 */
import { ArrowLeftOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../../app/api';
import { useLang, useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import type { ImportJob, ImportUpload } from '../api-types';
import { fieldLabel } from './import-fields';
import { importsMessages } from './imports.messages';

export function MappingStep({
  upload,
  onCancel,
  onStarted,
}: {
  upload: ImportUpload;
  onCancel: () => void;
  onStarted: (id: string) => void;
}) {
  const t = useT(importsMessages);
  const { lang } = useLang();
  const notifyError = useNotifyError();
  const [mapping, setMapping] = useState<Record<string, string>>(() => ({ ...upload.suggestedMapping }));
  const [busy, setBusy] = useState(false);

  const byKey = useMemo(() => new Map(upload.fields.map((f) => [f.key, f])), [upload]);
  const required = new Set([
    ...upload.fields.filter((f) => f.required).map((f) => f.key),
    ...upload.missingRequired,
  ]);
  // Required and recognised fields first (fixed once, so rows do not jump while mapping).
  const fields = useMemo(() => {
    const rank = (key: string, isRequired: boolean) =>
      isRequired ? 0 : upload.suggestedMapping[key] ? 1 : 2;
    return [...upload.fields].sort((a, b) => rank(a.key, a.required) - rank(b.key, b.required));
  }, [upload]);
  const missing = [...required].filter((f) => !mapping[f]);
  const used = new Set(Object.values(mapping).filter(Boolean));
  const unused = upload.headers.filter((h) => !used.has(h));
  const label = (key: string) => fieldLabel(byKey.get(key), key, lang);
  const samples = upload.preview.slice(0, 3);

  const start = async () => {
    setBusy(true);
    try {
      const chosen = Object.fromEntries(Object.entries(mapping).filter(([, header]) => header));
      await api.post<ImportJob>(`/api/population/imports/${upload.import.id}/start`, { mapping: chosen });
      onStarted(upload.import.id);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="import-mapping">
      <Space size={8} wrap align="center" style={{ marginBottom: 4 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('mapping.title', { name: upload.import.fileName })}
        </Typography.Title>
        {upload.import.rowsTotal !== null && (
          <Tag>{t('mapping.rows', { count: upload.import.rowsTotal.toLocaleString() })}</Tag>
        )}
        <Tag>{t('mapping.columns', { count: upload.headers.length })}</Tag>
      </Space>
      <Typography.Paragraph type="secondary">{t('mapping.intro')}</Typography.Paragraph>
      <Table
        className="import-mapping"
        rowKey="field"
        size="small"
        pagination={false}
        dataSource={fields.map((info) => ({ field: info.key, hint: info.hint }))}
        columns={[
          {
            title: t('mapping.field'),
            dataIndex: 'field',
            width: 180,
            render: (field: string, row) => (
              <Tooltip title={row.hint} placement="right">
                <span className={required.has(field) ? 'required-field' : undefined} data-field={field}>
                  {label(field)}
                </span>
              </Tooltip>
            ),
          },
          {
            title: t('mapping.header'),
            key: 'header',
            width: 260,
            render: (_, { field }) => (
              <Select
                value={mapping[field] || undefined}
                placeholder={t('mapping.pick')}
                allowClear
                showSearch
                style={{ width: '100%' }}
                status={required.has(field) && !mapping[field] ? 'error' : undefined}
                onChange={(header?: string) => setMapping((m) => ({ ...m, [field]: header ?? '' }))}
                options={upload.headers.map((h) => ({ value: h, label: h }))}
                data-testid={`mapping-${field}`}
              />
            ),
          },
          {
            title: t('mapping.sample'),
            key: 'sample',
            ellipsis: true,
            render: (_, { field }) => {
              const header = mapping[field];
              if (!header) return null;
              const values = samples.map((row) => row[header] ?? '').filter(Boolean);
              return (
                <Typography.Text type="secondary" title={values.join(' | ')}>
                  {values.join(' | ')}
                </Typography.Text>
              );
            },
          },
        ]}
      />
      {unused.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          title={t('mapping.unused', { headers: unused.join(lang === 'zh' ? '、' : ', ') })}
          data-testid="mapping-unused"
        />
      )}
      {missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={t('mapping.missing', {
            fields: missing.map(label).join(lang === 'zh' ? '、' : ', '),
          })}
          data-testid="mapping-missing"
        />
      )}
      <Space style={{ marginTop: 16 }}>
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          disabled={missing.length > 0}
          loading={busy}
          onClick={() => void start()}
          data-testid="import-start"
        >
          {t('mapping.start')}
        </Button>
        <Button icon={<ArrowLeftOutlined />} onClick={onCancel}>
          {t('mapping.cancel')}
        </Button>
      </Space>
    </div>
  );
}
