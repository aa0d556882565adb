/**
 * 导出Excel: the list as the server exports it — everything matching the filters, in the user's
 * scope, identifiers masked. Shown only to holders of population.export.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../domain/access.js';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth/auth.context';
import { useT } from '../../../app/i18n/i18n';
import { useNotifyError } from '../../../app/use-notify-error';
import { populationMessages } from '../population.messages';
import { saveDownload } from './download';

type Filters = Record<string, string | number | undefined>;

export function ExportButton({
  list,
  filters,
  fileName,
  testId = 'export-excel',
}: {
  list: 'people' | 'specials';
  filters: Filters;
  fileName?: string;
  testId?: string;
}) {
  const t = useT(populationMessages);
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState(false);
  if (!can(Permission.PopulationExport)) return null;

  const run = async () => {
    setBusy(true);
    try {
      const file = await api.download('/api/population/export.xlsx', { list, ...filters });
      const name = saveDownload(file, `${fileName ?? t('export.fileName')}.xlsx`);
      void message.success(t('export.done', { name }));
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Tooltip title={t('export.hint')}>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid={testId}>
        {t('export.button')}
      </Button>
    </Tooltip>
  );
}
