// The embed's figures: the time from the click on a docs page's Run button
// to the embed's first simulated frame (its `ready` message), over 5 fresh
// page loads (nothing cached), on the release build in ../dist (or DIST);
// and the sizes of the embed's .wasm and the playground's. A measurement,
// not a test: it prints and never fails on time.
// Run: node e2e/bench-embed.mjs (after trunk build --release --public-url ./)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import config from './playwright.config.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.DIST ?? join(here, '..', 'dist');
const wasmOf = (prefix) => readFileSync(join(dist, readdirSync(dist).find((f) => f.startsWith(prefix) && f.endsWith('_bg.wasm'))));
const PORT = 8082;
const server = spawn('python3', [join(here, 'serve.py'), String(PORT)], { stdio: 'inherit' });
await new Promise((r) => setTimeout(r, 1500));
const browser = await chromium.launch({ headless: true, ...config.use.launchOptions });
const times = [];
try {
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://localhost:${PORT}/host/snippet.html`);
    await page.getByRole('button', { name: /Run simulation/ }).waitFor();
    const ms = await page.evaluate(() => new Promise((resolve) => {
      const start = performance.now();
      addEventListener('message', (e) => {
        if (e.data && e.data.source === 'probe-playground' && e.data.type === 'ready') resolve(performance.now() - start);
      });
      document.querySelector('.probe-playground button').click();
    }));
    times.push(ms);
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
times.sort((a, b) => a - b);
for (const [what, prefix] of [["the embed's wasm", 'embed-app-'], ["the playground's wasm", 'probe-playground-']]) {
  const wasm = wasmOf(prefix);
  console.log(`${what}: raw ${wasm.length} bytes, gzip -9 ${gzipSync(wasm, { level: 9 }).length} bytes`);
}
console.log(`click to the embed's first simulated frame: median ${times[2].toFixed(0)} ms, ` +
  `min ${times[0].toFixed(0)} ms, max ${times[4].toFixed(0)} ms (5 fresh loads, local server)`);
