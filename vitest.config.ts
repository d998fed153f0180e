import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` talks to the real Kafka,
// schema registry and PostgreSQL that infra/ starts (its global setup brings them up
// if they are not already running, and stops only what it started).
const reportFile = process.env.OVERFLY_TEST_REPORT;

export default defineConfig({
  test: {
    reporters: reportFile ? ['default', ['json', { outputFile: reportFile }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/**/*.test.ts',
            'services/**/*.test.ts',
            'infra/**/*.test.ts',
            'tests/unit/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', '**/*.chaos.test.ts'],
          testTimeout: 20_000,
        },
      },
      // Chaos runs (the notifier killed ten times against failing receivers; the billing
      // pipeline's long SIGKILL run and its platform outages; the longer crash runs of
      // invoice-writer and the changelog): minutes each, so not in `pnpm test` and CI;
      // `pnpm test:chaos` runs them against the same infra. README, Tests, says which.
      ...(process.env.OVERFLY_CHAOS === '1'
        ? [
            {
              test: {
                name: 'chaos',
                include: ['**/*.chaos.test.ts'],
                exclude: ['**/node_modules/**'],
                globalSetup: ['tests/support/global-setup.ts'],
                pool: 'forks' as const,
                poolOptions: { forks: { singleFork: true } },
                testTimeout: 600_000,
                hookTimeout: 300_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', '**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/*.chaos.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          // One shared broker, registry and database on a 2-core machine: files run one
          // at a time; each test isolates itself with unique topic and table names.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
