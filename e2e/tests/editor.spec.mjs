import { test, expect } from '@playwright/test';
import { open, settled } from './fixtures.mjs';

test('a typo shows a diagnostic at its line; the last valid run keeps playing', async ({ page }) => {
  const errors = await open(page);
  const editor = page.getByLabel('Kubernetes YAML');
  await expect(editor).toBeVisible();
  await expect(page.getByText('No problems')).toBeVisible();

  // Caret at the end of line 26 (`failureThreshold: 3`), then type a new line with a typo.
  await editor.click();
  await editor.evaluate((ta) => {
    const lines = ta.value.split('\n');
    const end = lines.slice(0, 26).join('\n').length;
    ta.setSelectionRange(end, end);
  });
  await page.keyboard.press('Enter');
  await page.keyboard.type('periodSecond: 7');
  await settled(page);
  const text = await editor.inputValue();
  expect(text.split('\n')[26]).toBe('          periodSecond: 7');

  // Gutter mark, underline and list entry, all at line 27.
  const pane = page.locator('[data-doc="editor-kubernetes"]');
  const mark = pane.locator('.ln.marked.error');
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveText('27');
  await expect(mark).toHaveAttribute('title', /unknown field "periodSecond".*periodSeconds/);
  await expect(pane.locator('.squiggle.error')).toHaveText('periodSecond');
  const item = page.locator('#diagnostics .diagnostic.error');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Kubernetes YAML 27:11');
  await expect(item).toContainText('did you mean `periodSeconds`?');
  await expect(page.getByRole('status').filter({ hasText: 'showing the last valid run' })).toBeVisible();
  await expect(page.locator('.pod-card')).toHaveCount(3);

  // A click on the list entry puts the caret on that line.
  await editor.evaluate((ta) => ta.setSelectionRange(0, 0));
  await item.getByRole('button').click();
  const caretLine = await editor.evaluate((ta) => ta.value.slice(0, ta.selectionStart).split('\n').length);
  expect(caretLine).toBe(27);

  // Hovering the underlined word shows the message.
  const squiggle = await pane.locator('.squiggle.error').boundingBox();
  await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
  await expect(page.getByRole('tooltip')).toContainText('unknown field "periodSecond"');
  await page.screenshot({ path: 'test-results/editor-diagnostic.png' });

  await page.mouse.move(0, 0);
  await editor.focus();
  // Fixing the typo clears the diagnostics and re-simulates.
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('          timeoutSeconds: 2');
  await settled(page);
  await expect(page.locator('#diagnostics .diagnostic')).toHaveCount(0);
  await expect(page.getByText('No problems')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Tab indents with spaces (once chosen), and the text survives a reload', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Indent with Tab' }).first().click();
  const editor = page.getByLabel('App behaviour');
  await editor.click();
  await editor.evaluate((ta) => ta.setSelectionRange(0, 0));
  await page.keyboard.press('Tab');
  let text = await editor.inputValue();
  expect(text.startsWith('  kind: Behaviour')).toBe(true);
  await page.keyboard.press('Shift+Tab');
  text = await editor.inputValue();
  expect(text.startsWith('kind: Behaviour')).toBe(true);
  // Escape, then Tab, leaves the editor without touching the text.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await editor.evaluate((ta) => document.activeElement === ta)).toBe(false);
  expect(await editor.inputValue()).toBe(text);

  await editor.focus();
  await editor.evaluate((ta) => ta.setSelectionRange(ta.value.length, ta.value.length));
  await page.keyboard.type('# kept across reloads');
  await settled(page);
  await page.reload();
  await expect(page.getByLabel('App behaviour')).toHaveValue(/# kept across reloads/);
  // Text from the YAML is shown as text, never parsed as HTML.
  await page.getByLabel('App behaviour').evaluate((ta) => ta.setSelectionRange(ta.value.length, ta.value.length));
  await page.getByLabel('App behaviour').focus();
  await page.keyboard.type(' <img src=x onerror="window.pwned=1">');
  await settled(page);
  await expect(page.locator('.code-hl img')).toHaveCount(0);
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
});
