// A scenario with a known story, loaded through localStorage so the tests do
// not depend on the gallery's default: replica 1 fails /healthz from 90 s of
// uptime, so the kubelet kills it at about 01:45 and the restart count rises.
import { expect } from '@playwright/test';
import { inflateSync } from 'node:zlib';

export const KUBERNETES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: app
        image: example/web:1.0
        ports:
        - containerPort: 8080
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
          initialDelaySeconds: 10
          periodSeconds: 5
          failureThreshold: 3
        readinessProbe:
          httpGet:
            path: /ready
            port: 8080
          periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080`;

export const BEHAVIOUR = `kind: Behaviour
simulation:
  duration: 10m
apps:
- container: app
  startup: 5s
- container: app
  replicas: [1]
  http:
  - path: /healthz
    after: 90s
    status: 500
traffic:
- service: web
  rps: 20
`;

export const SCENARIO = `${KUBERNETES}\n---\n${BEHAVIOUR}`;

/** Opens the playground with `text` as the stored scenario (first load only). */
export async function open(page, text = SCENARIO) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript((t) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('probe-playground.scenario', t);
      sessionStorage.setItem('seeded', '1');
    }
  }, text);
  await page.goto('/');
  await expect(page.locator('.app')).toHaveAttribute('data-runs', /[1-9]/);
  return errors;
}

/** Waits until the text on screen has been loaded (and simulated, if valid). */
export async function settled(page) {
  await expect.poll(async () => {
    const app = page.locator('.app');
    // A big paste lands a task after its key (the editor is aria-busy until then).
    if (await page.locator('textarea[aria-busy="true"]').count() > 0) return false;
    return (await app.getAttribute('data-edits')) === (await app.getAttribute('data-checked'));
  }).toBe(true);
}

/** Replaces the whole text of an editor as a paste does (one input event), and waits for its run. */
export async function pasteOver(page, label, text) {
  await page.getByLabel(label).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
  await settled(page);
}

/** Pastes `text` from the clipboard over an editor's whole text (Ctrl+A, Ctrl+V), as a person would, and waits for its run. */
export async function pasteFromClipboard(page, context, label, text) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.getByLabel(label).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+v');
  await settled(page);
}

/** Moves the scrubber to `seconds` of simulated time. */
export async function scrubTo(page, seconds) {
  await page.getByLabel('Scrub simulated time').fill(String(seconds * 1000));
  await expect(page.locator('.app')).toHaveAttribute('data-t', String(seconds * 1000));
}

/**
 * Runs `body(page, look)` in a fresh browser context for each look the
 * screenshots are taken in: 1280x800 and 390x844, light and dark. `look.name`
 * is e.g. `wide-1280x800-dark`; `look.fullPage` is set on the narrow screen,
 * where a screenshot takes the whole page.
 */
export async function eachLook(browser, body) {
  for (const [size, viewport] of [['wide-1280x800', { width: 1280, height: 800 }], ['narrow-390x844', { width: 390, height: 844 }]]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport, colorScheme: scheme });
      try {
        await body(await context.newPage(), { name: `${size}-${scheme}`, fullPage: size.startsWith('narrow') });
      } finally {
        await context.close();
      }
    }
  }
}

/** How far the page reaches past the viewport's right edge (0 or less: nothing overflows). */
export function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

// ---------- Share links and embeds ----------

/** Where the end-to-end server puts the site, as a project's Pages site is served. */
export const SITE = '/probe-playground/';

/** Opens `url` and waits for its first simulation; collects page errors. */
export async function openAt(page, url) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await expect(page.locator('.app')).toHaveAttribute('data-runs', /[1-9]/);
  return errors;
}

/** The k and b sections of a #v1. link, decoded as any zlib reader would. */
export function sections(url) {
  const payload = new URL(url).hash.replace(/^#v1\./, '');
  const frame = inflateSync(Buffer.from(payload, 'base64url'));
  const out = {};
  let at = 0;
  while (at < frame.length) {
    const nl = frame.indexOf(10, at);
    const [tag, length] = frame.subarray(at, nl).toString().split(' ');
    out[tag] = frame.subarray(nl + 1, nl + 1 + Number(length)).toString('utf8');
    at = nl + 1 + Number(length);
  }
  return out;
}

