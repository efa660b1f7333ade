import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    isolate: false,
    testTimeout: 15_000,
    // Provides the headline reader's language model, as the bot's news entries do (loaded on first use).
    setupFiles: ['src/news/languageModel.ts'],
  },
});
