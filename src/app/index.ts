/** The bot's composition root: what main.ts, the tests, the benches and the chaos suite build from. */
export { startBot } from './build.js';
export { BotStartError } from './types.js';
export type { BotHandle, BotOptions } from './types.js';
