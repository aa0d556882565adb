/**
 * The population ledger in the browser: a village worker imports a ledger with good and bad rows,
 * watches it finish with the failed count, downloads the error report (the bad rows with 错误原因),
 * finds an imported person by name (and by ID number) with a masked ID number, exports the list
 * masked, reveals the ID number with a reason; a county administrator (who may not reveal) sees the
 * person masked without a reveal button; an investigator (reveal, no import) has no import page;
 * the overview, special-population register and grids pages show the imported people.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../domain/idcard.js';
import { DEMO_PASSWORD, launchBrowser, login, newPage, type RunningServer, startServer } from './harness.js';

/** Screenshots of these pages are for looking at, not for the repository. */
const SHOTS = process.env.CORDON_E2E_SHOTS ?? path.join(os.tmpdir(), 'screens');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `population-${name}.png`), fullPage: true });
}

/*
 * Demo mode fills every village with synthetic people (bootstrap.ts), so the rows here must not
 * meet them: ID numbers issued far away (乌鲁木齐市天山区, 650102) with high sequences, and homes
 * given by door number only (no building: which buildings a demo village has is the generator's
 * business). The village column stays empty: a village worker imports into their own village.
 */
const REGION = '650102';
const GOOD = [
  {
    name: '郑晓明',
    id: makeIdNumber(REGION, '1985-03-12', 931),
    sex: '男',
    phone: '13811112222',
    room: '幸福路99号',
    relation: '户主',
    special: '',
  },
  {
    name: '冯雪梅',
    id: makeIdNumber(REGION, '1987-07-09', 942),
    sex: '女',
    phone: '13811113333',
    room: '幸福路99号',
    relation: '配偶',
    special: '',
  },
  {
    name: '韩立新',
    id: makeIdNumber(REGION, '1941-11-30', 917),
    sex: '男',
    phone: '',
    room: '幸福路101号',
    relation: '户主',
    special: '独居老人',
  },
];
/** The check character of a real number, changed: refused as bad_check_digit. */
const badCheck = (() => {
  const id = makeIdNumber(REGION, '1990-01-01', 955);
  return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
})();
const BAD = [
  { name: '曹错号', id: badCheck, sex: '男', phone: '', room: '', relation: '', special: '' },
  {
    name: '',
    id: makeIdNumber(REGION, '1992-02-02', 966),
    sex: '女',
    phone: '',
    room: '',
    relation: '',
    special: '',
  },
];
const HEADERS = ['姓名', '身份证号', '性别', '联系电话', '门牌号/室', '与户主关系', '特殊人群'];

async function ledgerFile(dir: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('人员台账');
  sheet.addRow(HEADERS);
  for (const r of [GOOD[0]!, BAD[0]!, GOOD[1]!, BAD[1]!, GOOD[2]!]) {
    sheet.addRow([r.name, r.id, r.sex, r.phone, r.room, r.relation, r.special]);
  }
  sheet.getColumn(2).numFmt = '@';
  const file = path.join(dir, '落垡村一街人员台账.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Rich text, hyperlinks, formulas: their text parts.
  return JSON.stringify(value);
}

/** Every cell of the first sheet as text, row by row. */
async function readSheet(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map(cellText));
  });
  return rows;
}

describe('population ledger', () => {
  let server: RunningServer;
  let browser: Browser;
  let worker: { context: BrowserContext; page: Page; errors: string[] };
  let dir: string;
  let personUrl = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-e2e-population-'));
    server = await startServer();
    browser = await launchBrowser();
    worker = await newPage(browser, server.baseUrl);
    await login(worker.page, 'demo.village', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the 人口底数 menu with the import page to a village worker', async () => {
    const { page } = worker;
    await page.getByTestId('nav-group-population').waitFor();
    for (const key of ['people', 'units', 'specials', 'grids', 'imports']) {
      expect(await page.getByTestId(`nav-population-${key}`).count()).toBe(1);
    }
    await page.getByTestId('nav-population-imports').click();
    await page.waitForURL(/\/population\/imports/);
    await page.getByTestId('import-upload').waitFor();
    await shot(page, 'import-upload');
  });

  it('imports a ledger with good and bad rows and reports the failed ones', async () => {
    const { page } = worker;
    const file = await ledgerFile(dir);
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);

    // The columns were recognised from their headers; the required ones are mapped.
    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor();
    expect(await mapping.textContent()).toContain('落垡村一街人员台账.xlsx');
    expect(await page.getByTestId('mapping-name').textContent()).toContain('姓名');
    expect(await page.getByTestId('mapping-idNumber').textContent()).toContain('身份证号');
    expect(await page.getByTestId('mapping-missing').count()).toBe(0);
    await shot(page, 'import-mapping');

    await page.getByTestId('import-start').click();
    await page.waitForURL(/\/population\/imports\/[0-9a-f-]{36}$/);
    const run = page.getByTestId('import-run');
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    const count = (key: string) => page.getByTestId(`import-count-${key}`).getAttribute('data-value');
    expect(await count('failed')).toBe(String(BAD.length));
    expect(await count('inserted')).toBe(String(GOOD.length));
    const summary = await page.getByTestId('import-summary').textContent();
    expect(summary).toContain(`新增 ${GOOD.length} 人`);
    expect(summary).toContain(`失败 ${BAD.length} 行`);
    await shot(page, 'import-result');

    // The error report: the bad rows as they were, each with its reason.
    const download = page.waitForEvent('download');
    await page.getByTestId('download-errors').first().click();
    const saved = path.join(dir, 'errors.xlsx');
    await (await download).saveAs(saved);
    const rows = await readSheet(saved);
    const headerRow = rows.findIndex((r) => r.includes('错误原因'));
    expect(headerRow).toBeGreaterThanOrEqual(0);
    const reasonColumn = rows[headerRow]!.indexOf('错误原因');
    const dataRows = rows.slice(headerRow + 1).filter((r) => r.some((cell) => cell !== ''));
    expect(dataRows).toHaveLength(BAD.length);
    const text = dataRows.map((r) => r.join('|')).join('\n');
    expect(text).toContain('曹错号');
    expect(text).toContain(BAD[1]!.id);
    for (const good of GOOD) expect(text).not.toContain(good.name);
    for (const row of dataRows) expect(row[reasonColumn]).not.toBe('');

    // The import is listed among the past ones.
    await page.getByTestId('import-history').getByText('落垡村一街人员台账.xlsx').waitFor();
  });

  it('finds an imported person by name, masked', async () => {
    const { page } = worker;
    await page.getByTestId('nav-population-people').click();
    await page.waitForURL(/\/population\/people/);
    const table = page.getByTestId('people-table');
    const rows = () => table.locator('tbody tr.ant-table-row').allTextContents();
    /** Searches, and waits until every row shown matches (the previous page stays while one loads). */
    const search = async (text: string, shows: string) => {
      await page.getByTestId('people-q').locator('input').fill(text);
      await page.getByTestId('people-q').locator('input').press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === text);
      await expect
        .poll(
          async () => {
            const shown = await rows();
            return shown.length > 0 && shown.every((row) => row.includes(shows));
          },
          { timeout: 10_000 },
        )
        .toBe(true);
    };
    await search(GOOD[0]!.name, GOOD[0]!.name);
    // Synthetic people may share the name: ours is the row with our masked ID number.
    const masked = `${GOOD[0]!.id.slice(0, 6)}********${GOOD[0]!.id.slice(-4)}`;
    const row = table.locator('tbody tr.ant-table-row', { hasText: masked });
    expect(await row.count()).toBe(1);
    expect(await row.getByTestId('id-masked').textContent()).toBe(masked);
    expect(await table.textContent()).not.toContain(GOOD[0]!.id);
    await shot(page, 'people-search');

    // The same search by the full ID number finds the person alone (an exact lookup).
    await search(GOOD[0]!.id, masked);
    expect(await rows()).toHaveLength(1);
  });

  it('exports the list to Excel with masked identifiers', async () => {
    const { page } = worker;
    const download = page.waitForEvent('download');
    await page.getByTestId('export-excel').click();
    const saved = path.join(dir, 'export.xlsx');
    await (await download).saveAs(saved);
    const text = (await readSheet(saved)).map((r) => r.join('|')).join('\n');
    expect(text).toContain(GOOD[0]!.name);
    expect(text).not.toContain(GOOD[0]!.id);
    expect(text).toContain(`${GOOD[0]!.id.slice(0, 6)}********${GOOD[0]!.id.slice(-4)}`);
  });

  it('reveals the full ID number for a stated reason, for a while', async () => {
    const { page } = worker;
    await page.getByTestId('people-table').getByTestId('person-link').first().click();
    await page.waitForURL(/\/population\/people\/[0-9a-f-]{36}$/);
    personUrl = new URL(page.url()).pathname;
    await page.getByTestId('person-page').waitFor();
    expect(await page.getByTestId('person-name').textContent()).toBe(GOOD[0]!.name);
    expect(await page.getByTestId('person-id').textContent()).toContain('********');
    expect(await page.getByTestId('person-household').textContent()).toContain(GOOD[1]!.name);

    await page.getByTestId('reveal-button').click();
    // The reason is required.
    await page.getByTestId('reveal-confirm').click();
    await page.locator('#reveal-reason_help, .ant-form-item-explain-error').first().waitFor();
    await page.locator('#reveal-reason').fill('流调电话联系本人核实行程');
    await page.getByTestId('reveal-confirm').click();
    await page.getByTestId('reveal-alert').waitFor();
    await expect
      .poll(() => page.getByTestId('person-id').textContent(), { timeout: 10_000 })
      .toBe(GOOD[0]!.id);
    expect(await page.getByTestId('person-id').getAttribute('data-revealed')).toBe('true');
    expect(await page.getByTestId('person-phone').textContent()).toBe(GOOD[0]!.phone);
    await shot(page, 'person-revealed');

    await page.getByTestId('reveal-hide').click();
    expect(await page.getByTestId('person-id').textContent()).toContain('********');
  });

  it('shows a county administrator the person masked, without a reveal button', async () => {
    const county = await newPage(browser, server.baseUrl);
    await login(county.page, 'demo.county', DEMO_PASSWORD);
    await county.page.goto(personUrl);
    await county.page.getByTestId('person-page').waitFor();
    expect(await county.page.getByTestId('person-id').textContent()).toContain('********');
    expect(await county.page.getByTestId('reveal-button').count()).toBe(0);
    // Administrators keep the ledger: they may edit and import.
    expect(await county.page.getByTestId('edit-person').count()).toBe(1);
    await shot(county.page, 'person-county');
    expect(county.errors).toEqual([]);
    await county.context.close();
  });

  it('shows an investigator (read and reveal, no import) the menu without the import page', async () => {
    const investigator = await newPage(browser, server.baseUrl);
    await login(investigator.page, 'demo.investigator', DEMO_PASSWORD);
    await investigator.page.getByTestId('nav-group-population').waitFor();
    expect(await investigator.page.getByTestId('nav-population-people').count()).toBe(1);
    expect(await investigator.page.getByTestId('nav-population-imports').count()).toBe(0);
    await investigator.page.goto(personUrl);
    await investigator.page.getByTestId('person-page').waitFor();
    expect(await investigator.page.getByTestId('reveal-button').count()).toBe(1);
    expect(await investigator.page.getByTestId('edit-person').count()).toBe(0);
    expect(investigator.errors).toEqual([]);
    await investigator.context.close();
  });

  it('shows the village overview, the special-population register and the grids', async () => {
    const { page } = worker;
    await page.getByTestId('nav-population-units').click();
    // The cards appear once the counts have loaded.
    const people = page.getByTestId('unit-stat-people');
    await people.waitFor();
    expect(Number(await people.getAttribute('data-value'))).toBeGreaterThanOrEqual(GOOD.length);
    await page.getByTestId('chart-age').locator('canvas').waitFor();
    await shot(page, 'unit');

    await page.getByTestId('nav-population-specials').click();
    const total = page.getByTestId('special-grand-total');
    await total.waitFor();
    expect(Number(await total.getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    await shot(page, 'specials');
    // 韩立新 is in the register of the elderly living alone.
    await page.goto('/population/specials?kind=elderly_alone&size=100');
    await page.getByTestId('special-register-table').getByText(GOOD[2]!.name).waitFor();

    await page.getByTestId('nav-population-grids').click();
    await page.getByTestId('grid-card').first().waitFor();
    await shot(page, 'grids');
  });

  it('threw no uncaught errors in the page', () => {
    expect(worker.errors).toEqual([]);
  });
});
