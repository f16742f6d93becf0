// Lesson 7 (a liveness probe that checks the database) in the Analysis tab:
// the probe report as a table, its one finding marked in the editor, the
// lesson's expectations beside the timeline, and the finding's what-if
// opened as a scenario of its own at the moment that proves it.
import { test, expect } from '@playwright/test';
import { openAt, settled, sidewaysOverflow } from './fixtures.mjs';

const QUESTIONS = ['Time to Ready', 'Start-up budget', 'If it hangs', 'If it crashes', 'Fleet', 'Rollout'];
const CELLS = [
  '10.001 to 10.999 s (readiness)',
  '20.501 to 30.499 s',
  'out 6 to 10.999 s, killed 21 to 30.999 s',
  'out 0.5 s, serving 11.5 s',
  '3 of 3 restarted, Service empty',
  '33.5 s, 3 of 3 serving at worst',
];

/** The report's row that answers `question`. */
function questionRow(report, question) {
  return report.getByRole('row').filter({ has: report.page().getByRole('rowheader', { name: question, exact: true }) });
}

test('lesson 7: the Analysis tab shows the report, the finding and its what-if', async ({ page }) => {
  const errors = await openAt(page, '/#g/liveness-checks-the-database');
  await settled(page);

  // The expectations hold: ticks beside the timeline.
  const expectations = page.getByRole('region', { name: 'Expectations' });
  await expect(expectations.getByRole('heading')).toHaveText('Expectations: 8 of 8 hold');
  await expect(expectations.getByRole('button', { name: /^holds: / })).toHaveCount(8);
  await expect(expectations.getByRole('button').first())
    .toHaveAccessibleName('holds: 3 Killing events of orders-deep-liveness between 2:21 and 2:21: saw 3, at 2:21, 2:21, 2:21');

  const tab = page.getByRole('tab', { name: 'Analysis' });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('tabpanel', { name: 'Analysis' });
  await expect(panel.getByRole('status')).toHaveText('3 probed containers: each answer is a what-if run of this scenario.');

  // The report: a column per probed container, a row per question, each
  // answer a what-if run (the three ways answer alike until the database
  // is slow, which no question here asks about).
  const report = panel.getByRole('table', { name: 'Probe report' });
  await expect(report.getByRole('columnheader')).toHaveText(
    ['Container', 'Deployment/orders-deep-liveness orders', 'Deployment/orders-deep-readiness orders', 'Deployment/orders-shallow orders']);
  await expect(report.getByRole('rowheader')).toHaveText(QUESTIONS);
  for (const [i, question] of QUESTIONS.entries()) {
    await expect(questionRow(report, question).getByRole('cell')).toHaveText([CELLS[i], CELLS[i], CELLS[i]]);
  }

  // The one finding, at its field, with the run that proves it.
  const findings = panel.getByRole('list', { name: 'Findings' });
  await expect(findings.getByRole('listitem')).toHaveCount(1);
  const finding = findings.getByRole('listitem', { name: 'liveness-shared-dependency' });
  await expect(finding).toContainText('Deployment/orders-deep-liveness orders: livenessProbe');
  await expect(finding).toContainText('all 3 replicas are killed, at 2:21 and 2:51');
  await expect(finding).toContainText('Suggestion: livenessProbe.failureThreshold: 7');

  // Marked in the Kubernetes editor's gutter at line 51, like a diagnostic;
  // its place puts the caret on that line.
  const k8s = page.getByRole('textbox', { name: 'Kubernetes YAML' });
  await k8s.evaluate((ta) => ta.setSelectionRange(0, 0));
  await finding.getByRole('button', { name: 'line 51:9' }).click();
  expect(await k8s.evaluate((ta) => ta.value.slice(0, ta.selectionStart).split('\n').length)).toBe(51);
  const marks = page.locator('[data-doc="editor-kubernetes"] .ln.marked.warning');
  await expect(marks).toHaveText(['51']);
  await expect(marks).toHaveAttribute('title', /^warning: livenessProbe: \[liveness-shared-dependency\] liveness fails with something every replica shares/);

  // The editor's heading counts the finding apart from the loader's
  // warnings (there are none), and the diagnostics list points to it.
  await expect(page.getByRole('heading', { name: /^Kubernetes YAML/ })).toHaveText(/^Kubernetes YAML\s*1 finding\s*Indent with Tab$/);
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toHaveText('No problems: every edit re-simulates. The Analysis has 1 finding.');

  // Its what-if opens as a new scenario, at the moment that proves it.
  const runs = Number(await page.locator('.app').getAttribute('data-runs'));
  await finding.getByRole('button', { name: 'Open the what-if as-written at 2:21' }).click();
  await expect.poll(async () => Number(await page.locator('.app').getAttribute('data-runs'))).toBeGreaterThan(runs);
  await settled(page);
  await expect(page.locator('.app')).toHaveAttribute('data-t', '141000');
  await expect(page.getByRole('textbox', { name: 'App behaviour' })).toHaveValue(/^# What if: the scenario as written\.\nkind: Behaviour\nsimulation: \{duration: 5m\}\n/);
  await expect(page.getByRole('textbox', { name: 'Kubernetes YAML' })).toHaveValue(/name: orders-deep-liveness/);
  await expect(page.getByRole('textbox', { name: 'Kubernetes YAML' })).not.toHaveValue(/name: orders-shallow/);
  // The what-if carries no expectations of its own.
  await expect(page.getByRole('region', { name: 'Expectations' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** Replaces line `n` (1-based) of `editor`'s text with `text`, as typed. */
async function replaceLine(page, editor, n, text) {
  await editor.click();
  await editor.evaluate((ta, n) => {
    const lines = ta.value.split('\n');
    const start = lines.slice(0, n - 1).join('\n').length + (n > 1 ? 1 : 0);
    ta.setSelectionRange(start, start + lines[n - 1].length);
  }, n);
  await page.keyboard.insertText(text);
}

// The analysis follows the text: liveness that outlasts the database's
// outage (failureThreshold 7 on line 57) raises no finding and marks no
// line, the report's row moves with it, and the expectations that told the
// old story turn into crosses with what the new run shows.
test('lesson 7: an edit that fixes the finding re-analyses and crosses the expectations it breaks', async ({ page }) => {
  const errors = await openAt(page, '/#g/liveness-checks-the-database');
  await settled(page);
  await page.getByRole('tab', { name: 'Analysis' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Analysis' });
  await expect(panel.getByRole('list', { name: 'Findings' }).getByRole('listitem')).toHaveCount(1);

  const k8s = page.getByRole('textbox', { name: 'Kubernetes YAML' });
  expect((await k8s.inputValue()).split('\n')[56]).toBe('          failureThreshold: 3');
  await replaceLine(page, k8s, 57, '          failureThreshold: 7');
  await settled(page);

  await expect(panel.getByRole('status')).toHaveText('3 probed containers: each answer is a what-if run of this scenario.');
  await expect(panel.getByText('No findings: no what-if run shows harm.')).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Findings' })).toHaveCount(0);
  await expect(page.locator('[data-doc="editor-kubernetes"] .ln.marked')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /^Kubernetes YAML/ })).toHaveText(/^Kubernetes YAML\s*Indent with Tab$/);
  await expect(page.getByRole('region', { name: 'Diagnostics' })).toHaveText('No problems: every edit re-simulates.');
  // Only orders-deep-liveness's column moves: seven failures outlast more.
  const report = panel.getByRole('table', { name: 'Probe report' });
  const column = async (question) => (await questionRow(report, question).getByRole('cell').allTextContents())[0];
  await expect.poll(() => column('Start-up budget')).toBe('60.501 to 70.499 s');
  expect(await column('If it hangs')).toBe('out 6 to 10.999 s, killed 61 to 70.999 s');
  expect(await column('Fleet')).toBe('0 of 3 restarted, Service empty');
  await expect(questionRow(report, 'Fleet').getByRole('cell')).toHaveText(
    ['0 of 3 restarted, Service empty', '3 of 3 restarted, Service empty', '3 of 3 restarted, Service empty']);

  const expectations = page.getByRole('region', { name: 'Expectations' });
  await expect(expectations.getByRole('heading')).toHaveText('Expectations: 4 of 8 hold');
  const crosses = expectations.getByRole('button', { name: /^fails: / });
  const crossed = [
    'fails: 3 Killing events of orders-deep-liveness between 2:21 and 2:21: saw none',
    'fails: 3 Killing events of orders-deep-liveness between 2:51 and 2:51: saw none',
    'fails: Service orders-deep-liveness has 0 ready endpoints from 2:07.5 to 3:02.5: saw 1 at 3:00.296',
    'fails: Service orders-deep-liveness has 3 ready endpoints from 3:02.5 to the end: saw 2 at 3:02.5',
  ];
  await expect(crosses).toHaveCount(crossed.length);
  for (const [i, name] of crossed.entries()) await expect(crosses.nth(i)).toHaveAccessibleName(name);
  // A cross selects the moment that shows it.
  await expectations.getByRole('button', { name: /saw 1 at 3:00\.296$/ }).click();
  await expect(page.locator('.app')).toHaveAttribute('data-t', '180296');
  expect(errors).toEqual([]);
});

// The Analysis tab at a desktop's, a phone's and a small window's size:
// the page never scrolls sideways (the report table scrolls in its own
// box), and the tab's panel is shown whole in its screenshot.
for (const [name, viewport] of [['1280x800', { width: 1280, height: 800 }], ['390x844', { width: 390, height: 844 }], ['700x450', { width: 700, height: 450 }]]) {
  test(`the Analysis tab at ${name}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = await openAt(page, '/#g/liveness-checks-the-database');
    await settled(page);
    await page.getByRole('tab', { name: 'Analysis' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Analysis' });
    await expect(panel.getByRole('list', { name: 'Findings' }).getByRole('listitem')).toHaveCount(1);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const pane = page.getByRole('region', { name: 'Pod', exact: true });
    await pane.scrollIntoViewIfNeeded();
    await pane.screenshot({ path: `test-results/analysis-${name}.png`, animations: 'disabled' });
    await page.screenshot({ path: `test-results/analysis-${name}-page.png`, animations: 'disabled' });
    await panel.getByRole('table', { name: 'Probe report' }).screenshot({ path: `test-results/analysis-${name}-report.png`, animations: 'disabled' });
    await page.getByRole('region', { name: 'Expectations' }).screenshot({ path: `test-results/expectations-${name}.png`, animations: 'disabled' });
    expect(errors).toEqual([]);
    await context.close();
  });
}
