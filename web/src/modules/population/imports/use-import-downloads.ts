/** The import page's files: the template and an import's error report, named for the user. */
import { useState } from 'react';
import { api } from '../../../app/api';
import { useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import { saveDownload } from '../components/download';
import { importsMessages } from './imports.messages';

export function useImportDownloads() {
  const t = useT(importsMessages);
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (key: string, path: string, fallback: string) => {
    setBusy(key);
    try {
      saveDownload(await api.download(path), fallback);
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  return {
    busy,
    template: () => run('template', '/api/population/import-template.xlsx', `${t('template.name')}.xlsx`),
    errors: (id: string, fileName: string) =>
      run(
        `errors:${id}`,
        `/api/population/imports/${id}/errors.xlsx`,
        `${fileName.replace(/\.(xlsx|csv)$/i, '')}-${t('result.errorsName')}.xlsx`,
      ),
  };
}
