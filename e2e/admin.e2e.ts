/**
 * The city administrator: creates a town administrator (temporary password shown once), who must
 * change it at first login and then sees only 落垡镇; the audit log shows both; a grid added in the
 * jurisdictions page appears in the tree — also, through live events, in another user's open tree.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  DEMO_PASSWORD,
  launchBrowser,
  login,
  newPage,
  openDropdown,
  type RunningServer,
  screenshot,
  startServer,
} from './harness.js';

const NEW_USER = 'e2e.luofa';
const NEW_NAME = '落垡镇测试管理员';
const NEW_PASSWORD = 'Luofa-2022-new';
const VILLAGE = '131002100227'; // 落垡村二街, 落垡镇, 安次区
const GRID_NAME = '第九网格';

function modal(page: Page, testId: string) {
  return page.locator('.ant-modal').filter({ has: page.getByTestId(testId) });
}

describe('city administrator', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page; errors: string[] };
  let temporaryPassword = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await newPage(browser, server.baseUrl);
    await login(admin.page, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  it('creates a town administrator of 落垡镇 and reads the temporary password once', async () => {
    const { page } = admin;
    await page.getByTestId('nav-users').click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByTestId('users-table').getByText('demo.county').waitFor();

    await page.getByTestId('create-user').click();
    const form = modal(page, 'user-form');
    await page.locator('#user-username').fill(NEW_USER);
    await page.locator('#user-display-name').fill(NEW_NAME);
    await page.getByTestId('user-jurisdiction').click();
    await page.keyboard.type('落垡镇');
    await openDropdown(page).locator('.ant-select-tree-title', { hasText: '落垡镇' }).first().click();
    await page.getByTestId('user-role').click();
    await openDropdown(page).locator('.ant-select-item-option[title="乡镇（街道）管理员"]').click();
    await form.locator('.ant-modal-footer .ant-btn-primary').click();

    const secret = page.getByTestId('one-time-secret');
    await secret.waitFor();
    temporaryPassword = await page.getByTestId('secret-value').inputValue();
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(8);
    await page.getByTestId('secret-ack').click();
    await secret.waitFor({ state: 'detached' });

    const row = page.getByTestId('users-table').locator('tr', { hasText: NEW_USER });
    await row.waitFor();
    expect(await row.textContent()).toContain('乡镇（街道）管理员');
    expect(await row.textContent()).toContain('落垡镇');
    expect(await row.textContent()).toContain('待改密');
    await screenshot(page, 'users');
  });

  it('makes the new user change the password, then shows only 落垡镇', async () => {
    const user = await newPage(browser, server.baseUrl);
    const { page } = user;
    await login(page, NEW_USER, temporaryPassword);
    await page.getByTestId('forced-password').waitFor();
    // Nothing else is reachable until the password is changed.
    expect(await page.getByTestId('sider-nav').count()).toBe(0);

    await page.locator('#password-current').fill(temporaryPassword);
    await page.locator('#password-new').fill(NEW_PASSWORD);
    await page.locator('#password-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('password-submit').click();

    await page.waitForURL(/\/overview$/);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('落垡镇');
    await page.getByTestId('jurisdiction-switcher').click();
    const dropdown = openDropdown(page);
    await dropdown.getByText('落垡村一街').waitFor();
    const text = await dropdown.textContent();
    expect(text).toContain('落垡镇');
    expect(text).not.toContain('安次区');
    expect(text).not.toContain('廊坊市');
    await page.keyboard.press('Escape');

    await page.goto('/overview/131002000000');
    await page.getByTestId('state-out-of-scope').waitFor();
    expect(user.errors).toEqual([]);
    await user.context.close();
  });

  it('finds user.created and auth.password_changed in the audit log', async () => {
    const { page } = admin;
    await page.getByTestId('nav-audit').click();
    await page.waitForURL(/\/admin\/audit$/);
    const table = page.getByTestId('audit-table');

    await page.getByTestId('audit-action').click();
    await openDropdown(page).locator('.ant-select-item-option[title="user.created"]').click();
    await page.waitForURL(/action=user\.created/);
    const created = table.locator('tr[data-action="user.created"]', { hasText: NEW_USER });
    await created.waitFor();
    expect(await created.textContent()).toContain('创建用户');
    await created.click();
    const drawer = page.getByTestId('audit-drawer');
    await drawer.waitFor();
    expect(await page.getByTestId('audit-detail-json').textContent()).toContain(`"username": "${NEW_USER}"`);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    await page.goto('/admin/audit?action=auth.password_changed');
    const changed = table.locator('tr[data-action="auth.password_changed"]', { hasText: NEW_USER });
    await changed.waitFor();
    expect(await changed.textContent()).toContain('修改密码');

    await page.goto('/admin/audit');
    await page.locator('[data-testid="audit-page"][data-loading="false"]').waitFor();
    await table.locator('tr[data-action]').first().waitFor();
    await screenshot(page, 'audit');
  });

  it('adds a grid under a village and sees it in the tree, here and live in another session', async () => {
    const { page } = admin;
    // A town administrator watches the same village; the new grid must reach them by live event.
    const watcher = await newPage(browser, server.baseUrl);
    await login(watcher.page, 'demo.town', DEMO_PASSWORD);
    await watcher.page.goto(`/jurisdictions/${VILLAGE}`);
    await watcher.page.getByTestId('jurisdiction-detail').waitFor();
    await expect
      .poll(() => watcher.page.getByTestId('live-status').getAttribute('data-connected'))
      .toBe('true');

    await page.goto(`/jurisdictions/${VILLAGE}`);
    const detail = page.getByTestId('jurisdiction-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('落垡村二街');
    await page.getByTestId('add-grid').click();
    await page.locator('#unit-name').fill(GRID_NAME);
    await modal(page, 'unit-form').locator('.ant-modal-footer .ant-btn-primary').click();

    await page.waitForURL(new RegExp(`/jurisdictions/${VILLAGE}G\\d{3}$`));
    const tree = page.getByTestId('jurisdiction-tree');
    await tree.locator('.ant-tree-title', { hasText: GRID_NAME }).waitFor();
    await expect.poll(() => detail.getAttribute('data-code')).toMatch(/G\d{3}$/);
    expect(await detail.textContent()).toContain(GRID_NAME);
    await screenshot(page, 'jurisdictions');

    await watcher.page
      .getByTestId('jurisdiction-tree')
      .locator('.ant-tree-title', { hasText: GRID_NAME })
      .waitFor();
    expect(watcher.errors).toEqual([]);
    await watcher.context.close();
  });

  it('threw no uncaught errors in the page', () => {
    expect(admin.errors).toEqual([]);
  });
});
