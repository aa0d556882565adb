/**
 * The CSV templates of the exposure files, made in the browser: the header row the server reads
 * (身份证号,场所码,时间 or 身份证号,网格,时间), UTF-8 with a byte-order mark so that Excel and WPS
 * open the Chinese header as text rather than mojibake.
 */
import type { ExposureImport } from '../../api-types';

export const TEMPLATE_COLUMNS: Record<ExposureImport['kind'], readonly string[]> = {
  venue: ['身份证号', '场所码', '时间'],
  ping: ['身份证号', '网格', '时间'],
};

const FILE_NAMES: Record<ExposureImport['kind'], string> = {
  venue: '场所码扫码导入模板.csv',
  ping: '位置网格导入模板.csv',
};

/** Saves the template of a kind; returns the file name. */
export function downloadTemplate(kind: ExposureImport['kind']): string {
  const text = `\uFEFF${TEMPLATE_COLUMNS[kind].join(',')}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = FILE_NAMES[kind];
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return FILE_NAMES[kind];
}
