/**
 * 审计日志: who did what, where and with which outcome, in the selected jurisdiction's subtree.
 * Filters live in the URL; "load more" pages backwards by id; a row opens the full entry.
 */
import { Button, Card, Table, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditEntry } from '../../../app/api-types';
import { useLang, useT } from '../../../app/i18n/i18n';
import { useSelect, useSelection } from '../../../app/selection';
import { BadCodeState, ErrorState } from '../../../app/states';
import { useNotifyError } from '../../../app/use-notify-error';
import { PageHead } from '../../../components/PageHead';
import { auditColumns } from './audit-columns';
import { auditMessages } from './audit.messages';
import { AuditDetailDrawer } from './AuditDetailDrawer';
import { AuditFilters, type AuditFilterValues } from './AuditFilters';
import { useAuditLog } from './use-audit-log';

const FILTERS = ['actor', 'action', 'outcome', 'from', 'to'] as const;

export default function AuditPage() {
  const t = useT(auditMessages);
  const { lang } = useLang();
  const notifyError = useNotifyError();
  const { code, raw, isHome } = useSelection();
  const select = useSelect();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(
    FILTERS.map((f) => [f, params.get(f) ?? '']),
  ) as unknown as AuditFilterValues;
  const log = useAuditLog({
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')),
    jurisdiction: isHome ? undefined : (code ?? undefined),
  });
  const [open, setOpen] = useState<AuditEntry | null>(null);

  if (!code) return <BadCodeState code={raw} />;

  const update = (patch: Partial<AuditFilterValues>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <div data-testid="audit-page" data-loading={log.loading}>
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      <Card>
        <AuditFilters
          values={filters}
          jurisdiction={code}
          onChange={update}
          onJurisdiction={(next) => select(next)}
          onReset={() => setParams(new URLSearchParams())}
          onRefresh={log.reload}
        />
        {log.error ? (
          <ErrorState error={log.error} target={code} onRetry={log.reload} />
        ) : (
          <>
            <Table<AuditEntry>
              style={{ marginTop: 16 }}
              rowKey="id"
              size="middle"
              loading={log.loading}
              dataSource={log.items}
              columns={auditColumns(t, lang)}
              pagination={false}
              scroll={{ x: 1100 }}
              locale={{ emptyText: t('empty') }}
              rowClassName="clickable-row"
              onRow={(entry) => ({ onClick: () => setOpen(entry), 'data-action': entry.action })}
              data-testid="audit-table"
            />
            <div className="load-more">
              <Typography.Text type="secondary">{t('loaded', { count: log.items.length })}</Typography.Text>
              {log.next !== null ? (
                <Button
                  onClick={() => void log.loadMore().catch(notifyError)}
                  loading={log.loadingMore}
                  data-testid="audit-load-more"
                >
                  {t('action.loadMore')}
                </Button>
              ) : (
                log.items.length > 0 && (
                  <Typography.Text type="secondary">{t('state.noMore')}</Typography.Text>
                )
              )}
            </div>
          </>
        )}
      </Card>
      <AuditDetailDrawer entry={open} onClose={() => setOpen(null)} />
    </div>
  );
}
