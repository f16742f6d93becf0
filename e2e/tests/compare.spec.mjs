// The page's side-by-side compare: two versions picked by their accessible
// names, the differences `compare` reports numbered in a table, and each
// run's timeline with those differences flagged where they first show.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { open, eachLook, sidewaysOverflow } from './fixtures.mjs';

// An exec liveness probe slower than its 1 s timeout: harmless on 1.19,
// restarts from 1.20 (ExecProbeTimeout).
const SLOW_EXEC = readFileSync(new URL('../../examples/slow-exec-liveness.yaml', import.meta.url), 'utf8');

async function compare(page, from, to) {
  const pane = page.getByRole('region', { name: 'Compare versions' });
  await pane.getByRole('combobox', { name: 'Compare from Kubernetes version' }).selectOption(from);
  await pane.getByRole('combobox', { name: 'Compare to Kubernetes version' }).selectOption(to);
  await pane.getByRole('button', { name: 'Compare', exact: true }).click();
  return pane;
}

test('comparing 1.19 with 1.20 shows what the exec timeout changes, on both timelines', async ({ page }) => {
  const errors = await open(page, SLOW_EXEC);
  const pane = await compare(page, '1.19', '1.20');
  await expect(pane.getByRole('status')).toHaveText(/^\d+ differences between 1\.19 and 1\.20$/);
  const table = pane.getByRole('table', { name: 'Differences between Kubernetes 1.19 and 1.20' });
  // The rows are the command line's report: Ready at the end 2/2 and 0/2
  // (1), restarts 0 and 11, the first seen at 24.5 s on 1.20 (2), when (3).
  const restarts = table.getByRole('row', { name: /^2 restarts / });
  await expect(restarts.getByRole('cell')).toHaveText(['2', '0', '11 at 00:24.5']);
  await expect(table.getByRole('row', { name: /Liveness probe failed: command "sh -c \/check-queue.sh" timed out/ }))
    .toContainText('39 at 00:03.1');
  // Two timelines, one per version, each with its pods' lanes.
  const old = pane.getByRole('figure', { name: 'Timeline on Kubernetes 1.19' });
  const new_ = pane.getByRole('figure', { name: 'Timeline on Kubernetes 1.20' });
  await expect(old.locator('.lane-pod')).toHaveCount(2);
  await expect(new_.locator('.lane-pod')).toHaveCount(2);
  // 1.20 flags the restarts and the timeouts; 1.19 shows neither.
  const flagsNew = new_.getByRole('list', { name: 'Differences marked on Kubernetes 1.20' }).getByRole('listitem');
  await expect(flagsNew.filter({ hasText: /^2,3\b/ })).toHaveAccessibleName(/^Differences 2 at 00:24\.5, 3 at 00:24\.5\b/);
  const flagsOld = old.getByRole('list', { name: 'Differences marked on Kubernetes 1.19' }).getByRole('listitem');
  expect(await flagsOld.count()).toBeLessThan(await flagsNew.count());
  // The two timelines sit side by side on a wide screen.
  const [a, b] = [await old.boundingBox(), await new_.boundingBox()];
  expect(Math.abs(a.y - b.y)).toBeLessThan(2);
  expect(b.x).toBeGreaterThan(a.x + a.width - 1);
  expect(errors).toEqual([]);
});

test('the comparison says when the scenario has changed since', async ({ page }) => {
  await open(page, SLOW_EXEC);
  const pane = await compare(page, '1.36', '1.37');
  await expect(pane.getByRole('status')).toHaveText(
    'No difference between 1.36 and 1.37 in readiness, restarts, events, endpoints or client traffic.');
  await page.getByRole('combobox', { name: 'Kubernetes version', exact: true }).selectOption('1.29');
  await expect(pane).toContainText('The scenario has changed since this comparison');
});

test('screenshots of the comparison at 1280x800 and 390x844', async ({ browser }) => {
  await eachLook(browser, async (page, look) => {
    await open(page, SLOW_EXEC);
    const pane = await compare(page, '1.19', '1.20');
    await expect(pane.getByRole('figure')).toHaveCount(2);
    await pane.getByRole('figure').first().scrollIntoViewIfNeeded();
    await pane.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // A phone's page is long: the pane alone (its column does not scroll).
    const shot = { path: `test-results/compare-${look.name}.png`, animations: 'disabled' };
    await (look.fullPage ? pane.screenshot(shot) : page.screenshot(shot));
  });
});
