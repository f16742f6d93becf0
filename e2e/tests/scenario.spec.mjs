// Starting from the user's own manifest: a paste over the manifest, a new
// scenario, a file, and the recent scenarios that keep every text the
// editors give up.
import { test, expect } from '@playwright/test';
import { open, pasteOver, settled } from './fixtures.mjs';

const LESSON = 'Slow start behind readiness';

// A real manifest's shape: ingress-nginx's install, which starts with its
// Namespace, and its controller, whose health port 10254 is not declared.
const INGRESS = `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
    spec:
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.10.0
        ports:
        - containerPort: 80
        livenessProbe:
          httpGet:
            path: /healthz
            port: 10254
          periodSeconds: 10
        readinessProbe:
          httpGet:
            path: /healthz
            port: 10254
`;

async function openLesson(page) {
  const errors = await open(page);
  await page.getByLabel('Examples').selectOption({ label: LESSON });
  await expect(page.getByRole('complementary', { name: 'What to watch' })).toContainText(LESSON);
  await settled(page);
  return errors;
}

test('a paste over the manifest starts a new scenario; the lesson comes back with one click', async ({ page }) => {
  const errors = await openLesson(page);
  const lessonBehaviour = await page.getByLabel('App behaviour').inputValue();
  await pasteOver(page, 'Kubernetes YAML', INGRESS);
  await settled(page);

  // The views show the pasted Deployment, not the lesson's run.
  await expect(page.getByRole('article', { name: /^Pod ingress-nginx-controller-/ })).toHaveCount(1);
  await expect(page.getByRole('article', { name: /^Pod hello-/ })).toHaveCount(0);
  // The lesson's behaviour and note are gone; the template names the user's container.
  await expect(page.getByRole('complementary', { name: 'What to watch' })).toHaveCount(0);
  const behaviour = page.getByLabel('App behaviour');
  await expect(behaviour).toHaveValue(/# - container: controller +# in Deployment ingress-nginx-controller/);
  await expect(behaviour).toHaveValue(/#   - path: \/healthz/);
  await expect(page.getByLabel('Examples').locator('option:checked')).toHaveText('Loaded: Deployment ingress-nginx-controller');

  // One click brings the lesson's behaviour and note back.
  const notice = page.getByRole('status').filter({ hasText: 'New scenario' });
  await expect(notice).toContainText(LESSON);
  await notice.getByRole('button', { name: 'Bring the behaviour back' }).click();
  await expect(behaviour).toHaveValue(lessonBehaviour);
  await expect(page.getByRole('complementary', { name: 'What to watch' })).toContainText(LESSON);
  expect(errors).toEqual([]);
});

test('picking an example never loses the text: it is kept under the recent scenarios', async ({ page }) => {
  const errors = await openLesson(page);
  const menu = page.getByLabel('Examples');
  await expect(menu.locator('option:checked')).toHaveText(LESSON);

  // The user's edit: the menu says what is loaded, and the note says it diverged.
  const behaviour = page.getByLabel('App behaviour');
  await behaviour.focus();
  await behaviour.evaluate((ta) => ta.setSelectionRange(ta.value.length, ta.value.length));
  await page.keyboard.type('# my own note\n');
  await settled(page);
  await expect(menu.locator('option:checked')).toHaveText(`Loaded: ${LESSON} (edited)`);
  await expect(page.getByRole('complementary', { name: 'What to watch' })).toContainText('you have changed this lesson');

  await menu.selectOption({ label: 'A named port typo' });
  await settled(page);
  await expect(menu.locator('option:checked')).toHaveText('A named port typo');
  await expect(behaviour).not.toHaveValue(/# my own note/);

  // Kept, also across a reload, and one pick away.
  await page.reload();
  await expect(page.locator('.app')).toHaveAttribute('data-runs', /[1-9]/);
  const recent = page.getByLabel('Examples').locator('optgroup[label="Your recent scenarios"] option');
  // Newest first: the edited lesson, then the draft the lesson replaced.
  await expect(recent).toHaveText([`${LESSON} (edited)`, 'Deployment web']);
  await page.getByLabel('Examples').selectOption({ label: `${LESSON} (edited)` });
  await expect(page.getByLabel('App behaviour')).toHaveValue(/# my own note/);
  expect(errors).toEqual([]);
});

test('a changed lesson says so, and goes back to the lesson with one click', async ({ page }) => {
  await openLesson(page);
  const note = page.getByRole('complementary', { name: 'What to watch' });
  await expect(note).not.toContainText('you have changed this lesson');
  const behaviour = page.getByLabel('App behaviour');
  const original = await behaviour.inputValue();
  await behaviour.evaluate((ta) => ta.setSelectionRange(0, 0));
  await behaviour.focus();
  await page.keyboard.type('# mine\n');
  await expect(note).toContainText('you have changed this lesson');
  await note.getByRole('button', { name: 'Back to the lesson' }).click();
  await expect(behaviour).toHaveValue(original);
  await expect(note).not.toContainText('you have changed this lesson');
  // The changed lesson is kept.
  await expect(page.getByLabel('Examples').locator('optgroup[label="Your recent scenarios"] option').first()).toHaveText(`${LESSON} (edited)`);
});

test('New scenario empties the manifest, offers the template, and keeps the scenario before it', async ({ page }) => {
  const errors = await open(page);
  await page.getByRole('button', { name: 'New scenario' }).click();
  const kubernetes = page.getByLabel('Kubernetes YAML');
  await expect(kubernetes).toHaveValue('');
  await expect(kubernetes).toHaveAttribute('placeholder', /Paste your Kubernetes YAML here/);
  await expect(page.getByLabel('App behaviour')).toHaveValue(/^kind: Behaviour\n## How the app behaves/);
  await expect(page.getByLabel('Examples').locator('option:checked')).toHaveText('Loaded: New scenario');
  await expect(page.getByLabel('Examples').locator('optgroup[label="Your recent scenarios"] option')).toHaveText(['Deployment web']);

  // Pasting into the empty editor names the pasted containers in the template.
  await kubernetes.focus();
  await page.keyboard.insertText(INGRESS);
  await settled(page);
  await expect(page.getByLabel('App behaviour')).toHaveValue(/# - container: controller/);
  await expect(page.getByRole('article', { name: /^Pod ingress-nginx-controller-/ })).toHaveCount(1);
  // Nothing was set aside: the template was not the user's.
  await expect(page.getByRole('status').filter({ hasText: 'New scenario' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a file opened or dropped is a new scenario; one over the loader limit is refused', async ({ page }) => {
  const errors = await open(page);
  await page.getByLabel('Open file…').setInputFiles({ name: 'ingress.yaml', mimeType: 'text/yaml', buffer: Buffer.from(INGRESS) });
  await settled(page);
  await expect(page.getByLabel('Kubernetes YAML')).toHaveValue(INGRESS);
  await expect(page.getByLabel('Examples').locator('option:checked')).toHaveText('Loaded: ingress.yaml');
  await expect(page.getByLabel('App behaviour')).toHaveValue(/# - container: controller/);

  // A drop on the page.
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['apiVersion: v1\nkind: Pod\nmetadata:\n  name: dropped\nspec:\n  containers:\n  - name: c\n    image: i\n'], 'pod.yaml'));
    return dt;
  });
  await page.locator('.workspace').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByLabel('Examples').locator('option:checked')).toHaveText('Loaded: pod.yaml');
  await expect(page.getByRole('article', { name: 'Pod dropped' })).toHaveCount(1);

  // Too big: refused with the reason, the text on screen untouched.
  await page.getByLabel('Open file…').setInputFiles({ name: 'huge.yaml', mimeType: 'text/yaml', buffer: Buffer.alloc(5 * 1024 * 1024, 'a') });
  await expect(page.getByRole('alert')).toContainText('huge.yaml is 5.0 MiB, more than the 4 MiB the loader reads');
  await expect(page.getByLabel('Examples').locator('option:checked')).toHaveText('Loaded: pod.yaml');
  expect(errors).toEqual([]);
});

test('the run lists what it assumed, and one click changes it in the behaviour', async ({ page }) => {
  const errors = await open(page);
  await page.getByRole('button', { name: 'New scenario' }).click();
  await page.getByLabel('Kubernetes YAML').focus();
  await page.keyboard.insertText(INGRESS);
  await settled(page);
  const list = page.getByRole('list', { name: 'Assumptions' });
  const port = list.getByRole('listitem').filter({ hasText: 'serves port 10254, which it does not declare' });
  await expect(port).toHaveCount(1);
  await expect(list.getByRole('listitem').filter({ hasText: 'starts serving at once' })).toHaveCount(1);
  // Healthy as assumed: nothing restarts.
  const events = page.getByRole('log', { name: 'Events' });
  await page.getByLabel('Scrub simulated time').fill('120000');
  await expect(events).not.toContainText('Liveness probe failed');

  // Serving only the declared ports: the health port refuses, and the kubelet kills.
  await port.getByRole('button', { name: 'try: only its declared ports' }).click();
  await settled(page);
  await expect(page.getByLabel('App behaviour')).toHaveValue(/- container: controller\n  ports: \[80\]\n$/);
  await expect(port).toHaveCount(0);
  await page.getByLabel('Scrub simulated time').fill('120000');
  await expect(events).toContainText('Liveness probe failed: Get "http://');
  await expect(events).toContainText('connection refused');
  expect(errors).toEqual([]);
});
