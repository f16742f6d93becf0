// An editor that keyboard users can trust: Tab leaves unless indenting with
// it was chosen, a visible focus ring, undo and redo of every edit, a help
// dialog that keeps the focus, a stored text over the loader's limit that
// never blanks the page, and a big manifest that draws only what is seen
// and is held a window of lines at a time.
import { test, expect } from '@playwright/test';
import { KUBERNETES, open, pasteFromClipboard, settled } from './fixtures.mjs';

const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);

test('Tab leaves the editor unless "Indent with Tab" is on, and the choice is visible', async ({ page }) => {
  await open(page);
  const editor = page.getByLabel('Kubernetes YAML');
  const before = await editor.inputValue();
  await editor.focus();
  await page.keyboard.press('Tab');
  expect(await editor.inputValue()).toBe(before);
  expect(await focused(page)).not.toBe('Kubernetes YAML');

  const toggle = page.getByRole('button', { name: 'Indent with Tab' }).first();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await editor.focus();
  await editor.evaluate((ta) => ta.setSelectionRange(0, 0));
  await page.keyboard.press('Tab');
  await expect(editor).toHaveValue(`  ${before}`);
  // Escape, then Tab, still leaves.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await focused(page)).not.toBe('Kubernetes YAML');
  // The choice is kept across a reload.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Indent with Tab' }).first()).toHaveAttribute('aria-pressed', 'true');
});

test('the focused editor shows a focus ring', async ({ page }) => {
  await open(page);
  const editor = page.getByLabel('App behaviour');
  const ring = () => editor.evaluate((ta) => {
    const box = ta.closest('section');
    const s = getComputedStyle(box.querySelector('.editor-scroll'));
    return s.outlineStyle !== 'none' && s.outlineWidth !== '0px';
  });
  expect(await ring()).toBe(false);
  await editor.focus();
  expect(await ring()).toBe(true);
});

test('undo and redo cover every edit, Enter and Tab included', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Indent with Tab' }).first().click();
  const editor = page.getByLabel('App behaviour');
  const original = await editor.inputValue();
  await editor.focus();
  await editor.evaluate((ta) => ta.setSelectionRange(ta.value.length, ta.value.length));
  await page.keyboard.type('x: 1');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('y');
  await expect(editor).toHaveValue(`${original}x: 1\n  y`);
  const undo = async () => page.keyboard.press('ControlOrMeta+z');
  await undo();
  await expect(editor).toHaveValue(`${original}x: 1\n  `);
  await undo();
  await expect(editor).toHaveValue(`${original}x: 1\n`);
  await undo();
  await expect(editor).toHaveValue(`${original}x: 1`);
  // Typing undoes as the browser groups it (a word or two at a time).
  for (let i = 0; i < 4 && (await editor.inputValue()) !== original; i++) await undo();
  await expect(editor).toHaveValue(original);
  const redo = async () => page.keyboard.press('ControlOrMeta+Shift+z');
  for (let i = 0; i < 4 && (await editor.inputValue()) !== `${original}x: 1`; i++) await redo();
  await expect(editor).toHaveValue(`${original}x: 1`);
  await redo();
  await expect(editor).toHaveValue(`${original}x: 1\n`);
  await redo();
  await expect(editor).toHaveValue(`${original}x: 1\n  `);
  await settled(page);
});

test('the shortcuts dialog keeps the focus until it is closed', async ({ page }) => {
  await open(page);
  await page.locator('body').click({ position: { x: 5, y: 790 } });
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await focused(page)).toBe('Keyboard shortcuts');
});

test('a stored text over the loader limit is not run on load: the page opens, and says why', async ({ page }) => {
  const huge = `# ${'x'.repeat(4.5 * 1024 * 1024)}\n`;
  const errors = await open(page, huge);
  await expect(page.getByRole('alert')).toContainText('over the 4 MiB the loader reads');
  await expect(page.getByLabel('Kubernetes YAML')).not.toHaveValue(/x{1000}/);
  // Kept in storage, untouched, until the user replaces it.
  expect(await page.evaluate(() => localStorage.getItem('probe-playground.scenario').length)).toBe(huge.length);
  expect(errors).toEqual([]);
});

/** `n` ConfigMaps as one stream, each with a data key or not. */
const configMaps = (n, data) => Array.from({ length: n }, (_, i) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\n${data ? `data:\n  key: "value ${i}"\n` : ''}`).join('---\n');

test('a big manifest draws only the lines in view', async ({ page, context }) => {
  await open(page);
  const big = configMaps(4000, true);
  // Pasted, as a person would (typing it would take hours).
  await pasteFromClipboard(page, context, 'Kubernetes YAML', big);
  const pane = page.locator('[data-doc="editor-kubernetes"]');
  const lines = big.split('\n').length;
  expect(lines).toBeGreaterThan(20000);
  const drawn = await pane.locator('.ln').count();
  expect(drawn).toBeLessThan(200);
  // Scrolled to the end, the last lines are drawn, with their numbers.
  await pane.locator('.editor-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(pane.locator('.ln', { hasText: String(lines - 1) })).toHaveCount(1);
  await expect(pane.getByText('config-3999')).toBeVisible();
});

test('after a big paste the caret is in view, at the end of what was pasted, as in a textarea', async ({ page, context }) => {
  await open(page);
  const big = configMaps(4000, false);
  await pasteFromClipboard(page, context, 'Kubernetes YAML', big);
  const lines = big.split('\n').length;
  const pane = page.locator('[data-doc="editor-kubernetes"]');
  await expect(pane.locator('.ln', { hasText: new RegExp(`^${lines}$`) })).toBeInViewport();
  // Typing goes where it is seen.
  await page.keyboard.type('# the end');
  await expect(pane.getByText('# the end')).toBeInViewport();
});

test('a big manifest is parsed in a worker, the page loads only what it simulates, and the worker goes once the text is small again', async ({ page, context }) => {
  // The worker's answers, as the page receives them: `[dropped, kept]`
  // (the triage) or `[]` (load it whole, which gives the same run).
  await page.addInitScript(() => {
    const Started = window.Worker;
    window.workerAnswers = [];
    window.Worker = class extends Started {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => window.workerAnswers.push(Array.isArray(e.data) ? e.data.length : e.data));
      }
    };
  });
  await open(page);
  expect(page.workers()).toHaveLength(0);
  // 6,000 ConfigMaps (over 256 KiB) around the Deployment and its Service.
  const big = `${configMaps(3000, true)}---\n${KUBERNETES}\n---\n${configMaps(3000, true)}`;
  expect(big.length).toBeGreaterThan(256 * 1024);
  await pasteFromClipboard(page, context, 'Kubernetes YAML', big);
  await expect.poll(() => page.workers().length).toBe(1);
  // Its script is named by its content, as every file of a build: a new build is never a stale cache's.
  expect(page.workers()[0].url()).toMatch(/\/load-worker-start-[0-9a-f]{16}\.js$/);
  // The run is the whole text's: its pods, and the one note for the kind it does not simulate.
  await expect(page.locator('.pod-card')).toHaveCount(3);
  await expect(page.getByText('kind ConfigMap is not simulated (6000 objects)')).toBeVisible();
  // The worker read the question and triaged the text: the page did not load it whole.
  expect(await page.evaluate(() => window.workerAnswers)).toEqual(['ready', 2]);
  // A syntax error is the whole text's to report, and its undo runs again.
  await page.getByLabel('Kubernetes YAML').evaluate((ta) => ta.setSelectionRange(0, 0));
  await page.getByLabel('Kubernetes YAML').focus();
  await page.keyboard.type('x: [');
  await settled(page);
  await expect(page.getByText('The scenario has errors: the last valid simulation keeps playing.')).toBeVisible();
  await page.keyboard.press('ControlOrMeta+z');
  await settled(page);
  await expect(page.locator('.pod-card')).toHaveCount(3);
  // A small text again: the worker is ended, and its memory with it.
  await page.getByRole('button', { name: 'New scenario', exact: true }).click();
  await settled(page);
  await expect.poll(() => page.workers().length).toBe(0);
});

/** The editor's whole text, as select all and copy give it. */
async function wholeText(page, label) {
  await page.getByLabel(label).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+c');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Clicks character `col` (0-based) of the line drawn as line number `n`. */
async function clickLine(page, doc, n, col) {
  const pane = page.locator(`[data-doc="${doc}"]`);
  const row = await pane.locator('.ln', { hasText: new RegExp(`^${n}$`) }).boundingBox();
  const code = await pane.locator('.code').boundingBox();
  const width = await pane.locator('.measure').evaluate((m) => m.getBoundingClientRect().width / 10);
  await page.mouse.click(code.x + 10 + col * width + 1, row.y + row.height / 2);
}

test('a big manifest is held a window at a time: a click far down puts the caret where it lands, and typing lands there', async ({ page, context }) => {
  await open(page);
  const big = configMaps(4000, false);
  await pasteFromClipboard(page, context, 'Kubernetes YAML', big);
  const manifest = page.getByLabel('Kubernetes YAML');
  const lines = big.split('\n');
  // The textarea holds a few hundred lines, not the 20,000.
  const held = (await manifest.inputValue()).split('\n').length;
  expect(held).toBeLessThan(1000);
  // Scrolled two thirds down, line 14000 clicked 6 characters in.
  const scroll = page.locator('[data-doc="editor-kubernetes"] .editor-scroll');
  await scroll.evaluate((el) => { el.scrollTop = 13_990 * 20; });
  await expect(page.locator('[data-doc="editor-kubernetes"] .ln', { hasText: /^14000$/ })).toHaveCount(1);
  await clickLine(page, 'editor-kubernetes', 14000, 6);
  await expect(manifest).toBeFocused();
  await page.keyboard.type('X');
  await settled(page);
  const expected = [...lines];
  expected[13999] = `${lines[13999].slice(0, 6)}X${lines[13999].slice(6)}`;
  await expect(page.locator('[data-doc="editor-kubernetes"] .code-hl')).toContainText(expected[13999]);
  expect(await wholeText(page, 'Kubernetes YAML')).toBe(expected.join('\n'));
});

test('in a big manifest, select all, copy, cut, undo and redo cover the whole text, and a key brings a caret scrolled away back', async ({ page, context }) => {
  await open(page);
  const big = configMaps(4000, false);
  await pasteFromClipboard(page, context, 'Kubernetes YAML', big);
  const manifest = page.getByLabel('Kubernetes YAML');
  expect(await wholeText(page, 'Kubernetes YAML')).toBe(big);
  // Cut: the editor is empty, the clipboard has it all.
  await page.keyboard.press('ControlOrMeta+x');
  await expect(manifest).toHaveValue('');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(big);
  // Undo brings it back; redo cuts it again; undo once more.
  await page.keyboard.press('ControlOrMeta+z');
  expect(await wholeText(page, 'Kubernetes YAML')).toBe(big);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(manifest).toHaveValue('');
  await page.keyboard.press('ControlOrMeta+z');
  // The caret on line 3, then the text scrolled to its end with the wheel:
  // a key types at the caret, scrolled back into view.
  await page.keyboard.press('ControlOrMeta+Home');
  await clickLine(page, 'editor-kubernetes', 3, 2);
  const scroll = page.locator('[data-doc="editor-kubernetes"] .editor-scroll');
  await scroll.hover();
  for (let i = 0; i < 40 && await scroll.evaluate((el) => el.scrollTop < el.scrollHeight - el.clientHeight - 1); i++) {
    await page.mouse.wheel(0, 20_000);
  }
  await expect(page.locator('[data-doc="editor-kubernetes"] .ln', { hasText: /^3$/ })).toHaveCount(0);
  await page.keyboard.type('Y');
  await expect(page.locator('[data-doc="editor-kubernetes"] .ln', { hasText: /^3$/ })).toBeVisible();
  const lines = big.split('\n');
  lines[2] = `${lines[2].slice(0, 2)}Y${lines[2].slice(2)}`;
  expect(await wholeText(page, 'Kubernetes YAML')).toBe(lines.join('\n'));
});

test('find (Ctrl+F) in a big manifest searches its whole text from the caret, and Escape leaves the match selected', async ({ page, context }) => {
  await open(page);
  const big = configMaps(4000, false);
  await pasteFromClipboard(page, context, 'Kubernetes YAML', big);
  const manifest = page.getByLabel('Kubernetes YAML');
  await manifest.focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ControlOrMeta+f');
  const find = page.getByLabel('Find in Kubernetes YAML');
  await expect(find).toBeFocused();
  const status = page.locator('[data-doc="editor-kubernetes"] .find-status');
  // config-399 and config-3990 to config-3999, far past the lines the textarea holds.
  await find.fill('config-399');
  await expect(status).toHaveText('1 of 11');
  await expect(page.locator('[data-doc="editor-kubernetes"] .code-hl')).toContainText('name: config-399\n');
  await find.press('Enter');
  await expect(status).toHaveText('2 of 11');
  await find.press('Shift+Enter');
  await find.press('Shift+Enter');
  await expect(status).toHaveText('11 of 11');
  await expect(page.locator('[data-doc="editor-kubernetes"] .code-hl')).toContainText('name: config-3999');
  await find.fill('no such text');
  await expect(status).toHaveText('No matches');
  await find.fill('config-3999');
  await expect(status).toHaveText('1 of 1');
  // Escape: back in the text, the match selected; typing replaces it.
  await find.press('Escape');
  await expect(find).toHaveCount(0);
  await expect(manifest).toBeFocused();
  await page.keyboard.type('renamed');
  expect(await wholeText(page, 'Kubernetes YAML')).toBe(big.replace('name: config-3999', 'name: renamed'));
});
