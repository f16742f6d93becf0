import { defineConfig } from '@playwright/test';

// PORT=... serves on another port (8082 by default), e.g. beside another run.
const PORT = Number(process.env.PORT ?? 8082);

// Serves the release build in ../dist (make it with `trunk build --release
// --public-url ./`) at / and at /probe-playground/, and the host pages of
// host/ at /host/ (serve.py).
// Chromium is the system one (/usr/bin/chromium): no browser is downloaded.
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results/output',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `python3 serve.py ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
