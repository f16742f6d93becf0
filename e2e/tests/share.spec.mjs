// Share links in the standalone playground, served from a sub-path as a
// project's GitHub Pages site is: the address follows the edits (without a
// history entry per keystroke), a link opens byte for byte in a fresh
// browser, a bad link fails soft, and the user's draft is never lost.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BEHAVIOUR, KUBERNETES, SCENARIO, SITE, openAt, sections, settled } from './fixtures.mjs';

const k8sEditor = (page) => page.getByRole('textbox', { name: 'Kubernetes YAML' });
const behaviourEditor = (page) => page.getByRole('textbox', { name: 'App behaviour' });

test('a link opens the same scenario, byte for byte, in a fresh browser', async ({ page, browser }) => {
  const errors = await openAt(page, SITE);
  const k8s = KUBERNETES.replace('  name: web\n', '  name: web\n  annotations:\n    note: "✅ & # ü"\n') + '\n\t# a tab\n';
  const behaviour = BEHAVIOUR + '# 日本語 ---\n\n';
  await k8sEditor(page).fill(k8s);
  await behaviourEditor(page).fill(behaviour);
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5_000 }).toMatch(/^#v1\.[A-Za-z0-9_-]+$/);
  const url = page.url();
  // Any zlib reader gets the editors' exact text out of the link.
  expect(sections(url)).toMatchObject({ k: k8s, b: behaviour });

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherErrors = await openAt(other, url);
  await expect(k8sEditor(other)).toHaveValue(k8s);
  await expect(behaviourEditor(other)).toHaveValue(behaviour);
  for (const p of [page, other]) {
    await p.getByLabel('Scrub simulated time').fill('120000');
  }
  const pods = (p) => p.getByRole('table', { name: 'Pods' }).innerText();
  expect(await pods(other)).toBe(await pods(page));
  await fresh.close();
  expect([...errors, ...otherErrors]).toEqual([]);
});

test('the address follows the edits with replaceState, never a history entry per keystroke', async ({ page }) => {
  await page.addInitScript(() => {
    window.historyCalls = { replaceState: 0, pushState: 0 };
    for (const name of ['replaceState', 'pushState']) {
      const original = history[name].bind(history);
      history[name] = (...args) => { window.historyCalls[name] += 1; return original(...args); };
    }
  });
  const errors = await openAt(page, SITE);
  const before = await page.evaluate(() => history.length);
  const editor = behaviourEditor(page);
  await editor.click();
  await page.keyboard.press('Control+End');
  const typed = '\n# ' + 'the address follows what is typed here, '.repeat(5).slice(0, 200);
  await page.keyboard.type(typed, { delay: 25 });
  await page.waitForTimeout(1_000);
  const calls = await page.evaluate(() => window.historyCalls);
  expect(calls.pushState).toBe(0);
  expect(calls.replaceState).toBeGreaterThan(0);
  expect(calls.replaceState).toBeLessThanOrEqual(30);
  expect(await page.evaluate(() => history.length)).toBe(before);
  expect(sections(page.url()).b).toBe(await editor.inputValue());

  // A lesson from the menu is a new entry: Back returns to the edited text.
  const edited = page.url();
  await page.getByLabel('Examples').selectOption({ label: 'A named port typo' });
  await expect(page).toHaveURL(/#g\/named-port-typo$/);
  await expect(k8sEditor(page)).toHaveValue(/http-metrics/);
  expect(await page.evaluate(() => window.historyCalls.pushState)).toBe(1);
  await page.goBack();
  await expect(page).toHaveURL(edited);
  await expect(editor).toHaveValue(/the address follows what is typed here/);
  expect(errors).toEqual([]);
});

test('a link pasted into the address bar opens', async ({ page }) => {
  await openAt(page, SITE + '#g/slow-start-readiness');
  await expect(k8sEditor(page)).toHaveValue(/hello-go/);
  await page.evaluate(() => { location.hash = '#g/named-port-typo'; });
  await expect(k8sEditor(page)).toHaveValue(/http-metrics/);
});

const bomb = readFileSync(new URL('../../tests/links/bomb-64mib.url', import.meta.url), 'utf8').trim();
const vector = readFileSync(new URL('../../tests/links/v1/stored-blocks.url', import.meta.url), 'utf8').trim();
const good = new URL(vector).hash;

for (const [name, fragment, reason] of [
  ['cut off', good.slice(0, -10), 'This link is cut off'],
  ['altered', good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41), 'This link has been altered'],
  ['from a newer version', '#v9.abc', 'made by a newer probe-playground (link format v9)'],
  ['with characters a link never has', '#v1.@@@', "it has '@' at character 1"],
  ['a decompression bomb', new URL(bomb).hash, 'larger than 256 KiB'],
  ['naming no lesson', '#g/no-such-lesson', 'There is no gallery lesson "no-such-lesson"'],
]) {
  test(`a link ${name} fails soft: an alert says why, the default scenario loads, the address stays`, async ({ page }) => {
    const url = SITE + fragment;
    const errors = await openAt(page, url);
    await expect(page.getByRole('alert')).toContainText(reason);
    await expect(page.getByRole('alert')).toContainText('The default scenario is shown instead.');
    await expect(k8sEditor(page)).toHaveValue(/hello-go/);
    await expect(page.locator('.clock .end')).toHaveText(/02:00/);
    expect(decodeURI(page.url())).toBe(decodeURI(new URL(url, page.url()).href));
    expect(errors).toEqual([]);
  });
}

test('every v1 vector opens to its text, on the version it was made on', async ({ page }) => {
  const dir = new URL('../../tests/links/v1/', import.meta.url);
  for (const name of ['unicode-tabs-separators', 'stored-blocks', 'unknown-section']) {
    const link = readFileSync(new URL(`${name}.url`, dir), 'utf8').trim();
    const k8s = readFileSync(new URL(`${name}.k8s.yaml`, dir), 'utf8');
    const behaviour = readFileSync(new URL(`${name}.behaviour.yaml`, dir), 'utf8');
    await openAt(page, SITE + '?x=' + name + new URL(link).hash);
    // These links were made before links recorded their Kubernetes version,
    // on 1.33: the behaviour opens naming it, so the run is what its author
    // saw whatever the default is now (`Content::behaviour_on_its_version`).
    const onItsVersion = behaviour.replace('simulation:', 'simulation:\n  kubernetes: "1.33"');
    // A textarea shows a CR LF as LF (HTML normalizes its newlines) ...
    await expect(k8sEditor(page)).toHaveValue(k8s.replace(/\r\n/g, '\n'));
    await expect(behaviourEditor(page)).toHaveValue(onItsVersion.replace(/\r\n/g, '\n'));
    // ... but the scenario keeps every other byte: the page's own link has them.
    await page.getByRole('button', { name: 'Share' }).click();
    const shared = sections(await page.getByRole('textbox', { name: 'Link' }).inputValue());
    expect(shared).toMatchObject({ k: k8s, b: onItsVersion });
  }
});

test('opening a link keeps the stored draft, and editing it keeps the draft it replaces', async ({ page }) => {
  await page.addInitScript((t) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('probe-playground.scenario', t);
      sessionStorage.setItem('seeded', '1');
    }
  }, SCENARIO);
  await openAt(page, SITE + '#g/named-port-typo');
  const draft = () => page.evaluate(() => localStorage.getItem('probe-playground.scenario'));
  await expect(page.getByRole('status').filter({ hasText: 'Your own draft is kept' })).toBeVisible();
  expect(await draft()).toBe(SCENARIO);

  await page.getByRole('button', { name: 'Back to my draft' }).click();
  await expect(k8sEditor(page)).toHaveValue(KUBERNETES);
  await page.goBack();
  await expect(k8sEditor(page)).toHaveValue(/http-metrics/);

  // An edit makes the link's text the draft; the one before is one click away.
  await behaviourEditor(page).fill('kind: Behaviour\nsimulation:\n  duration: 1m\n');
  await expect(page.getByRole('status').filter({ hasText: 'The draft you had before is kept' })).toBeVisible();
  await expect.poll(draft).toContain('http-metrics');
  expect(await page.evaluate(() => localStorage.getItem('probe-playground.previous-draft'))).toBe(SCENARIO);
  await page.getByRole('button', { name: 'Open the earlier draft' }).click();
  await expect(k8sEditor(page)).toHaveValue(KUBERNETES);
  await expect.poll(draft).toBe(SCENARIO);
  expect(await page.evaluate(() => localStorage.getItem('probe-playground.previous-draft'))).toContain('http-metrics');
});

test('the share menu copies the link, Markdown and the embed snippet, and downloads the scenario', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openAt(page, SITE + '#g/slow-start-readiness');
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  const link = dialog.getByRole('textbox', { name: 'Link' });
  await expect(link).toHaveValue(new URL(SITE + '#g/slow-start-readiness', page.url()).href);
  await expect(dialog.getByLabel('Link length')).toHaveText(/^\d+ characters$/);
  await dialog.getByRole('button', { name: 'Copy as Markdown' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText()))
    .toBe(`[Slow start behind readiness](${await link.inputValue()})`);

  // A title makes it a v1 link that carries the title.
  await dialog.getByRole('textbox', { name: 'Title' }).fill('My slow start');
  await expect(link).toHaveValue(/#v1\./);
  expect(sections(await link.inputValue()).t).toBe('My slow start');

  // The embed snippet follows the options.
  await dialog.getByRole('checkbox', { name: 'kubectl get pods' }).check();
  await dialog.getByRole('checkbox', { name: 'Cluster' }).uncheck();
  await dialog.getByRole('textbox', { name: 'Start at' }).fill('1:30');
  await dialog.getByRole('textbox', { name: 'Start at' }).press('Enter');
  const snippet = dialog.getByRole('textbox', { name: 'Embed snippet' });
  await expect(snippet).toHaveValue(/embed=1&amp;panes=timeline,pods,events&amp;t=1:30/);
  await expect(dialog.locator('iframe[title="Embed preview"]')).toHaveAttribute('src', /panes=timeline,pods,events&t=1:30/);
  await dialog.getByRole('button', { name: 'Copy embed snippet' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet.inputValue());

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download .yaml' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('my-slow-start.yaml');
  const text = readFileSync(await download.path(), 'utf8');
  expect(text).toBe(readFileSync(new URL('../../gallery/01-slow-start-readiness.yaml', import.meta.url), 'utf8'));
});

test('a link over 2,000 characters says it is too long for chat tools', async ({ page }) => {
  await openAt(page, SITE);
  // Text that does not compress: a link far over 2,000 characters.
  let noise = '';
  for (let i = 0; i < 400; i++) noise += `# ${(i * 7919 % 10007).toString(36)}${(i * 104729 % 1000003).toString(36)}\n`;
  await behaviourEditor(page).fill(BEHAVIOUR + noise);
  await settled(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByLabel('Link length')).toContainText('too long for some chat tools');
});

test('the site works from a sub-path, with or without its slash, and no fragment reaches the server', async ({ page }) => {
  const log = new URL('../test-results/requests.log', import.meta.url);
  const responses = [];
  page.on('response', (r) => responses.push([r.status(), r.url()]));
  const secret = new URL(vector).hash;
  await openAt(page, '/probe-playground' + secret);
  await expect(page).toHaveURL(new RegExp('/probe-playground/' + secret.replace(/[.]/g, '\\.') + '$'));
  await expect(k8sEditor(page)).toHaveValue(/name: web/);
  const assets = responses.filter(([, url]) => /\.(wasm|js|css)$/.test(url));
  expect(assets.length).toBeGreaterThanOrEqual(3);
  for (const [status, url] of assets) expect(status, url).toBe(200);
  expect(readFileSync(log, 'utf8')).not.toContain(secret.slice(4, 40));
});
