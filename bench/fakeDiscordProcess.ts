/**
 * The fake Discord (test/support/fakeDiscord) in a process of its own, for the memory bench: it
 * keeps every message it receives, and that must not be counted as the bot's memory.
 * Sends `{ token, apiBase, channelId }` once listening; answers 'count' with `{ messages }`.
 */
import { startFakeDiscord } from '../test/support/fakeDiscord/index.js';

const fake = await startFakeDiscord();
process.send?.({ token: fake.token, apiBase: fake.apiBase, channelId: fake.guild.alertChannelId });
process.on('message', (message) => {
  if (message === 'count') process.send?.({ messages: fake.messages.length });
});
process.on('disconnect', () => {
  void fake.close().then(() => process.exit(0));
});
