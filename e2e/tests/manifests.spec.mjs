// Real manifests as a user brings them: the API server's own checks where the
// user would meet them, diagnostics in the order that matters, a Job that
// completes, and a hundred pods drawn as compact cards.
import { test, expect } from '@playwright/test';
import { KUBERNETES, open, pasteOver, scrubTo, settled } from './fixtures.mjs';

const CONFIG_MAP = (name) => `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
`;

// A Deployment the API server rejects twice (its name, its missing
// selector), a probe on an undeclared named port, and four objects of kinds
// not simulated.
const REJECTED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: Web_App
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: app
        image: example/web:1.0
        readinessProbe:
          httpGet:
            path: /ready
            port: http
${CONFIG_MAP('a')}${CONFIG_MAP('b')}${CONFIG_MAP('c')}---
apiVersion: v1
kind: Secret
metadata:
  name: s
`;

test('the API server\'s checks: a name that is not DNS-1123 and a missing selector are errors at their lines', async ({ page }) => {
  const errors = await open(page);
  await pasteOver(page, 'Kubernetes YAML', REJECTED);
  const list = page.getByRole('region', { name: 'Diagnostics' }).getByRole('listitem');
  await expect(list.filter({ hasText: 'metadata.name: Invalid value: "Web_App": a lowercase RFC 1123 subdomain' })).toContainText('Kubernetes YAML 4:9');
  await expect(list.filter({ hasText: 'spec.selector: Required value: apps/v1 has no default selector' })).toContainText('Kubernetes YAML 5:1');
  await expect(page.getByRole('status').filter({ hasText: /errors?: showing the last valid run/ })).toHaveText('2 errors: showing the last valid run');
  expect(errors).toEqual([]);
});

test('on a phone, a diagnostic\'s message takes the list\'s width, under its place', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await open(page);
  await pasteOver(page, 'Kubernetes YAML', REJECTED);
  const item = page.getByRole('region', { name: 'Diagnostics' }).getByRole('listitem').first();
  const [list, where, message] = await Promise.all([
    page.getByRole('region', { name: 'Diagnostics' }).boundingBox(),
    item.locator('.where').boundingBox(),
    item.locator('.message').boundingBox(),
  ]);
  expect(message.width).toBeGreaterThan(list.width * 0.8);
  expect(message.y).toBeGreaterThanOrEqual(where.y + where.height - 1);
  await context.close();
});

test('at 1280 px, an error in the text does not push the top bar onto a second row under the typing', async ({ page }) => {
  await open(page);
  const bar = page.getByRole('banner');
  const height = (await bar.boundingBox()).height;
  await pasteOver(page, 'Kubernetes YAML', REJECTED);
  const status = page.getByRole('status').filter({ hasText: /errors?: showing the last valid run/ });
  await expect(status).toHaveAttribute('title', '2 errors: showing the last valid run');
  expect((await bar.boundingBox()).height).toBe(height);
});

test('diagnostics list errors, then warnings, then notes; kinds not simulated are one line per kind with a count', async ({ page }) => {
  await open(page);
  // A ConfigMap first, as manifests often have it: its note comes before
  // the errors in the text, and after them in the list.
  await pasteOver(page, 'Kubernetes YAML', `${CONFIG_MAP('first').replace(/^---\n/, '')}---\n${REJECTED}`);
  const items = page.getByRole('region', { name: 'Diagnostics' }).getByRole('listitem');
  await expect(items.first()).toContainText('error');
  const severities = await items.evaluateAll((li) => li.map((l) => l.querySelector('.severity').textContent));
  expect(severities).toEqual(['error', 'error', 'warning', 'note', 'note']);
  await expect(items.nth(3)).toContainText('kind ConfigMap is not simulated (4 objects)');
  await expect(items.nth(3)).toContainText('Kubernetes YAML 2:7');
  await expect(items.nth(4)).toContainText('kind Secret is not simulated');
  await expect(items.filter({ hasText: 'kind ConfigMap' })).toHaveCount(1);
});

test('a Job\'s container runs briefly and completes with exit code 0', async ({ page }) => {
  await open(page);
  await pasteOver(page, 'Kubernetes YAML', `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: example/migrate:1.0
        command: ["sh", "-c", "./migrate"]
`);
  await scrubTo(page, 120);
  const pods = page.getByRole('table', { name: 'Pods' });
  // kubectl get pods -w: created, running for 5 s (the assumed brief run), completed.
  await expect(pods).toContainText(/migrate-mmmm2\s+0\/1\s+ContainerCreating\s+0\s+0s\s+migrate-mmmm2\s+1\/1\s+Running\s+0\s+1s\s+migrate-mmmm2\s+0\/1\s+Completed\s+0\s+6s/);
  await expect(page.getByRole('article', { name: 'Pod migrate-mmmm2' })).toContainText('Completed');
  await expect(page.getByRole('article', { name: 'Pod migrate-mmmm2' })).toContainText('Terminated: Completed (exit code 0)');
  // Drawn as done, not in the colours of a failure.
  const container = page.getByRole('article', { name: 'Pod migrate-mmmm2' }).locator('.container', { hasText: 'Terminated: Completed' });
  await expect(container).toHaveClass(/\bcompleted\b/);
  await expect(container).not.toHaveClass(/\bstopping\b/);
});

test('a hundred pods are compact cards without clocks; ten are full cards', async ({ page }) => {
  const hundred = KUBERNETES.replace('replicas: 3', 'replicas: 100');
  await open(page, `${hundred}\n---\nkind: Behaviour\nsimulation:\n  duration: 5m\n`);
  await scrubTo(page, 120);
  const cards = page.getByRole('region', { name: 'Cluster' }).getByRole('article');
  await expect(cards).toHaveCount(100);
  await expect(cards.first()).toHaveClass(/\bcompact\b/);
  await expect(cards.getByText(/^AGE /)).toHaveCount(0);
  await expect(cards.getByText(/^Running · up /)).toHaveCount(0);
  // Each card still says whether its pod is ready, and its probes' results.
  await expect(cards.first().locator('.pod-status')).toHaveText('Running');

  await pasteOver(page, 'Kubernetes YAML', KUBERNETES.replace('replicas: 3', 'replicas: 10'));
  await scrubTo(page, 120);
  await expect(cards).toHaveCount(10);
  await expect(cards.getByText(/^AGE 2m$/)).toHaveCount(10);
});

// A manifest past 256 KiB pasted from the clipboard (Ctrl+V): it arrives in
// the editor byte for byte, is loaded and simulated, and the text it replaced
// is kept under the recent scenarios. (The editor makes such a paste itself:
// the browser's paste command laid the growing textarea out so often that a
// 1.9 MB manifest blocked the page for most of a minute.)
test('a large paste from the clipboard arrives whole, runs, and keeps the text it replaced', async ({ page }) => {
  const errors = await open(page);
  const padding = Array.from({ length: 12_000 }, (_, i) => `# line ${i} of a long generated manifest, kept as a comment`).join('\n');
  const big = `${padding}\n${KUBERNETES.replace('replicas: 3', 'replicas: 4')}\n${padding}\n`;
  expect(big.length).toBeGreaterThan(256 * 1024);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), big);
  const editor = page.getByLabel('Kubernetes YAML');
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+v');
  await settled(page);
  // The whole text, as select all and copy give it (the textarea holds a window of its lines).
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+c');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(big);
  await expect(page.locator('.pod-card')).toHaveCount(4);
  const recent = page.getByLabel('Examples').locator('optgroup[label="Your recent scenarios"] option');
  await expect(recent).toHaveCount(1);
  expect(errors).toEqual([]);
});
