// Embeds (?embed=1) and embed.js on a docs page of another origin: only the
// panes asked for, click to load, control by postMessage, theme and start
// time from the query, no storage, and a frame sized to its content.
import { test, expect } from '@playwright/test';
import { SCENARIO, SITE, openAt } from './fixtures.mjs';

const LESSON = '#g/slow-start-readiness';
// Each pane of ?panes= and how a person finds it on the page.
const PANES = {
  k8s: (p) => p.getByRole('textbox', { name: 'Kubernetes YAML' }),
  app: (p) => p.getByRole('textbox', { name: 'App behaviour' }),
  cluster: (p) => p.getByRole('region', { name: 'Cluster' }),
  timeline: (p) => p.getByRole('region', { name: 'Timeline' }),
  pods: (p) => p.getByRole('table', { name: 'Pods' }),
  events: (p) => p.getByRole('log', { name: 'Events' }),
  describe: (p) => p.getByRole('region', { name: 'Describe pod' }),
  traffic: (p) => p.getByRole('region', { name: /Traffic/ }),
  log: (p) => p.getByRole('log', { name: 'App log' }),
};
const HOST = `http://localhost:${process.env.PORT ?? 8082}/host/`;
// The two wasm files of a build, named with their content's hash.
const EMBED_WASM = /\/embed-app-[0-9a-f]{16}_bg\.wasm$/;
const PAGE_WASM = /\/probe-playground-[0-9a-f]{16}_bg\.wasm$/;

for (const panes of ['timeline,pods', 'k8s,events,describe', 'cluster,traffic,log,app']) {
  test(`an embed with panes=${panes} shows exactly those panes`, async ({ page }) => {
    const errors = await openAt(page, `${SITE}?embed=1&panes=${panes}&readonly=1${LESSON}`);
    const wanted = panes.split(',');
    for (const [name, find] of Object.entries(PANES)) {
      await expect(find(page), name).toHaveCount(wanted.includes(name) ? 1 : 0);
    }
    await expect(page.getByRole('banner')).toHaveCount(0);
    await expect(page.getByLabel('Examples')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Share' })).toHaveCount(0);
    const open = page.getByRole('link', { name: 'Open in probe-playground' });
    const href = new URL(await open.getAttribute('href'));
    expect(href.hash).toBe(LESSON);
    expect(href.searchParams.has('embed')).toBe(false);
    expect(href.pathname).toBe(SITE);
    expect(errors).toEqual([]);
  });
}

test('an embed\'s editors are read-only by default: typing changes nothing', async ({ page }) => {
  await openAt(page, `${SITE}?embed=1&panes=k8s,pods${LESSON}`);
  const editor = PANES.k8s(page);
  const before = await editor.inputValue();
  await editor.click();
  await page.keyboard.type('replicas: 9\n');
  await page.keyboard.press('Tab');
  await expect(editor).toHaveValue(before);
  expect(page.url()).toContain(LESSON);
});

test('an editable embed never touches the standalone draft', async ({ page }) => {
  await openAt(page, SITE);
  await page.evaluate((t) => localStorage.setItem('probe-playground.scenario', t), SCENARIO);
  await openAt(page, `${SITE}?embed=1&readonly=0&panes=k8s,app,pods${LESSON}`);
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  await PANES.app(page).fill('kind: Behaviour\nsimulation:\n  duration: 1m\n');
  await expect(page.locator('.clock .end')).toHaveText(/01:00/);
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => localStorage.getItem('probe-playground.scenario'))).toBe(SCENARIO);
  expect(await page.evaluate(() => Object.keys(localStorage).sort())).toEqual(keys);
  expect(page.url()).toContain(LESSON);
});

test('theme and t parameters: dark on a light system, auto follows the system, opens paused at t', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await openAt(page, `${SITE}?embed=1&theme=dark&t=2:30&autoplay=0#g/wrong-liveness-path`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const [r, g, b] = (await background()).match(/\d+/g).map(Number);
  expect((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255).toBeLessThan(0.2);
  await expect(page.locator('.app')).toHaveAttribute('data-t', '150000');
  await expect(page.locator('.app')).toHaveAttribute('data-playing', 'false');
  // The scrubber's thumb is at t too, though the range had no end before the run.
  await expect(page.getByRole('slider', { name: 'Scrub simulated time' })).toHaveValue('150000');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await openAt(page, `${SITE}?embed=1&theme=auto#g/wrong-liveness-path`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await context.close();
});

/** The messages the embed posted to the host page. */
const received = (page) => page.evaluate(() => window.received.map((m) => m.data));

test('the snippet on a docs page loads nothing before the click, then exactly one wasm, and takes orders', async ({ page }) => {
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => { errors.push('dialog: ' + d.message()); d.dismiss(); });
  await page.goto(HOST + 'snippet.html');
  const run = page.getByRole('button', { name: /Run simulation/ });
  await expect(run).toBeVisible();
  // The title is text: the <img> in data-title made no element.
  await expect(page.getByText('Slow start <img src=x onerror=alert(1)>')).toBeVisible();
  await expect(page.locator('.probe-playground img')).toHaveCount(0);
  await page.waitForTimeout(1_000);
  expect(wasm).toEqual([]);
  expect(page.frames()).toHaveLength(1);

  await run.focus();
  await page.keyboard.press('Enter');
  const frame = page.frameLocator('iframe[title^="Slow start"]');
  await expect.poll(async () => (await received(page)).some((m) => m.type === 'ready'), { timeout: 10_000 }).toBe(true);
  // The embed's own wasm, not the playground's with its editors and menus.
  expect(wasm).toEqual([expect.stringMatching(EMBED_WASM)]);
  const ready = (await received(page)).find((m) => m.type === 'ready');
  expect(ready).toMatchObject({ source: 'probe-playground', v: 1, linkVersion: 1, title: 'Slow start behind readiness' });
  // It autoplays after the click.
  await expect.poll(async () => (await received(page)).some((m) => m.type === 'time' && m.playing)).toBe(true);

  // pause then seek: the pods pane reads as with ?t=. (Seeking first would
  // let a frame of playback pass between the two messages, moving past 95.)
  await page.evaluate(() => {
    const target = document.querySelector('iframe').contentWindow;
    target.postMessage({ source: 'probe-playground-host', v: 1, type: 'pause' }, '*');
    target.postMessage({ source: 'probe-playground-host', v: 1, type: 'seek', t: 95 }, '*');
  });
  await expect.poll(async () => (await received(page)).some((m) => m.type === 'time' && !m.playing && m.t === 95))
    .toBe(true);
  await expect(frame.locator('.app')).toHaveAttribute('data-t', '95000');
  const viaMessages = await frame.getByRole('table', { name: 'Pods' }).innerText();
  const direct = await page.context().newPage();
  await openAt(direct, `${SITE}?embed=1&panes=pods&t=95${LESSON}`);
  expect(viaMessages).toBe(await direct.getByRole('table', { name: 'Pods' }).innerText());

  // theme by message, without a reload.
  await page.evaluate(() => document.querySelector('iframe').contentWindow
    .postMessage({ source: 'probe-playground-host', v: 1, type: 'theme', theme: 'dark' }, '*'));
  await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');

  // getLink is answered to this page's origin only; nothing carrying the scenario went to "*".
  await page.evaluate(() => document.querySelector('iframe').contentWindow
    .postMessage({ source: 'probe-playground-host', v: 1, type: 'getLink' }, '*'));
  await expect.poll(async () => (await received(page)).find((m) => m.type === 'link')?.url).toMatch(/#g\/slow-start-readiness$/);
  expect(errors).toEqual([]);
});

test('in an embed, a pod picked on the cluster is the one described, and its Copy gives kubectl\'s text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openAt(page, `${SITE}?embed=1&panes=cluster,describe&t=1:40&autoplay=0#g/wrong-liveness-path`);
  const describe = PANES.describe(page);
  const cards = page.getByRole('button', { name: /^hello-express-/ });
  await expect(cards).toHaveCount(3);
  const second = await cards.nth(1).innerText();
  await cards.nth(1).click();
  await expect(page.getByLabel('Pod to show')).toHaveValue(second);
  await expect(describe).toContainText(`Name:             ${second}`);
  // Picked in the picker, then elsewhere, then again on the cluster: the picker follows.
  const third = await cards.nth(2).innerText();
  await page.getByLabel('Pod to show').selectOption(third);
  await cards.nth(0).click();
  await cards.nth(2).click();
  await expect(page.getByLabel('Pod to show')).toHaveValue(third);
  await expect(describe).toContainText(`Name:             ${third}`);
  await cards.nth(1).click();
  await page.getByRole('button', { name: 'Copy kubectl describe pod' }).click();
  await expect(page.getByRole('button', { name: 'Copy kubectl describe pod' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await describe.innerText());
});

test('while an embed plays, its events follow their newest line and describe stays where the reader is', async ({ page }) => {
  await openAt(page, `${SITE}?embed=1&panes=describe,events&autoplay=1&speed=10#g/wrong-liveness-path`);
  await expect.poll(async () => Number(await page.locator('.app').getAttribute('data-t')), { timeout: 10_000 }).toBeGreaterThan(60_000);
  const scroll = (locator) => locator.evaluate((el) => ({ top: el.scrollTop, bottom: el.scrollHeight - el.clientHeight }));
  const events = await scroll(PANES.events(page));
  expect(events.bottom).toBeGreaterThan(0);
  expect(events.top).toBeGreaterThanOrEqual(events.bottom - 4);
  const describe = await scroll(PANES.describe(page));
  expect(describe.bottom).toBeGreaterThan(0);
  expect(describe.top).toBe(0);
});

test('an embed opens a fragment its host page sets, and never the standalone draft', async ({ page }) => {
  await openAt(page, SITE);
  await page.evaluate((t) => localStorage.setItem('probe-playground.scenario', t), SCENARIO);
  await openAt(page, `${SITE}?embed=1&panes=pods${LESSON}`);
  await expect(PANES.pods(page)).toContainText('hello-go');
  await page.evaluate(() => { location.hash = '#g/wrong-liveness-path'; });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wrong path: liveness probe gets 404');
  await expect(PANES.pods(page)).toContainText('hello-express');
  expect(await page.evaluate(() => localStorage.getItem('probe-playground.scenario'))).toBe(SCENARIO);
});

test('load by postMessage runs the host\'s own scenario, titled as it says', async ({ page }) => {
  await page.goto(HOST + 'snippet.html');
  await page.getByRole('button', { name: /Run simulation/ }).click();
  await expect.poll(async () => (await received(page)).some((m) => m.type === 'ready'), { timeout: 10_000 }).toBe(true);
  const frame = page.frameLocator('iframe[title^="Slow start"]');
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage({
    source: 'probe-playground-host', v: 1, type: 'load', title: 'From the host <b>page</b>',
    k8s: 'apiVersion: v1\nkind: Pod\nmetadata: {name: from-host}\nspec:\n  containers:\n  - {name: app, image: example/app:1}\n',
    behaviour: 'kind: Behaviour\nsimulation:\n  duration: 1m\n',
  }, '*'));
  await expect(frame.getByRole('heading', { name: 'From the host <b>page</b>' })).toBeVisible();
  await expect(frame.getByRole('table', { name: 'Pods' })).toContainText('from-host');
  await expect(frame.locator('.clock .end')).toHaveText(/01:00/);
});

test('messages from a sibling frame are ignored', async ({ page }) => {
  await page.goto(HOST + 'snippet.html');
  await page.getByRole('button', { name: /Run simulation/ }).click();
  await expect.poll(async () => (await received(page)).some((m) => m.type === 'ready'), { timeout: 10_000 }).toBe(true);
  const frame = page.frameLocator('iframe[title^="Slow start"]');
  await page.evaluate(() => document.querySelector('iframe').contentWindow
    .postMessage({ source: 'probe-playground-host', v: 1, type: 'pause' }, '*'));
  await expect(frame.locator('.app')).toHaveAttribute('data-playing', 'false');
  // A sibling iframe on the same page sends orders: the embed does not follow them.
  await page.evaluate(() => {
    const sibling = document.createElement('iframe');
    sibling.srcdoc = '<script>parent.frames[0].postMessage({source:"probe-playground-host",v:1,type:"play"},"*")<\/script>';
    document.body.appendChild(sibling);
  });
  await page.waitForTimeout(1_000);
  await expect(frame.locator('.app')).toHaveAttribute('data-playing', 'false');
});

test('a poster holds the height its frame will have: the docs page does not move on Run', async ({ page }) => {
  await page.goto(HOST + 'snippet.html');
  const embed = page.locator('.probe-playground');
  const run = page.getByRole('button', { name: /Run simulation/ });
  await expect(run).toBeVisible();
  const before = await embed.evaluate((e) => e.getBoundingClientRect().height);
  await run.click();
  await expect(page.locator('iframe')).toBeVisible();
  const after = await embed.evaluate((e) => e.getBoundingClientRect().height);
  // data-height="450": the frame's 450 px and its border.
  expect(after).toBe(452);
  expect(before).toBe(after);
});

test('autoresize sizes the iframe to its content', async ({ page }) => {
  await page.goto(HOST + 'auto-height.html');
  await page.getByRole('button', { name: /Run simulation/ }).click();
  const iframe = page.locator('iframe');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByRole('table', { name: 'Pods' })).toBeVisible({ timeout: 10_000 });
  await expect.poll(async () => {
    const outer = await iframe.evaluate((f) => f.getBoundingClientRect().height - f.clientTop * 2);
    const inner = await frame.locator('html').evaluate((h) => h.scrollHeight);
    return Math.abs(outer - inner);
  }).toBeLessThanOrEqual(2);
});

test('<probe-playground> builds its link from the page\'s code blocks on click', async ({ page }) => {
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto(HOST + 'inline-source.html');
  const code = await page.locator('code[data-pp="behaviour"]').textContent();
  await page.waitForTimeout(500);
  expect(wasm).toEqual([]);
  await page.getByRole('button', { name: /Run simulation/ }).click();
  const frame = page.frameLocator('iframe');
  await expect(frame.getByRole('textbox', { name: 'App behaviour' })).toHaveValue(code, { timeout: 10_000 });
  await expect(frame.getByRole('log', { name: 'Events' })).toBeVisible();
  expect(wasm).toHaveLength(1);
});

test('embed.html is a poster without wasm, and Run opens the playground in place', async ({ page }) => {
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto(`${SITE}embed.html?embed=1&panes=pods&title=Named%20port%20typo#g/named-port-typo`);
  await expect(page.getByText('Named port typo')).toBeVisible();
  await page.waitForTimeout(500);
  expect(wasm).toEqual([]);
  await page.getByRole('button', { name: /Run simulation/ }).click();
  await expect(page.getByRole('table', { name: 'Pods' })).toBeVisible({ timeout: 10_000 });
  expect(new URL(page.url()).hash).toBe('#g/named-port-typo');
  expect(new URL(page.url()).searchParams.get('autoplay')).toBe('1');
});

test('the playground fetches its own wasm and an embed only the embed\'s, whatever the order of embed= values', async ({ page }) => {
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await openAt(page, `${SITE}${LESSON}`);
  await expect(page.getByRole('textbox', { name: 'Kubernetes YAML' })).toBeVisible();
  expect(wasm).toEqual([expect.stringMatching(PAGE_WASM)]);
  // As the app reads its query: the last valid value wins.
  for (const [query, file] of [['?embed=1', EMBED_WASM], ['?embed=1&embed=0', PAGE_WASM], ['?embed=0&embed=x&embed=true', EMBED_WASM]]) {
    wasm.length = 0;
    await openAt(page, `${SITE}${query}${LESSON}`);
    expect(wasm, query).toEqual([expect.stringMatching(file)]);
    await expect(page.getByRole('link', { name: 'Open in probe-playground' }), query).toHaveCount(file === EMBED_WASM ? 1 : 0);
  }
});
