import { test, expect } from '@playwright/test';
import { open, scrubTo } from './fixtures.mjs';

test('play shows the liveness kill and the restart; scrubbing back shows the world before it', async ({ page }) => {
  const errors = await open(page);
  const events = page.getByRole('log', { name: 'Events' });
  const pods = page.getByRole('table', { name: 'Pods' });
  await expect(page.getByRole('region', { name: 'Timeline' })).toBeVisible();

  await page.getByLabel('Speed').selectOption('60');
  const play = page.getByRole('button', { name: 'Play' });
  await play.click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(events).toContainText('Liveness probe failed: HTTP probe failed with statuscode: 500', { timeout: 20_000 });
  await expect(pods).toContainText(/\b1 \(\d+s ago\)/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.screenshot({ path: 'test-results/after-restart.png' });

  // After the kill: the event and the restart count.
  await scrubTo(page, 150);
  await expect(events).toContainText('Container app failed liveness probe, will be restarted');
  await expect(pods).toContainText(/\b1 \(\d+s ago\)/);
  await expect(page.locator('.restarts', { hasText: '↻ 1' })).toHaveCount(1);

  // Before it: no failure, no kill, no restart.
  await scrubTo(page, 60);
  await expect(page.locator('.clock .now')).toHaveText('01:00');
  await expect(events).not.toContainText('statuscode: 500');
  await expect(events).not.toContainText('Killing');
  await expect(pods).not.toContainText(/\b1 \(/);
  await expect(page.locator('.restarts', { hasText: '↻ 1' })).toHaveCount(0);
  await expect(page.locator('.pod-card .pod-status', { hasText: 'Running' })).toHaveCount(3);
  await page.screenshot({ path: 'test-results/scrubbed-back.png' });

  // Step jumps to the next event; restart goes back to 00:00.
  await page.getByRole('button', { name: 'Step to the next event' }).click();
  const t = Number(await page.locator('.app').getAttribute('data-t'));
  expect(t).toBeGreaterThan(60_000);
  await page.getByRole('button', { name: 'Restart' }).click();
  await expect(page.locator('.clock .now')).toHaveText('00:00');
  expect(errors).toEqual([]);
});

test('a live action re-simulates from its moment; before it nothing changed', async ({ page }) => {
  await open(page);
  await scrubTo(page, 30);
  await page.getByLabel('Pod for live actions').selectOption({ index: 0 });
  const target = await page.getByLabel('Pod for live actions').inputValue();
  await page.getByRole('button', { name: 'Crash container' }).click();
  await expect(page.getByRole('list', { name: 'Live actions applied' })).toContainText(`00:30 crash (exit 1) → ${target}`);

  await scrubTo(page, 60);
  const card = page.getByRole('article', { name: `Pod ${target}` });
  await expect(card.locator('.restarts')).toHaveText('↻ 1');
  await expect(page.getByRole('table', { name: 'Pods' })).toContainText(new RegExp(`${target}\\s+\\d/1\\s+\\S+\\s+1 \\(`));

  await scrubTo(page, 29);
  await expect(card.locator('.restarts')).toHaveText('↻ 0');

  await page.getByRole('button', { name: 'Undo all live actions' }).click();
  await scrubTo(page, 60);
  await expect(card.locator('.restarts')).toHaveText('↻ 0');
});
