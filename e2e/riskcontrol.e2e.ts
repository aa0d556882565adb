/**
 * Passes and the checkpoint in the browser: an enterprise's liaison applies for a supply-vehicle
 * pass (三定) whose route runs through checkpoint A and C and uploads its vehicle licence; the county
 * administrator approves it (its QR code and printable pass appear); the checkpoint officer, on a
 * phone, checks the pass at A (通行) and at B, off its route (劝返, saying the route); then the
 * network goes down and the phone checks it at A again on its own (the signature by the published
 * key, WebCrypto), keeps the check, and sends it when the network is back. The day's statistics show
 * the checks.
 *
 * The data are made through the API first, as the people who would make them: the county
 * administrator sets up three Beijing-entry checkpoints in the officer's town (with a policy that
 * asks no test, so that the driver — registered in the population base, green — passes at A), and
 * registers the driver as a resident.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../domain/idcard.js';
import {
  DEMO_PASSWORD,
  launchBrowser,
  login,
  newPage,
  openDropdown,
  type RunningServer,
  startServer,
} from './harness.js';

/** Screenshots to look at while building the pages, not for the repository. */
const SHOTS = process.env.CORDON_E2E_SHOTS ?? '/tmp/shots';

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Once the tables' loading veils and the entry animations are over.
  await poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, `riskcontrol-${name}.png`), fullPage });
}

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

// Far-away ID numbers (乌鲁木齐市天山区) so the demo's synthetic people are never matched.
const DRIVER = { name: '王保供', id: makeIdNumber('650102', '1982-03-04', 911), phone: '13900009111' };
const PLATE = '冀R·2E201';
const CP = { A: 'E2E-BJ-01', B: 'E2E-BJ-02', C: 'E2E-BJ-03' };
// Into Beijing with a green code and the employer's certificate (which the pass stands for); no test.
const POLICY = {
  into_beijing: { negativeWithinHours: null, certificates: ['employer'], colours: ['green'] },
};

let server: RunningServer;
let browser: Browser;
let passId: string;
let passNumber: string;

type As = { api: APIRequestContext; token: string };

async function apiAs(username: string): Promise<As> {
  const api = await request.newContext({ baseURL: server.baseUrl });
  const res = await api.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { api, token: csrfToken };
}

async function post<T>(as: As, url: string, data: unknown, status = 201): Promise<T> {
  const res = await as.api.post(url, { data, headers: { 'x-csrf-token': as.token } });
  expect(res.status(), `${url}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

async function get<T>(as: As, url: string): Promise<T> {
  const res = await as.api.get(url);
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

async function homeOf(as: As): Promise<string> {
  const me = await get<{ user: { jurisdiction: { code: string } } }>(as, '/api/auth/me');
  return me.user.jurisdiction.code;
}

/** The open antd Select (by test id), then the option whose text matches. */
async function pick(page: Page, testId: string, option: RegExp | string): Promise<void> {
  await page.getByTestId(testId).click();
  await openDropdown(page).getByText(option).first().click();
  await poll(() => openDropdown(page).count()).toBe(0);
}

/** The scan box of the phone page: type (or paste) what the camera would have read, then Enter. */
async function scan(page: Page, text: string): Promise<void> {
  const box = page.locator('input[data-testid=verify-scan], [data-testid=verify-scan] input').first();
  await box.fill(text);
  await box.press('Enter');
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();

  const officer = await apiAs('demo.checkpoint');
  const town = await homeOf(officer);
  await officer.api.dispose();

  const county = await apiAs('demo.county');
  for (const [key, code] of Object.entries(CP)) {
    await post(county, '/api/risk/checkpoints', {
      code,
      name: `测试进京检查站${key}`,
      kind: 'beijing_entry',
      place: town,
      policy: POLICY,
    });
  }
  const villages = await get<{ items: Array<{ code: string }> }>(
    county,
    `/api/jurisdictions?parent=${town}&limit=1`,
  );
  await post(county, '/api/population/people', {
    idNumber: DRIVER.id,
    name: DRIVER.name,
    phone: DRIVER.phone,
    residenceType: 'registered',
    place: villages.items[0]!.code,
    room: '保供路1号',
  });
  await county.api.dispose();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('passes and the checkpoint', () => {
  it('an enterprise liaison applies for a supply-vehicle pass and uploads a certificate', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, 'demo.enterprise', DEMO_PASSWORD);
    await page.goto('/risk/passes?tab=new');
    const form = page.getByTestId('pass-form');
    await poll(() => form.isVisible()).toBe(true);

    // A wrong plate and a wrong check digit are named on their fields before anything is sent.
    await page.getByTestId('pass-plate').fill('冀R12');
    await page
      .getByTestId('holder-id-0')
      .fill(DRIVER.id.slice(0, 17) + (DRIVER.id.endsWith('1') ? '2' : '1'));
    await page.getByTestId('pass-submit').click();
    await poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('车牌格式不对'), expect.stringContaining('校验位')]),
    );
    await shot(page, 'apply-errors', false);

    await page.getByTestId('pass-organisation').fill('北京某某超市保供有限公司');
    await page.getByTestId('pass-plate').fill(PLATE);
    await page.getByTestId('pass-vehicle').fill('厢式货车 白色 4.2米');
    await page.getByTestId('holder-name-0').fill(DRIVER.name);
    await page.getByTestId('holder-id-0').fill(DRIVER.id);
    await page.getByTestId('holder-phone-0').fill(DRIVER.phone);
    // The route: C typed first, then A, then A moved up — the order is the driving order.
    const routeBox = page.locator('[data-testid=route-add] input').first();
    for (const code of [CP.C, CP.A]) {
      await routeBox.fill(code);
      await poll(() =>
        openDropdown(page).locator('.ant-select-item-option-content').first().textContent(),
      ).toBe(code);
      await routeBox.press('Enter');
    }
    const items = page.getByTestId('route-item');
    const routeCodes = async () => {
      const n = await items.count();
      return Promise.all(Array.from({ length: n }, (_, i) => items.nth(i).getAttribute('data-code')));
    };
    await poll(() => routeCodes()).toEqual([CP.C, CP.A]);
    await items.nth(1).getByRole('button', { name: '上移' }).click();
    await poll(() => routeCodes()).toEqual([CP.A, CP.C]);
    await page.getByTestId('pass-destination').fill('北京市朝阳区某某超市');
    await shot(page, 'apply-form', false);
    await page.getByTestId('pass-submit').click();

    // Submitted: its drawer opens at /risk/passes/<id>, waiting for approval.
    await page.waitForURL(/\/risk\/passes\/[0-9a-f-]{36}/);
    passId = /\/risk\/passes\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const drawer = page.getByTestId('pass-drawer');
    await poll(() => drawer.getByTestId('detail-status').getAttribute('data-status')).toBe('submitted');
    const holders = await drawer.getByTestId('pass-holders').textContent();
    expect(holders).toContain(DRIVER.name);
    expect(holders).not.toContain(DRIVER.id); // masked
    passNumber = (await drawer.locator('.ant-drawer-title').textContent())!.replace(/^通行证\s*/, '').trim();

    // The vehicle licence (a small PNG), with its progress, then listed.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    const chooser = page.waitForEvent('filechooser');
    await drawer.getByTestId('attachment-upload').click();
    await (await chooser).setFiles({ name: '行驶证.png', mimeType: 'image/png', buffer: png });
    await poll(() => drawer.getByTestId('attachment').count()).toBe(1);
    expect(await drawer.getByTestId('attachment').textContent()).toContain('行驶证.png');
    await shot(page, 'apply-submitted', false);

    // My applications list it as waiting.
    await page.goto('/risk/passes');
    const row = page.getByTestId('pass-row').filter({ hasText: passNumber });
    await poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('pass-status').getAttribute('data-status')).toBe('submitted');
    await shot(page, 'apply-mine', false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the county administrator approves it: QR code, printable pass', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, 'demo.county', DEMO_PASSWORD);
    await page.goto('/risk/pass-approval');
    const row = page.getByTestId('pass-row').filter({ hasText: passNumber });
    await poll(() => row.count()).toBe(1);
    await shot(page, 'approve-queue', false);
    await row.click();
    const drawer = page.getByTestId('pass-drawer');
    await poll(() => drawer.getByTestId('pass-route').textContent()).toContain(CP.C);
    expect(await drawer.getByTestId('pass-attachments').textContent()).toContain('行驶证.png');
    await drawer.getByTestId('decision-note').fill('三定信息核实无误');
    await drawer.getByTestId('pass-approve').click();
    await poll(() => drawer.getByTestId('detail-status').getAttribute('data-status')).toBe('approved');
    await poll(() => drawer.getByTestId('pass-qr').locator('canvas, svg').count()).toBeGreaterThan(0);
    expect(await drawer.getByTestId('pass-token').textContent()).toMatch(/^CDP1\./);
    await shot(page, 'approve-approved', false);

    // The printable pass: alone on an A5 page.
    await page.evaluate(`document.body.classList.add('print-pass')`);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 560, height: 794 });
    await poll(() => page.getByTestId('pass-print').isVisible()).toBe(true);
    expect(await page.getByTestId('pass-print').textContent()).toContain(PLATE);
    await shot(page, 'print-pass');
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(`document.body.classList.remove('print-pass')`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the checkpoint officer checks it on a phone: at A passes, at B turned back, offline at A, synced', async () => {
    // The token, as the QR code carries it (the camera is not available in headless Chromium).
    const county = await apiAs('demo.county');
    const pass = await get<{ token: string | null; status: string }>(county, `/api/risk/passes/${passId}`);
    expect(pass.status).toBe('approved');
    const token = pass.token!;

    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 375, height: 812 });
    await login(page, 'demo.checkpoint', DEMO_PASSWORD);
    await page.goto('/risk/verify');
    await poll(() => page.getByTestId('verify-checkpoint').isVisible()).toBe(true);
    // The offline material is there before the network goes: keys and the revocation list.
    await poll(() => page.getByTestId('revocations-asof').textContent()).toContain('吊销名单更新于');

    await pick(page, 'verify-checkpoint', CP.A);
    await scan(page, token);
    const result = page.getByTestId('verify-result');
    await poll(() => result.getAttribute('data-verdict')).toBe('pass');
    expect(await result.getAttribute('data-offline')).toBe('false');
    expect(await result.textContent()).toContain('通行');
    expect(await result.textContent()).toContain(PLATE.replace('·', ''));
    await shot(page, 'verify-pass-phone');

    await pick(page, 'verify-checkpoint', CP.B);
    await scan(page, token);
    await poll(() => result.getAttribute('data-verdict')).toBe('turn_back');
    expect(await page.getByTestId('verify-reasons').textContent()).toContain(
      `不在通行路线上（路线：${CP.A} → ${CP.C}）`,
    );
    await shot(page, 'verify-offroute-phone');

    // The network goes: the phone decides on its own, and keeps the check.
    await context.setOffline(true);
    await poll(() => page.getByTestId('net-state').getAttribute('data-online')).toBe('false');
    await pick(page, 'verify-checkpoint', CP.A);
    await scan(page, token);
    await poll(() => result.getAttribute('data-offline')).toBe('true');
    expect(await result.getAttribute('data-verdict')).toBe('pass');
    expect(await page.getByTestId('verify-offline-note').textContent()).toContain('离线核验');
    await poll(() => page.getByTestId('pending-count').getAttribute('data-count')).toBe('1');
    await shot(page, 'verify-offline-phone');

    // A forged token offline: the signature fails on the phone.
    const [head, body, sig] = token.split('.');
    const forged = `${head}.${body}.${sig!.startsWith('A') ? `B${sig!.slice(1)}` : `A${sig!.slice(1)}`}`;
    await scan(page, forged);
    await poll(() => result.getAttribute('data-verdict')).toBe('turn_back');
    expect(await page.getByTestId('verify-reasons').textContent()).toContain('签名无效');
    await poll(() => page.getByTestId('pending-count').getAttribute('data-count')).toBe('2');

    // Back online: the queue is sent and empties.
    await context.setOffline(false);
    await poll(() => page.getByTestId('pending-count').count()).toBe(0);
    await shot(page, 'verify-synced-phone');

    // The server has the three checks of the pass (two online, one synced) in its usage log.
    const after = await get<{ usage: Array<{ checkpoint: string; verdict: string }> }>(
      county,
      `/api/risk/passes/${passId}`,
    );
    expect(after.usage.filter((u) => u.checkpoint.includes(CP.A) && u.verdict === 'pass').length).toBe(2);
    expect(after.usage.filter((u) => u.checkpoint.includes(CP.B) && u.verdict === 'turn_back').length).toBe(
      1,
    );

    // Revoked: the phone's next revocation list has it (here: on reloading the page), and offline
    // the pass is turned back as revoked.
    await post(county, `/api/risk/passes/${passId}/revoke`, { reason: '车辆已更换' }, 200);
    await page.reload();
    await poll(() =>
      page.evaluate<string>(`localStorage.getItem('cordon.verify.revocations') ?? ''`),
    ).toContain(passId);
    await context.setOffline(true);
    await poll(() => page.getByTestId('net-state').getAttribute('data-online')).toBe('false');
    await scan(page, token);
    await poll(() => result.getAttribute('data-offline')).toBe('true');
    expect(await result.getAttribute('data-verdict')).toBe('turn_back');
    expect(await page.getByTestId('verify-reasons').textContent()).toContain('已被吊销');
    await shot(page, 'verify-revoked-offline-phone');

    // Reopened with no signal at all: the service worker serves the app, the last session opens the
    // page, and the phone decides from what it keeps (the check waits in the queue with the others).
    await page.reload();
    await poll(() => page.getByTestId('verify-checkpoint').isVisible()).toBe(true);
    expect(await page.getByTestId('net-state').getAttribute('data-online')).toBe('false');
    await scan(page, token);
    await poll(() => result.getAttribute('data-offline')).toBe('true');
    expect(await result.getAttribute('data-verdict')).toBe('turn_back');
    expect(await page.getByTestId('verify-reasons').textContent()).toContain('已被吊销');
    await shot(page, 'verify-reopened-offline-phone');
    await context.setOffline(false);
    await poll(() => page.getByTestId('pending-count').count()).toBe(0);
    await county.api.dispose();

    // The page fits the phone's width.
    const overflow = await page.evaluate<number>(
      `(() => { const el = document.querySelector('[data-testid="verify-page"]');
        return Math.max(el.getBoundingClientRect().right - window.innerWidth, el.scrollWidth - el.clientWidth); })()`,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the day's statistics show the checks per checkpoint and shift", async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 1440, height: 900 });
    await login(page, 'demo.county', DEMO_PASSWORD);
    await page.goto('/risk/checkpoint-stats');
    const table = page.getByTestId('stats-table');
    await poll(() => table.textContent()).toContain(CP.A);
    expect(await table.textContent()).toContain(CP.B);
    expect(await table.textContent()).toContain('不在路线上');
    await poll(() => page.getByTestId('stats-chart').locator('canvas').count()).toBeGreaterThan(0);
    await shot(page, 'stats-desktop', false);
    // In English too.
    await page.getByTestId('lang-switch').click();
    await poll(() => page.getByTestId('page-title').textContent()).toBe('Checkpoint statistics');
    expect(await table.textContent()).toContain('Off route');
    await shot(page, 'stats-desktop-en', false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
