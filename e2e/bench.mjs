// Benchmark of the release build in headless Chromium (run by hand, after
// `trunk build --release`):  node e2e/bench.mjs   (or: cd e2e && npm run bench)
//
// Prints:
//   - the release .wasm size, raw and gzip -9 (exact bytes; budget 600 KB gzip);
//   - edit -> re-simulate -> re-render, p50/p95 over 30 edits of a 10-replica,
//     10-minute scenario (budget 50 ms at p95). Measured in the page from the
//     moment the debounced run starts to the moment its history is rendered
//     (the app's `data-resim-ms`), and also end to end from the keystroke,
//     with the fixed debounce delay subtracted;
//   - the frame interval p95 while playing that scenario at 10x (budget 20 ms).
//   - the probe benchmark of `cargo bench --bench probes` (src/benchmark.rs)
//     under wasm: probe executions per second, best of 3 calls of the
//     exported bench_probe_executions(), timed here (the core has no clock).
//     Run last, so the memory it takes does not weigh on the figures above.
// Edits and frames are measured from 05:00, the middle of the run.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import config from './playwright.config.mjs';
import { KUBERNETES, open } from './tests/fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.DIST ?? join(here, '..', 'dist');
const PORT = 8084;
const DEBOUNCE_MS = 120; // EDIT_DEBOUNCE_MS in src/ui/hooks/use_simulation.rs

const wasmFile = readdirSync(dist).find((f) => f.endsWith('_bg.wasm'));
if (!wasmFile) {
  console.error('no .wasm in dist/: run `trunk build --release` first');
  process.exit(1);
}
const wasm = readFileSync(join(dist, wasmFile));
const wasmGzip = gzipSync(wasm, { level: 9 }).length;

// The tests' Deployment and Service at ten replicas, with a behaviour of its own.
const SCENARIO = `${KUBERNETES.replace('replicas: 3', 'replicas: 10')}
---
kind: Behaviour
simulation:
  duration: 10m
apps:
- container: app
  startup: 8s
- container: app
  replicas: [1, 4]
  http:
  - path: /healthz
    after: 90s
    status: 500
actions:
- at: 4m
  workload: web
  replica: 2
  fail: /ready
- at: 6m
  workload: web
  replica: 2
  recover: /ready
traffic:
- service: web
  rps: 50
`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (n) => n.toFixed(1);

const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
// The Chromium and the flags the Playwright tests run with.
const browser = await chromium.launch({ headless: true, ...config.use.launchOptions });
let failed = false;
try {
  const baseURL = `http://127.0.0.1:${PORT}/`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(baseURL);
      break;
    } catch (e) {
      if (attempt > 20) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const page = await browser.newPage({ baseURL, viewport: config.use.viewport });
  await open(page, SCENARIO);
  const pods = await page.locator('.pod-card').count();
  // Measure in the middle of the run, where the views have the most to show.
  await page.getByLabel('Scrub simulated time').fill('300000');

  // Edits: alternate a value in the behaviour document so every edit re-simulates.
  const inApp = [];
  const endToEnd = [];
  for (let i = 0; i < 30; i++) {
    const result = await page.evaluate(async ({ i, debounce }) => {
      const app = document.querySelector('.app');
      const ta = document.querySelector('#editor-behaviour');
      const before = app.getAttribute('data-runs');
      const done = new Promise((resolve) => {
        const obs = new MutationObserver(() => {
          if (app.getAttribute('data-runs') !== before) {
            obs.disconnect();
            resolve(performance.now());
          }
        });
        obs.observe(app, { attributes: true, attributeFilter: ['data-runs'] });
        setTimeout(() => resolve(NaN), 5000);
      });
      const start = performance.now();
      ta.value = ta.value.replace(/rps: \d+/, `rps: ${51 + (i % 2)}`);
      ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const end = await done;
      if (Number.isNaN(end)) throw new Error('the edit was not re-simulated within 5 s');
      return { inApp: Number(app.getAttribute('data-resim-ms')), endToEnd: end - start - debounce };
    }, { i, debounce: DEBOUNCE_MS });
    inApp.push(result.inApp);
    endToEnd.push(result.endToEnd);
  }

  // Playback at 10x: frame intervals over 5 s.
  await page.getByLabel('Speed').selectOption('10');
  await page.getByLabel('Scrub simulated time').fill('300000');
  await page.getByRole('button', { name: 'Play' }).click();
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const intervals = [];
    let last = null;
    const until = performance.now() + 5000;
    const tick = (ts) => {
      if (last !== null) intervals.push(ts - last);
      last = ts;
      if (ts < until) requestAnimationFrame(tick); else resolve(intervals);
    };
    requestAnimationFrame(tick);
  }));
  const simTime = await page.getAttribute('.app', 'data-t');
  await page.getByRole('button', { name: 'Pause' }).click();

  const probeRuns = await page.evaluate(() => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const executions = window.wasmBindings.bench_probe_executions();
      runs.push({ executions, seconds: (performance.now() - start) / 1000 });
    }
    return runs;
  });
  const probeBest = probeRuns.reduce((best, run) => (run.seconds < best.seconds ? run : best));

  const resimP95 = percentile(inApp, 95);
  const frameP95 = percentile(frames, 95);
  console.log(`scenario: ${pods} pods at load, 10-minute run`);
  console.log(`wasm: ${wasmFile}`);
  console.log(`  raw ${wasm.length} bytes, gzip -9 ${wasmGzip} bytes (budget 614400)`);
  console.log(`edit -> re-simulate -> re-render over ${inApp.length} edits:`);
  console.log(`  in app (run start to rendered): p50 ${fmt(percentile(inApp, 50))} ms, p95 ${fmt(resimP95)} ms, max ${fmt(Math.max(...inApp))} ms (budget p95 50 ms)`);
  console.log(`  end to end minus the ${DEBOUNCE_MS} ms debounce: p50 ${fmt(percentile(endToEnd, 50))} ms, p95 ${fmt(percentile(endToEnd, 95))} ms`);
  console.log(`playback at 10x from 05:00: ${frames.length} frames in 5 s, simulated time reached ${Math.round(simTime / 1000)} s`);
  console.log(`  frame interval p50 ${fmt(percentile(frames, 50))} ms, p95 ${fmt(frameP95)} ms, max ${fmt(Math.max(...frames))} ms (budget p95 20 ms)`);
  console.log(`wasm (Chromium): ${probeBest.executions} probe executions in ${probeBest.seconds.toFixed(3)} s = ${(probeBest.executions / probeBest.seconds / 1e6).toFixed(2)} M/s`);
  const over = [];
  if (wasmGzip > 600 * 1024) over.push('wasm size');
  if (resimP95 > 50) over.push('re-simulation p95');
  if (frameP95 > 20) over.push('frame interval p95');
  console.log(over.length ? `OVER BUDGET: ${over.join(', ')}` : 'all within budget');
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  server.kill();
}
process.exit(failed ? 1 : 0);
