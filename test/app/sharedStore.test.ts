import { readFileSync } from 'node:fs';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, startTestBot } from '../support/botHarness.js';
import type { Bot } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { FakeDiscord } from '../support/fakeDiscord/index.js';
import { useTempDirs } from '../support/tempDirs.js';
import { createTestDatabase } from '../support/testDatabase.js';
import { HEAVY_TEST_MS } from '../support/waitFor.js';

const tempDir = useTempDirs('shared-store-');
const admin = { memberPermissions: PermissionFlagsBits.ManageGuild.toString() };
const open: Bot[] = [];
const fakes: FakeDiscord[] = [];

afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
  for (const f of fakes.splice(0)) await f.close();
});

/** Two bots on one PostgreSQL store, one after the other, as a failover runs them: each its own folder and config file. */
async function replicas() {
  const url = await createTestDatabase('shared');
  const fake = await startFakeDiscord();
  fakes.push(fake);
  const start = async () => {
    const b = await startTestBot(tempDir(), { fake, env: { STORE_URL: url } });
    open.push(b);
    return b;
  };
  return { fake, start };
}

describe('bots sharing one PostgreSQL store', () => {
  it(
    'GIVEN an alert posted by the first THEN the second, deciding the same fall again, posts nothing more',
    async () => {
      const { fake, start } = await replicas();
      const first = await start();
      first.board.set('HSI', 22_800);
      await first.poll();
      const posted = fake.messages.length;
      expect(posted).toBeGreaterThan(0);
      await first.close();
      open.splice(0);

      const second = await start();
      expect(second.store.shared).toBe(true);
      second.board.set('HSI', 22_800);
      await second.poll();
      expect(fake.messages).toHaveLength(posted);
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN /threshold set on the first THEN the second lays it over its own file, and its next poll uses it',
    async () => {
      const { fake, start } = await replicas();
      const first = await start();
      const answer = await runCommand(first, {
        name: 'threshold',
        subcommand: 'set',
        options: { symbol: 'HSI', rule: 'dayMove.tiersPct', value: '0.5, 1, 2' },
        ...admin,
      });
      expect(answer.data.content).toContain('0.5, 1, 2 %');
      await first.close();
      open.splice(0);

      const second = await start();
      expect(second.config.current().instruments[0]?.thresholds.dayMove.tiersPct).toEqual([0.5, 1, 2]);
      expect(readFileSync(second.configPath, 'utf8')).toMatch(
        /tiersPct: \[ 0\.5, 1, 2 \]|tiersPct:\s*\[0\.5, 1, 2\]/,
      );
      // -0.6 % crosses the first tier only under the override.
      second.board.set('HSI', 23_150);
      await second.poll();
      const titles = fake.messages.map(
        (m) => (m.payload.embeds as { title: string }[] | undefined)?.[0]?.title,
      );
      expect(titles).toContain('▼ Hang Seng Index -0.60% on the day');
    },
    HEAVY_TEST_MS,
  );
});
