/**
 * Test files made on the fly (no binaries in the repository): ledgers as CSV in any encoding and
 * as .xlsx, valid synthetic ID numbers, and a client helper that uploads and waits for a job.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { makeIdNumber } from '../../../../domain/idcard.js';
import type { Client, TestApp } from '../../../test/app.js';

/** A valid ID number of 安次区 born on 1990-01-01 + n days, sequence n. */
export function idOf(n: number, region = '131002'): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 15000) * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(region, birth, (n % 997) + 1);
}

export const HEADERS = [
  '姓名',
  '身份证号',
  '联系电话',
  '人口类型',
  '村（社区）',
  '楼栋',
  '单元',
  '门牌号/室',
  '与户主关系',
];

export function personRow(n: number, village = '张营村'): string[] {
  return [
    `居民${n}`,
    idOf(n),
    `138${String(n).padStart(8, '0')}`,
    '户籍',
    village,
    '1号楼',
    '1',
    String(100 + (n % 7)),
    n % 7 === 0 ? '户主' : '子女',
  ];
}

const quote = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function csvText(rows: string[][]): string {
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function csv(
  rows: string[][],
  encoding: 'utf-8' | 'utf-8-bom' | 'gbk' | 'gb18030' | 'utf-16le' = 'utf-8',
): Buffer {
  const text = csvText(rows);
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/,/g, '\t'), 'utf-16le')]);
    default:
      return iconv.encode(text, encoding);
  }
}

export type XlsxCell = ExcelJS.CellValue;

/** An .xlsx whose first sheet holds `rows`; `setup` may style cells (formats, text columns). */
export async function xlsx(
  rows: XlsxCell[][],
  setup?: (sheet: ExcelJS.Worksheet) => void,
  sheetName = '人员信息',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  setup?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface ImportJson {
  id: string;
  status: string;
  rowsTotal: number | null;
  rowsDone: number;
  ok: number;
  failed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  error: string | null;
  encoding: string | null;
  format: string;
}

export interface UploadJson {
  import: ImportJson;
  headers: string[];
  suggestedMapping: Record<string, string>;
  preview: Array<Record<string, string>>;
  missingRequired: string[];
}

export function upload(
  client: Client,
  body: Buffer,
  fileName = 'ledger.csv',
  type = 'application/octet-stream',
) {
  return client.request('POST', `/api/population/imports?fileName=${encodeURIComponent(fileName)}`, body, {
    'content-type': type,
  });
}

/** Uploads, starts with the suggested mapping (or `mapping`), waits for the job, returns it. */
export async function importFile(
  t: TestApp,
  client: Client,
  body: Buffer,
  fileName = 'ledger.csv',
  mapping?: Record<string, string>,
): Promise<ImportJson> {
  const uploaded = await upload(client, body, fileName);
  if (uploaded.statusCode !== 201) throw new Error(`upload: ${uploaded.statusCode} ${uploaded.body}`);
  const { import: job, suggestedMapping } = uploaded.json<UploadJson>();
  const started = await client.post(`/api/population/imports/${job.id}/start`, {
    mapping: mapping ?? suggestedMapping,
  });
  if (started.statusCode !== 200) throw new Error(`start: ${started.statusCode} ${started.body}`);
  return finished(t, client, job.id);
}

export async function finished(t: TestApp, client: Client, id: string): Promise<ImportJson> {
  await t.app.importJobs.settled(id);
  return (await client.get(`/api/population/imports/${id}`)).json<ImportJson>();
}
