// Views that show the cause: the events' reasons readable, the controls in
// reach, the affected pod in view after a live action, lanes and marks that
// tell themselves apart, probe chips that count toward their threshold, steps
// that stop where something changed, live actions kept in the scenario.
import { test, expect } from '@playwright/test';
import { open, scrubTo, settled } from './fixtures.mjs';

const t = async (page) => Number(await page.locator('.app').getAttribute('data-t'));

test('at 1280x800 the reason of every event is readable without scrolling sideways', async ({ page }) => {
  await open(page);
  await scrubTo(page, 150);
  const events = page.getByRole('log', { name: 'Events' });
  await expect(events).toContainText('Liveness probe failed: HTTP probe failed with statuscode: 500');
  const { scroll, client } = await events.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
});

test('the playback controls stay in view on a phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await open(page);
  await page.getByRole('region', { name: 'Timeline' }).scrollIntoViewIfNeeded();
  await expect(page.getByRole('button', { name: 'Play' })).toBeInViewport();
  await page.getByRole('heading', { name: /Live actions/ }).scrollIntoViewIfNeeded();
  await expect(page.getByRole('button', { name: 'Play' })).toBeInViewport();
  await expect(page.getByLabel('Scrub simulated time')).toBeInViewport();
  await context.close();
});

test('the playback controls stay in view in a 700x450 iframe', async ({ page }) => {
  await page.setContent(`<iframe title="playground" src="http://127.0.0.1:${process.env.PORT ?? 8082}/" width="700" height="450"></iframe>`);
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('.app')).toHaveAttribute('data-runs', /[1-9]/);
  await frame.getByRole('region', { name: 'Timeline' }).scrollIntoViewIfNeeded();
  await expect(frame.getByRole('button', { name: 'Play' })).toBeInViewport();
  await frame.getByRole('table', { name: 'Pods' }).scrollIntoViewIfNeeded();
  await expect(frame.getByRole('button', { name: 'Play' })).toBeInViewport();
});

test('after a live action the affected pod is in view', async ({ browser }) => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await open(page);
    await scrubTo(page, 30);
    const target = await page.getByLabel('Pod for live actions').inputValue();
    await page.getByRole('button', { name: 'Crash container' }).click();
    await expect(page.getByRole('list', { name: 'Live actions applied' })).toContainText('crash');
    await expect(page.getByRole('article', { name: `Pod ${target}` })).toBeInViewport();
    await context.close();
  }
});

test('timeline lanes keep each pod apart, and failures differ from successes in shape', async ({ page }) => {
  await open(page);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const pods = timeline.getByRole('group', { name: /^Pod web-/ });
  await expect(pods).toHaveCount(3);
  const labels = await pods.evaluateAll((rows) => rows.map((r) => r.querySelector('.lane-label').innerText));
  expect(new Set(labels).size).toBe(3);
  // A mark's outline, numbers aside: a bar for a success, another shape for a failure.
  const shape = async (cls) => (await timeline.locator(`path.tick.${cls}`).first().getAttribute('d'))
    .split('M')[1].replace(/-?[\d.]+/g, 'n');
  expect(await shape('failure')).not.toBe(await shape('success'));
});

test('a probe chip counts toward its threshold: 1/3, 2/3, then the kill', async ({ page }) => {
  await open(page);
  const seen = new Set();
  for (let s = 90; s <= 110; s++) {
    await scrubTo(page, s);
    const chips = page.getByRole('article', { name: /^Pod web-/ }).getByText(/liveness\s*\d+\/3/);
    for (const text of await chips.allInnerTexts()) seen.add(text.match(/\d+\/3/)[0]);
  }
  expect([...seen]).toEqual(expect.arrayContaining(['1/3', '2/3']));
});

test('step stops at the Ready change of lesson 1, and steps back', async ({ page }) => {
  await open(page);
  await page.getByLabel('Examples').selectOption({ label: 'Slow start behind readiness' });
  await settled(page);
  const stops = [];
  while ((await t(page)) < 20_000) {
    await page.getByRole('button', { name: 'Step to the next event' }).click();
    stops.push(await t(page));
  }
  // Readiness succeeds at 0:11.5: the pod turns Ready and the endpoint appears.
  expect(stops).toContain(11_500);
  await scrubTo(page, 30);
  await page.getByRole('button', { name: 'Step back to the previous event' }).click();
  const back = await t(page);
  expect(back).toBeLessThan(30_000);
  expect(back).toBeGreaterThanOrEqual(11_500);
  // ← does the same from the keyboard (outside the fields and buttons).
  await page.locator('body').click({ position: { x: 5, y: 790 } });
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => t(page)).toBeLessThan(back);
});

test('a live action is written into the scenario, survives a reload, and scaling to 0 locks nothing out', async ({ page }) => {
  const errors = await open(page);
  await scrubTo(page, 30);
  const target = await page.getByLabel('Pod for live actions').inputValue();
  await page.getByRole('button', { name: 'Crash container' }).click();
  const behaviour = page.getByLabel('App behaviour');
  await expect(behaviour).toHaveValue(new RegExp(`actions:\\n- at: 30s\\n  pod: ${target}\\n  crash: true\\n`));
  await settled(page);
  await page.reload();
  await expect(page.locator('.app')).toHaveAttribute('data-runs', /[1-9]/);
  await expect(page.getByLabel('App behaviour')).toHaveValue(/crash: true/);
  await scrubTo(page, 60);
  await expect(page.getByRole('article', { name: `Pod ${target}` }).locator('.restarts')).toHaveText('↻ 1');

  // Scale to 0, then back: every action stays available.
  await page.getByLabel('Replicas').fill('0');
  await page.getByRole('button', { name: 'Scale' }).click();
  await settled(page);
  await scrubTo(page, 120);
  await expect(page.getByRole('article', { name: /^Pod web-/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Scale' })).toBeEnabled();
  await page.getByLabel('Replicas').fill('2');
  await page.getByRole('button', { name: 'Scale' }).click();
  await settled(page);
  await scrubTo(page, 180);
  await expect(page.getByRole('article', { name: /^Pod web-/ })).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('the traffic chart has a time axis and a rate axis', async ({ page }) => {
  await open(page);
  const chart = page.getByRole('region', { name: 'Traffic' });
  await expect(chart.getByText(/^\d+ req\/s$/)).toHaveCount(1);
  await expect(chart.getByText('00:00', { exact: true })).toHaveCount(1);
  await expect(chart.getByText('10:00', { exact: true })).toHaveCount(1);
});

test('the page says it is loading before the simulator arrives', async ({ page }) => {
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'Loading the simulator' })).toBeVisible();
  release();
  await expect(page.locator('.app')).toHaveAttribute('data-runs', /[1-9]/);
  await expect(page.getByText('Loading the simulator')).toHaveCount(0);
});

test('kubectl get pods -w lines its columns up as kubectl does, and its Copy gives kubectl\'s text', async ({ page, context }) => {
  await open(page);
  await scrubTo(page, 30);
  const table = page.getByRole('table', { name: 'Pods' });
  const rows = table.getByRole('row');
  expect(await rows.count()).toBeGreaterThan(2);
  // Each column starts at the same x in every row, three spaces past the widest cell before it.
  const starts = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => Math.round(c.getBoundingClientRect().left))));
  for (const row of starts) expect(row).toEqual(starts[0]);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy kubectl get pods -w' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const [header, first] = copied.split('\n');
  expect(header).toMatch(/^NAME {3,}READY {3}STATUS {3,}RESTARTS {3}AGE$/);
  // The column READY starts where kubectl puts it.
  const chars = await table.evaluate((t) => {
    const cell = t.querySelector('th');
    const probe = document.createElement('span');
    probe.textContent = 'x'.repeat(10);
    cell.appendChild(probe);
    const w = probe.getBoundingClientRect().width / 10;
    probe.remove();
    return w;
  });
  expect(Math.round((starts[0][1] - starts[0][0]) / chars)).toBe(header.indexOf('READY'));
  expect(first.indexOf('0/1')).toBe(header.indexOf('READY'));
});

test('picking a pod under "Pod to show" describes that pod', async ({ page }) => {
  const errors = await open(page);
  await scrubTo(page, 30);
  const picker = page.getByLabel('Pod to show');
  const names = await picker.locator('option').allTextContents();
  expect(names.length).toBeGreaterThan(1);
  const other = names[names.length - 1];
  await picker.selectOption(other);
  await expect(page.getByRole('region', { name: 'Describe pod' })).toContainText(new RegExp(`^Name:\\s+${other}\\b`));
  await expect(picker).toHaveValue(other);
  expect(errors).toEqual([]);
});

test('"Pod to show" follows a pod picked on the cluster after a pick by hand', async ({ page }) => {
  await open(page);
  await scrubTo(page, 30);
  const picker = page.getByLabel('Pod to show');
  const names = await picker.locator('option').allTextContents();
  expect(names.length).toBeGreaterThan(2);
  await picker.selectOption(names[2]);
  const card = (name) => page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name, exact: true });
  await card(names[0]).click();
  await expect(picker).toHaveValue(names[0]);
  await card(names[2]).click();
  await expect(picker).toHaveValue(names[2]);
  await expect(page.getByRole('region', { name: 'Describe pod' })).toContainText(new RegExp(`^Name:\\s+${names[2]}\\b`));
});

test('a pod whose init container is still running reads as pending, not as failing', async ({ page }) => {
  await open(page, `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
  - name: migrate
    image: example/migrate:1.0
  containers:
  - name: app
    image: example/web:1.0
---
kind: Behaviour
apps:
- container: migrate
  startup: 20s
`);
  await scrubTo(page, 5);
  const card = page.getByRole('article', { name: 'Pod web' });
  await expect(card).toContainText('Init:0/1');
  await expect(card).toHaveClass(/\bpending\b/);
});
