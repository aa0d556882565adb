/**
 * A county officer (demo.county, 安次区): sees only 安次区 and below, its numbers and map outline,
 * is refused other counties, can switch to English and back, and logs out for good.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  newPage,
  openDropdown,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.js';

describe('county officer (安次区)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ context, page, errors } = await newPage(browser, server.baseUrl));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  it('explains a wrong password, and a lockout with the time it ends', async () => {
    await page.goto('/login');
    const error = page.getByTestId('login-error');
    let code: string | null = null;
    for (let attempt = 1; attempt <= 7 && code !== 'ACCOUNT_LOCKED'; attempt++) {
      await page.locator('#login-username').fill('nobody.here');
      await page.locator('#login-password').fill(`wrong-${attempt}`);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await page.getByTestId('login-submit').click();
      await answer;
      await expect.poll(() => error.getAttribute('data-attempt')).toBe(String(attempt));
      code = await error.getAttribute('data-code');
      if (attempt === 1) {
        expect(code).toBe('INVALID_CREDENTIALS');
        expect(await error.textContent()).toContain('用户名或密码错误');
      }
    }
    expect(code).toBe('ACCOUNT_LOCKED');
    // "locked until 2022-04-01 10:15 (in about 15 minutes)"
    expect(await error.textContent()).toMatch(/账号已锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it('logs in with a demo account picked from the demo-mode notice', async () => {
    await page.goto('/login');
    await expect.poll(() => page.getByTestId('demo-notice').textContent()).toContain('cordon2022');
    await expect.poll(() => page.locator('.login-city').textContent()).toContain('廊坊市');
    await screenshot(page, 'login');
    await page.locator('[data-username="demo.county"]').click();
    expect(await page.locator('#login-username').inputValue()).toBe('demo.county');
    expect(await page.locator('#login-password').inputValue()).toBe('cordon2022');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/overview$/);
    await page.getByTestId('demo-banner').waitFor();
  });

  it('shows 安次区 with its towns, villages and communities, and only its outline on the map', async () => {
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('安次区');
    const stat = (key: string) => page.getByTestId(`stat-${key}`);
    await expect.poll(() => stat('towns').getAttribute('data-value')).toBe('15');
    expect(await stat('villages').getAttribute('data-value')).toBe('288');
    expect(await stat('communities').getAttribute('data-value')).toBe('53');
    expect(await stat('towns').locator('.ant-statistic-content').textContent()).toBe('15');
    expect(await stat('villages').locator('.ant-statistic-content').textContent()).toBe('288');
    expect(await stat('communities').locator('.ant-statistic-content').textContent()).toBe('53');
    // Nothing above the county is counted for a county officer.
    expect(await stat('counties').count()).toBe(0);

    const values = page.getByTestId('map-values');
    await expect.poll(() => values.locator('tbody tr.ant-table-row').count()).toBe(1);
    const row = values.locator('tbody tr.ant-table-row').first();
    expect(await row.textContent()).toContain('安次区');
    expect(await row.textContent()).toContain('341'); // 288 villages + 53 communities
    expect(await values.textContent()).not.toContain('广阳区');
    await page.getByTestId('county-map').locator('canvas').waitFor();

    // The ancestor above the officer's home is shown in the breadcrumb but is not a link.
    const crumbs = page.getByTestId('jurisdiction-breadcrumb');
    expect(await crumbs.textContent()).toContain('廊坊市');
    expect(await crumbs.locator('a', { hasText: '廊坊市' }).count()).toBe(0);
    await screenshot(page, 'overview-county');
  });

  it('offers only 安次区 and below in the jurisdiction switcher', async () => {
    await page.getByTestId('jurisdiction-switcher').click();
    const dropdown = openDropdown(page);
    await dropdown.getByText('银河南路街道').waitFor();
    const text = await dropdown.textContent();
    expect(text).toContain('安次区');
    expect(text).toContain('落垡镇');
    expect(text).not.toContain('廊坊市');
    expect(text).not.toContain('广阳区');

    // Searching another county finds nothing: the search is limited to the officer's subtree.
    await page.keyboard.type('广阳');
    await dropdown.getByText('没有匹配的辖区').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('落垡');
    await dropdown.locator('.ant-select-tree-title', { hasText: '落垡镇' }).first().click();
    await page.waitForURL(/\/overview\/131002100000$/);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('落垡镇');
  });

  it('shows only 安次区 and below in the jurisdictions tree', async () => {
    await page.getByTestId('nav-jurisdictions').click();
    await page.waitForURL(/\/jurisdictions\/131002100000$/);
    const tree = page.getByTestId('jurisdiction-tree');
    await tree.getByText('落垡村一街').waitFor();
    expect(await tree.locator('.ant-tree-treenode').first().textContent()).toContain('安次区');
    const text = await tree.textContent();
    expect(text).not.toContain('廊坊市');
    expect(text).not.toContain('广阳区');
  });

  it('refuses another county with the out-of-scope state', async () => {
    await page.goto('/overview/131003000000');
    await page.getByTestId('state-out-of-scope').waitFor();
    expect(await page.getByTestId('state-out-of-scope').textContent()).toContain('超出管辖范围');
  });

  it('switches to English and back', async () => {
    await page.goto('/overview');
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('安次区');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-overview').textContent()).toBe('Overview');
    expect(await page.getByTestId('nav-jurisdictions').textContent()).toBe('Jurisdictions');
    expect(await page.getByTestId('stat-towns').locator('.ant-statistic-title').textContent()).toBe(
      'Towns / streets',
    );
    expect(await page.getByTestId('demo-banner').textContent()).toContain('Demo account');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('county-map').locator('canvas').waitFor();
    await screenshot(page, 'overview-county-en');

    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('nav-overview').textContent()).toBe('Overview');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-overview').textContent()).toBe('首页概览');
  });

  it('logs out, lands on the login page, and the session is gone', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login$/);
    await page.getByTestId('login-submit').waitFor();

    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    await page.goBack();
    await page.waitForURL(/\/login/);
    await page.goto('/overview/131002000000');
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId('login-submit').waitFor();
  });

  it('threw no uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
