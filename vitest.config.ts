import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Two workers on two cores (vitest's default is one fewer than the cores): much of the suite waits
    // on child processes, local sockets and PostgreSQL rather than the CPU.
    maxWorkers: 2,
    isolate: false,
    // Deadlines that only end a hung test, never a measurement; hooks (starting and stopping bots,
    // fakes and servers) get the same as tests instead of vitest's 10 s.
    testTimeout: 15_000,
    hookTimeout: 15_000,
    // Provides the headline reader's language model, as the bot's news entries do (loaded on first use).
    setupFiles: ['src/news/languageModel.ts'],
    // One PostgreSQL server per run for the store tests of the PostgreSQL adapter.
    globalSetup: ['test/support/postgresGlobalSetup.ts'],
  },
});
