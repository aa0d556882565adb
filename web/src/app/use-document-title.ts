import { useEffect } from 'react';
import { useT } from './i18n/i18n';

/** "<page> - Cordon 疫情防控指挥调度平台", in the current language. */
export function useDocumentTitle(page?: string): void {
  const t = useT();
  const full = t('app.fullTitle');
  useEffect(() => {
    document.title = page ? `${page} - ${full}` : full;
  }, [page, full]);
}
