/**
 * Mass testing in the browser, on the demo round: a sampler (on a phone-sized screen) opens a tube
 * at the demo village's site, puts two residents into it by their sampling codes, seals it and
 * ships it to the county lab; a lab technician receives the box and records the tube positive with
 * its Ct values; the county's task force sees the alert on the round's dashboard and opens the
 * recall list with both residents held at home. A resident's personal link opens their page
 * without logging in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplingCodeOf } from '../domain/testing.js';
import {
  DEMO_PASSWORD,
  launchBrowser,
  login,
  newPage,
  openDropdown,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.js';

let server: RunningServer;
let browser: Browser;
const BARCODE = 'E2E0000001';

interface Missing {
  items: Array<{ members: Array<{ id: string; name: string }> }>;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pick(page: Page, testId: string, text: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await openDropdown(page).getByText(text).first().click();
}

describe('a positive pool, from the sampling table to the recall list', () => {
  let roundId: string;
  let people: Array<{ id: string; name: string }> = [];

  it('the sampler fills a tube on a phone, seals it and ships it', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, 'demo.sampler', DEMO_PASSWORD);
    const rounds = (await (await page.request.get('/api/testing/rounds?status=active')).json()) as {
      items: Array<{ id: string }>;
    };
    roundId = rounds.items[0]!.id;
    const me = (await (await page.request.get('/api/auth/me')).json()) as {
      user: { jurisdiction: { code: string } };
    };
    const villages = (await (
      await page.request.get(`/api/jurisdictions?parent=${me.user.jurisdiction.code}&limit=1`)
    ).json()) as { items: Array<{ code: string; shortName: string }> };
    const village = villages.items[0]!;
    const missing = (await (
      await page.request.get(`/api/testing/rounds/${roundId}/missing?jurisdiction=${village.code}&limit=5`)
    ).json()) as Missing;
    people = missing.items.flatMap((h) => h.members).slice(0, 2);
    expect(people).toHaveLength(2);

    await page.goto('/testing/sample');
    await pick(page, 'sampler-round', /第1轮/);
    await pick(page, 'sampler-site', `${village.shortName}采样点`);
    await page.getByTestId('tube-barcode').fill(BARCODE);
    await page.getByTestId('tube-barcode').press('Enter');
    await expect.poll(() => page.getByTestId('tube-count').textContent()).toContain('0');
    for (const p of people) {
      await page.getByTestId('resident-code').fill(samplingCodeOf(p.id));
      await page.getByTestId('resident-code').press('Enter');
    }
    // Both codes were fired without waiting, as a handheld scanner does: neither may be lost.
    for (const p of people) {
      await expect.poll(() => page.getByTestId('tube-members').textContent()).toContain(p.name);
    }
    await expect.poll(() => page.getByTestId('tube-count').textContent()).toContain('2');
    await screenshot(page, 'testing-sampler-phone');
    await page.getByTestId('tube-close').click();
    await page
      .locator('.ant-popconfirm .ant-btn-primary, .ant-modal .ant-btn-primary')
      .first()
      .click()
      .catch(() => undefined);
    await expect.poll(() => page.getByTestId('tube-panel').getAttribute('data-status')).toBe('closed');

    await page.getByTestId('sampler-mode').getByText(/装箱/).click();
    await pick(page, 'box-lab', /疾控/);
    await page.getByTestId('box-code').fill('E2E-BOX-1');
    await page.getByTestId('box-tube').fill(BARCODE);
    await page.getByTestId('box-tube').press('Enter');
    await expect.poll(() => page.getByTestId('box-tubes').textContent()).toContain(BARCODE);
    await page.getByTestId('box-submit').click();
    await expect
      .poll(async () => {
        const tubes = (await (await page.request.get(`/api/testing/tubes?barcode=${BARCODE}`)).json()) as {
          items: Array<{ status: string }>;
        };
        return tubes.items[0]?.status;
      })
      .toBe('shipped');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the lab receives the box and records the tube positive', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await login(page, 'demo.lab', DEMO_PASSWORD);
    await page.goto('/testing/lab');
    const row = page.getByTestId('lab-boxes').locator('tr', { hasText: 'E2E-BOX-1' });
    await row.getByRole('button').click();
    await expect.poll(() => page.getByTestId('lab-boxes').textContent()).not.toContain('E2E-BOX-1');
    await page.getByRole('tab', { name: /录入|手工/ }).click();
    const manual = page.getByTestId('manual-row').first();
    await manual.locator('input').first().fill(BARCODE);
    await manual.locator('.ant-select').click();
    await openDropdown(page).getByText('阳性').click();
    const numbers = manual.locator('.ant-input-number input');
    await numbers.nth(0).fill('26.5');
    await numbers.nth(1).fill('28.1');
    await page.getByTestId('manual-submit').click();
    await expect.poll(() => page.getByTestId('results-summary').textContent()).toMatch(/1/);
    await screenshot(page, 'testing-lab');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the task force sees the alert and the recall list of the pool', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await login(page, 'demo.county', DEMO_PASSWORD);
    await page.goto(`/testing/dashboard/${roundId}`);
    await page.getByRole('tab', { name: /阳性预警/ }).click();
    const alert = page.getByTestId('alerts-table').locator('tr', { hasText: BARCODE });
    await expect.poll(() => alert.count()).toBe(1);
    await alert.getByTestId('alert-recall').click();
    const recall = page.getByTestId('recall-table');
    for (const p of people) await expect.poll(() => recall.textContent()).toContain(p.name.slice(0, 1));
    await expect.poll(() => page.getByTestId('recall-drawer').textContent()).toMatch(/居家|held/);
    await screenshot(page, 'testing-recall');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a resident opens their own page from the personal link, without logging in', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await login(page, 'demo.village', DEMO_PASSWORD);
    const code = (await (await page.request.get(`/api/testing/people/${people[0]!.id}/code`)).json()) as {
      residentLink: string;
    };
    await context.close();
    const anonymous = await newPage(browser, server.baseUrl);
    await anonymous.page.goto(code.residentLink);
    await expect.poll(() => anonymous.page.locator('body').textContent()).toMatch(/阳性|待/);
    await screenshot(anonymous.page, 'testing-resident');
    expect(anonymous.errors).toEqual([]);
    await anonymous.context.close();
  });
});
