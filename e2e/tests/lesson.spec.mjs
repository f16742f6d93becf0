// Lesson 1 of the gallery, loaded from the Examples menu: the probes reach
// the app with their X-Probe header, in the probe details and the app log.
import { test, expect } from '@playwright/test';
import { eachLook, open, scrubTo, settled, sidewaysOverflow } from './fixtures.mjs';

const LESSON = 'Slow start behind readiness';

async function openLesson(page) {
  const errors = await open(page);
  const runs = Number(await page.locator('.app').getAttribute('data-runs'));
  await page.getByLabel('Examples').selectOption({ label: LESSON });
  await expect(page.getByRole('complementary', { name: 'What to watch' })).toContainText(LESSON);
  await settled(page);
  await expect.poll(async () => Number(await page.locator('.app').getAttribute('data-runs'))).toBeGreaterThan(runs);
  await expect(page.locator('.clock .end')).toHaveText(/02:00/);
  return errors;
}

/** Clicks the first mark of a result class in the timeline's readiness lane. */
async function clickFirstReadinessMark(page) {
  const lane = page.getByRole('region', { name: 'Timeline' }).locator('.lane-probe', { hasText: 'readiness' }).first();
  await lane.scrollIntoViewIfNeeded();
  const box = await lane.locator('path.tick').first().boundingBox();
  await page.mouse.click(box.x + 1.5, box.y + box.height / 2);
}

test('lesson 1: the probes reach the app with their X-Probe header', async ({ page }) => {
  const errors = await openLesson(page);
  const log = page.getByRole('log', { name: 'App log' });

  // Play past the first probes (readiness at 0:11.5, liveness at 0:20).
  await page.getByLabel('Speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => Number(await page.locator('.app').getAttribute('data-t')), { timeout: 20_000 })
    .toBeGreaterThan(21_000);
  await page.getByRole('button', { name: 'Pause' }).click();

  // The first readiness mark: its request, then its result.
  await clickFirstReadinessMark(page);
  const details = page.locator('.probe-details');
  await expect(details).toContainText('Readiness probe of hello-go-');
  await expect(details.locator('.probe-request')).toContainText('GET /health HTTP/1.1');
  await expect(details.locator('.probe-request')).toContainText('User-Agent: kube-probe/1.37');
  await expect(details.locator('.probe-request')).toContainText('X-Probe: readiness');

  // The app log: nothing before 0:11.5, then each probe as it arrived.
  await page.getByRole('tab', { name: 'App log' }).click();
  await expect(page.getByRole('tab', { name: 'App log' })).toHaveAttribute('aria-selected', 'true');
  await expect(log).toContainText('00:11.5 GET /health 2xx X-Probe: readiness');
  await expect(log).toContainText('00:20.0 GET /health 2xx X-Probe: liveness');
  await scrubTo(page, 11);
  await expect(log).toHaveText('(no probe request has reached the app yet)');
  await scrubTo(page, 45);
  await expect(log).toContainText('00:41.5 GET /health 2xx X-Probe: readiness');
  await expect(log).not.toContainText('00:50.0');
  expect(errors).toEqual([]);
});

test('screenshots of lesson 1 with the app log and a probe picked', async ({ browser }) => {
  await eachLook(browser, async (page, look) => {
    await openLesson(page);
    await scrubTo(page, 45);
    await clickFirstReadinessMark(page);
    await expect(page.locator('.probe-details .probe-request')).toContainText('X-Probe: readiness');
    await page.getByRole('tab', { name: 'App log' }).click();
    await expect(page.getByRole('log', { name: 'App log' })).toContainText('X-Probe: liveness');
    const overflow = await sidewaysOverflow(page);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/lesson1-${look.name}.png`, fullPage: look.fullPage, animations: 'disabled' });
    // Close-ups: the picked probe's details, and the app log.
    await page.getByRole('region', { name: 'Timeline' }).screenshot({ path: `test-results/lesson1-${look.name}-timeline.png`, animations: 'disabled' });
    await page.getByRole('region', { name: 'Pod', exact: true }).screenshot({ path: `test-results/lesson1-${look.name}-pod.png`, animations: 'disabled' });
  });
});
