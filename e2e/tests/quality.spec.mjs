import { test, expect } from '@playwright/test';
import { eachLook, open, scrubTo, sidewaysOverflow } from './fixtures.mjs';

test('keyboard shortcuts, themes and accessible names', async ({ page }) => {
  await open(page);
  await expect(page.getByLabel('Kubernetes YAML')).toBeVisible();
  await expect(page.getByLabel('App behaviour')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Pods' })).toBeVisible();
  await expect(page.getByRole('log', { name: 'Events' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' })).toBeVisible();

  await page.locator('body').click({ position: { x: 5, y: 790 } });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const before = Number(await page.locator('.app').getAttribute('data-t'));
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await page.locator('.app').getAttribute('data-t'))).toBeGreaterThan(before);

  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText('Play / pause');
  await expect(dialog).toContainText('Step to the next event');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  const html = page.locator('html');
  const first = await html.getAttribute('data-theme');
  await page.getByRole('button', { name: /Switch to the (dark|light) theme/ }).click();
  await expect(html).not.toHaveAttribute('data-theme', first);
  await page.reload();
  await expect(html).not.toHaveAttribute('data-theme', first);
});

test('follows prefers-color-scheme on a first visit', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await open(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Reduced motion: nothing animates.
  await page.getByLabel('Speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  const animated = await page.evaluate(() => document.getAnimations().length);
  expect(animated).toBe(0);
  await context.close();
});

test('timeline marks show their probe result; the examples menu loads a scenario', async ({ page }) => {
  await open(page);
  await scrubTo(page, 120);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.getByRole('button', { name: 'Zoom in' }).click();
  await timeline.getByRole('button', { name: 'Zoom in' }).click();
  await expect(timeline.locator('.window')).toHaveText(/^\d\d:\d\d – \d\d:\d\d$/);
  // Click the middle of a liveness lane of the failing pod, on a failure mark.
  const failure = timeline.locator('path.tick.failure').first();
  const box = await failure.boundingBox();
  await page.mouse.click(box.x + 1.5, box.y + box.height / 2);
  await expect(page.locator('.probe-details')).toContainText(/probe of .* result at/);
  await timeline.getByRole('button', { name: 'Show the whole run' }).click();

  const menu = page.getByLabel('Examples');
  const options = await menu.locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(1);
  await menu.selectOption({ index: 1 });
  await expect(page.getByRole('complementary', { name: 'What to watch' })).toBeVisible();
  await expect(page.locator('.app')).toHaveAttribute('data-t', '0');
});

test('screenshots at 1280x800 and on a narrow screen', async ({ browser }) => {
  await eachLook(browser, async (page, look) => {
    await open(page);
    await scrubTo(page, 150);
    // Nothing overflows the page sideways.
    const overflow = await sidewaysOverflow(page);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/${look.name}.png`, fullPage: look.fullPage, animations: 'disabled' });
  });
});
