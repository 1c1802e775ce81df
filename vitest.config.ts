import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          // No test is about wall-clock time: a busy 2-core CI machine may take several times
          // as long as a quiet one for the fits and property tests.
          testTimeout: 60_000,
          include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        resolve: {
          alias: {
            'virtual:pwa-register/react': fileURLToPath(
              new URL('./tests/ui/stubs/pwa-register-react.ts', import.meta.url),
            ),
          },
        },
        test: {
          name: 'ui',
          environment: 'happy-dom',
          testTimeout: 60_000,
          include: ['tests/ui/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A poll waits for the page to settle; on a loaded machine that takes more than the
          // default second (a navigation, a re-plan and a re-render behind two busy cores).
          expect: { poll: { timeout: 15_000, interval: 50 } },
          fileParallelism: false,
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
