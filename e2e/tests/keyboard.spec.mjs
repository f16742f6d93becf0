// An editor that keyboard users can trust: Tab leaves unless indenting with
// it was chosen, a visible focus ring, undo and redo of every edit, a help
// dialog that keeps the focus, a stored text over the loader's limit that
// never blanks the page, and a big manifest that draws only what is seen.
import { test, expect } from '@playwright/test';
import { open, pasteFromClipboard, settled } from './fixtures.mjs';

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

test('a big manifest rests while its editor is not in use, and a click still puts the caret where it lands', async ({ page, context }) => {
  await open(page);
  const big = configMaps(4000, false);
  await pasteFromClipboard(page, context, 'Kubernetes YAML', big);
  const manifest = page.getByLabel('Kubernetes YAML');
  const resting = () => manifest.evaluate((ta) => getComputedStyle(ta).contentVisibility);
  // Typing in the behaviour: the manifest's text is not laid out again.
  await page.getByLabel('App behaviour').focus();
  await page.mouse.move(1270, 790);
  await expect.poll(resting).toBe('hidden');
  // Clicked on its 3rd line, 4 characters in: the caret is there.
  await page.locator('[data-doc="editor-kubernetes"] .editor-scroll').evaluate((el) => { el.scrollTop = 0; });
  const box = await page.locator('[data-doc="editor-kubernetes"] .code').boundingBox();
  const width = await page.locator('[data-doc="editor-kubernetes"] .measure').evaluate((m) => m.getBoundingClientRect().width / 10);
  await page.mouse.click(box.x + 10 + 4 * width + 1, box.y + 8 + 2 * 20 + 10);
  await expect(manifest).toBeFocused();
  expect(await resting()).toBe('visible');
  const lines = big.split('\n');
  expect(await manifest.evaluate((ta) => ta.selectionStart)).toBe(lines[0].length + lines[1].length + 2 + 4);
  // Away again and blurred, it rests; the text is whole.
  await page.getByLabel('App behaviour').focus();
  await page.mouse.move(1270, 790);
  await expect.poll(resting).toBe('hidden');
  await expect(manifest).toHaveValue(big);
  // Find in page (Ctrl+F) wakes it, so the browser's search finds its text.
  await page.keyboard.press('ControlOrMeta+f');
  await expect.poll(resting).toBe('visible');
});
