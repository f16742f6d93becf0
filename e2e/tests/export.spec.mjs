// Export what you see: the timeline as SVG from the page (drawn by the
// same native renderer as `simulate --view timeline --format svg`), and the
// kubectl panes' text one click from the clipboard.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { open, scrubTo } from './fixtures.mjs';

test('the timeline exports as an SVG file with every pod lane', async ({ page }) => {
  await open(page);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    timeline.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.svg$/);
  const svg = readFileSync(await download.path(), 'utf8');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const pods = await timeline.getByRole('group', { name: /^Pod web-/ }).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label').slice(4)));
  expect(pods.length).toBe(3);
  for (const pod of pods) expect(svg).toContain(`>${pod}</text>`);
});

test('the timeline exports as a PNG of the SVG drawn at twice its size', async ({ page }) => {
  await open(page);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  const save = async (name) => {
    const [download] = await Promise.all([page.waitForEvent('download'), timeline.getByRole('button', { name }).click()]);
    return { file: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  };
  const svg = (await save('Export SVG')).bytes.toString('utf8');
  const [, width, height] = svg.match(/^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/);
  const png = await save('Export PNG');
  expect(png.file).toBe('timeline.png');
  // The PNG signature, then the IHDR chunk with the width and height.
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.toString('latin1', 12, 16)).toBe('IHDR');
  expect(Number(width)).toBe(1010);
  expect(png.bytes.readUInt32BE(16)).toBe(2020);
  expect(png.bytes.readUInt32BE(20)).toBe(Math.round(Number(height) * 2));
});

test('each kubectl pane copies its text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await scrubTo(page, 150);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole('button', { name: 'Copy kubectl get events -w' }).click();
  const events = await clipboard();
  expect(events).toContain('Container app failed liveness probe, will be restarted');
  // What is copied is what the pane shows, line for line, each line ended.
  expect(events).toMatch(/^TIME\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n(.+\n)+$/);
  const shown = await page.getByRole('log', { name: 'Events' }).innerText();
  expect(shown.trimEnd().split('\n')).toEqual(events.trimEnd().split('\n'));
  await page.getByRole('button', { name: 'Copy kubectl get pods -w' }).click();
  expect(await clipboard()).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
  await page.getByRole('button', { name: 'Copy kubectl describe pod' }).click();
  expect(await clipboard()).toMatch(/^Name:\s+web-/);
});
