/**
 * Case investigation in the browser: an investigator opens a case from the case list (its 2+4+24
 * clocks showing), logs a call, adds a close contact the case named, accepts a big-data candidate
 * (someone who scanned the same venue code while the case was there) as a close contact, and sees
 * the transmission chain grow to the case and both contacts; on the contacts page the named contact
 * is notified (a lifecycle move). The case list and the case are also looked at on a phone.
 *
 * The data are made through the API first, as the people who would make them: the county
 * administrator registers two residents in the demo village; the investigator reports the case,
 * records where it was (a venue) and loads the venue scans file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../domain/idcard.js';
import { DEMO_PASSWORD, launchBrowser, login, newPage, type RunningServer, startServer } from './harness.js';

/** Screenshots to look at while building the pages, not for the repository. */
const SHOTS = process.env.CORDON_E2E_SHOTS ?? '/tmp/shots';

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `tracing-${name}.png`), fullPage });
}

// Far-away ID numbers (乌鲁木齐市天山区) so the demo's synthetic people are never matched.
const REGION = '650102';
const CASE_PERSON = { name: '甄病例', id: makeIdNumber(REGION, '1980-05-06', 811), phone: '13900008111' };
const SCANNED = { name: '贾扫码', id: makeIdNumber(REGION, '1990-07-08', 822), phone: '13900008222' };
const NAMED = { name: '李家属', phone: '13900008333' };
const VENUE = { code: 'E2E-VENUE-001', name: '测试超市' };
const HOUR = 3_600_000;

/** An instant as the pickers take it, in China Standard Time: "2022-03-14 09:30". */
function cst(at: number): string {
  return new Date(at + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

/** The pages load lazily on a busy two-core machine: give them time before failing. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

let server: RunningServer;
let browser: Browser;
let caseId: string;
let caseNumber: string;

/** An API client logged in as one user (own cookies), sending the CSRF token on writes. */
async function apiAs(username: string): Promise<{ api: APIRequestContext; token: string }> {
  const api = await request.newContext({ baseURL: server.baseUrl });
  const res = await api.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { api, token: csrfToken };
}

async function post<T>(
  as: { api: APIRequestContext; token: string },
  url: string,
  data: unknown,
  status = 201,
): Promise<T> {
  const res = await as.api.post(url, { data, headers: { 'x-csrf-token': as.token } });
  expect(res.status(), `${url}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

async function firstChild(as: { api: APIRequestContext }, parent: string): Promise<string> {
  const res = await as.api.get(`/api/jurisdictions?parent=${parent}&limit=1`);
  const body = (await res.json()) as { items: Array<{ code: string }> };
  return body.items[0]!.code;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();

  // The county administrator registers the two residents in the demo village.
  const county = await apiAs('demo.county');
  const me = (await (await county.api.get('/api/auth/me')).json()) as {
    user: { jurisdiction: { code: string } };
  };
  const town = await firstChild(county, me.user.jurisdiction.code);
  const village = await firstChild(county, town);
  for (const p of [CASE_PERSON, SCANNED]) {
    await post(county, '/api/population/people', {
      idNumber: p.id,
      name: p.name,
      phone: p.phone,
      residenceType: 'registered',
      place: village,
      room: '测试路1号',
    });
  }
  await county.api.dispose();

  // The investigator reports the case, records the venue it went to, and loads the venue scans.
  const inv = await apiAs('demo.investigator');
  const now = Date.now();
  const today = new Date(now + 8 * HOUR).toISOString().slice(0, 10);
  const yesterday = new Date(now + 8 * HOUR - 24 * HOUR).toISOString().slice(0, 10);
  const created = await post<{ case: { id: string; number: string } }>(inv, '/api/tracing/cases', {
    idNumber: CASE_PERSON.id,
    classification: 'confirmed',
    foundIn: 'community',
    onsetDate: yesterday,
    sampledDate: today,
    reportedAt: new Date(now - 30 * 60_000).toISOString(),
  });
  caseId = created.case.id;
  caseNumber = created.case.number;
  const venue = await post<{ id: string }>(inv, '/api/tracing/venues', { ...VENUE, place: village });
  await post(inv, `/api/tracing/cases/${caseId}/itinerary`, {
    placeKind: 'venue',
    venueId: venue.id,
    fromAt: new Date(now - 3 * HOUR).toISOString(),
    toAt: new Date(now - 2 * HOUR).toISOString(),
    activity: '购物',
  });
  const scanAt = new Date(now - 2.5 * HOUR).toISOString();
  const csv = `身份证号,场所码,时间\n${SCANNED.id},${VENUE.code},${scanAt}\n`;
  const res = await inv.api.post('/api/tracing/exposures?kind=venue&fileName=e2e-scans.csv', {
    data: csv,
    headers: { 'x-csrf-token': inv.token, 'content-type': 'text/csv; charset=utf-8' },
  });
  expect(res.status(), await res.text()).toBe(200);
  const loaded = (await res.json()) as { loadedRows: number; problems: unknown[] };
  expect(loaded.loadedRows, JSON.stringify(loaded.problems)).toBe(1);
  await inv.api.dispose();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an investigator works a case', () => {
  it('opens the case, logs a call, adds a contact, accepts a candidate and sees the chain', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await login(page, 'demo.investigator', DEMO_PASSWORD);

    // The case list: the new case with its clocks and found in the community.
    // (Searched by its number: the demo's own cases may fill the first page.)
    await page.goto('/tracing/cases');
    const search = page.locator('input[data-testid=case-search], [data-testid=case-search] input').first();
    await search.fill(caseNumber);
    await search.press('Enter');
    const row = page.getByTestId('case-row').filter({ hasText: caseNumber });
    await poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('found-in-tag').getAttribute('data-found-in')).toBe('community');
    await poll(() => row.getByTestId('case-clocks').locator('.ant-tag').count()).toBe(3);
    // The ID number is never shown in full.
    expect(await row.textContent()).not.toContain(CASE_PERSON.id);
    await shot(page, 'cases-desktop', false);
    await row.getByTestId('case-number').click();
    await page.waitForURL(`**/tracing/cases/${caseId}`);
    await poll(() => page.getByTestId('case-header').textContent()).toContain(CASE_PERSON.name);
    await poll(() => page.getByTestId('clock-panel').locator('.tracing-clock-cell').count()).toBe(3);
    await shot(page, 'case-desktop', false);

    // On scene (the 2 h clock): marked done in time.
    await page.getByTestId('clock-done-onScene').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await poll(() =>
      page.getByTestId('clock-panel').getByTestId('clock-onScene').getAttribute('data-state'),
    ).toBe('done');

    // The itinerary: an entry overlapping the venue visit is refused, and the refusal shows on the
    // field the server names (开始时间), not as a message somewhere else.
    await page.getByRole('tab', { name: /活动轨迹/ }).click();
    await page.getByTestId('itinerary-add').click();
    const form = page.getByTestId('itinerary-form');
    await form.getByText('地址', { exact: true }).click();
    await page.getByTestId('itinerary-place').fill('某小区');
    const pick = async (testId: string, at: number) => {
      const input = page.locator(`[data-testid=${testId}] input, input[data-testid=${testId}]`).first();
      await input.click();
      await input.fill(cst(at));
      await input.press('Enter');
    };
    const started = Date.now();
    await pick('itinerary-from', started - 2.5 * HOUR);
    await pick('itinerary-to', started - 1.5 * HOUR);
    await page.getByTestId('itinerary-save').click();
    const fromItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('itinerary-from') });
    await poll(() => fromItem.locator('.ant-form-item-explain-error').textContent()).toContain('重叠');
    await shot(page, 'case-itinerary-refused', false);
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();

    // A call that was not answered.
    await page.getByRole('tab', { name: /通话记录/ }).click();
    await page.getByTestId('call-number').fill(CASE_PERSON.phone);
    await page.getByTestId('call-outcome').getByText('无人接听').click();
    await page.getByTestId('call-notes').fill('第一次拨打');
    await page.getByTestId('call-save').click();
    const calls = page.getByTestId('calls-table');
    await poll(() => calls.textContent()).toContain('无人接听');
    expect(await calls.textContent()).not.toContain(CASE_PERSON.phone);
    await shot(page, 'case-calls', false);

    // A close contact the case named: matched to nobody, so created.
    await page.getByRole('tab', { name: /密接\/次密接/ }).click();
    await page.getByTestId('contact-add').click();
    await page.getByTestId('contact-name').fill(NAMED.name);
    await page.getByTestId('contact-phone').fill(NAMED.phone);
    await page.getByTestId('contact-save').click();
    const contacts = page.getByTestId('case-contacts-table');
    await poll(() => contacts.textContent()).toContain(NAMED.name);

    // The big-data candidate: the person who scanned the same venue, accepted as a close contact.
    await page.getByRole('tab', { name: /大数据推送/ }).click();
    const candidate = page.getByTestId('candidate-row').filter({ hasText: SCANNED.name });
    await poll(() => candidate.count()).toBe(1);
    expect(await candidate.textContent()).toContain(VENUE.name);
    await shot(page, 'case-candidates', false);
    await candidate.getByTestId('candidate-close').click();
    await poll(() => candidate.getAttribute('data-decision')).toBe('close');
    await page.getByRole('tab', { name: /密接\/次密接/ }).click();
    await poll(() => contacts.textContent()).toContain(SCANNED.name);
    await poll(() => contacts.getByTestId('case-contact-row').count()).toBe(2);

    // The chain: the case and both contacts (at least), drawn in the canvas, counted in the text.
    await page.getByRole('tab', { name: /传播链/ }).click();
    const chain = page.getByTestId('chain-view');
    await poll(async () => Number(await chain.getAttribute('data-nodes'))).toBeGreaterThanOrEqual(3);
    await poll(async () => Number(await chain.getAttribute('data-edges'))).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('chain-count').textContent()).toMatch(/\d+ 个节点/);
    expect(await chain.locator('canvas').count()).toBeGreaterThan(0);
    await shot(page, 'case-chain', false);

    // The contacts page: the named contact is notified.
    await page.goto(`/tracing/contacts`);
    const contactSearch = page.locator('.tracing-filter-search input').first();
    await contactSearch.fill(NAMED.name);
    await contactSearch.press('Enter');
    const named = page.getByTestId('contact-row').filter({ hasText: NAMED.name });
    await poll(() => named.count()).toBe(1);
    expect(await named.getAttribute('data-status')).toBe('identified');
    await named.getByTestId('contact-move-notified').click();
    await poll(() => named.getAttribute('data-status')).toBe('notified');
    await shot(page, 'contacts-desktop', false);

    // Home quarantine, then release: refused by the edition's rule (isolation has just begun, and
    // nobody in the population base to find test results for), said in words; released anyway
    // with a reason.
    await named.getByTestId('contact-more').click();
    await page.locator('.ant-dropdown:visible').getByTestId('contact-move-home_quarantine').click();
    await poll(() => named.getAttribute('data-status')).toBe('home_quarantine');
    await named.getByTestId('contact-more').click();
    await page.locator('.ant-dropdown:visible').getByTestId('contact-move-released').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    const blockers = page.getByTestId('release-blockers');
    await poll(() => blockers.textContent()).toContain('隔离期至');
    expect(await blockers.textContent()).toContain('查不到检测结果');
    await page.getByTestId('release-reason').fill('转至外地集中隔离');
    await shot(page, 'contact-release-blocked', false);
    await page.getByRole('button', { name: /仍要解除/ }).click();
    await poll(() => named.getAttribute('data-status')).toBe('released');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('works on a phone: the case list as cards and the case workbench', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, 'demo.investigator', DEMO_PASSWORD);
    await page.goto('/tracing/cases');
    const search = page.locator('input[data-testid=case-search], [data-testid=case-search] input').first();
    await search.fill(caseNumber);
    await search.press('Enter');
    const card = page.getByTestId('case-row').filter({ hasText: caseNumber });
    await poll(() => card.count()).toBe(1);
    await shot(page, 'cases-phone');
    await page.goto(`/tracing/cases/${caseId}?tab=contacts`);
    await poll(() => page.getByTestId('case-contacts-table').textContent()).toContain(SCANNED.name);
    await shot(page, 'case-phone');
    // The workbench itself fits the screen (tables scroll inside themselves). The shell's header is
    // not measured: it is the same on every page. (A string: no DOM types in the e2e files.)
    const overflow = await page.evaluate<number>(
      `(() => { const el = document.querySelector('[data-testid="tracing-case"]');
        return Math.max(el.getBoundingClientRect().right - window.innerWidth, el.scrollWidth - el.clientWidth); })()`,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
