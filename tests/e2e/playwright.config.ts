import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// The exported site (out/, from `next build`) served by the project's own static server.
const PORT = Number(process.env.E2E_PORT ?? 4317);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 2,
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  // Generous: the suite shares the machine with builds and daemons.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: fileURLToPath(new URL('../../test-results/e2e', import.meta.url)),
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // Debian's chromium: no browser download, no network, no background services.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node scripts/serve.mjs out ${PORT}`,
    cwd: ROOT,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    // SIGTERM, not Playwright's default SIGKILL: the server then removes its start-up snapshot itself.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
