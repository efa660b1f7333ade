import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommandsCli } from '../../src/cli/registerCommandsCli.js';
import { COMMANDS } from '../../src/discord/commands/definitions.js';
import { captureIo } from '../support/cliIo.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { FakeDiscord } from '../support/fakeDiscord/index.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake.close();
});

/** The command in-process, with only the given environment (no guild, no token unless given). */
async function run(args: string[], env: Record<string, string>) {
  const captured = captureIo(env);
  const code = await registerCommandsCli(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('npm run register-commands', () => {
  it('GIVEN a guild THEN every command is registered there and Discord accepts the definitions', async () => {
    const result = await run(['--guild', fake.guild.id], {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiBase,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered ${COMMANDS.length} commands to guild ${fake.guild.id}`);
    const [registration] = fake.commandRegistrations;
    expect(registration?.scope).toBe('guild');
    expect(registration?.commands.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(fake.validationErrors).toEqual([]);
  });

  it('GIVEN --global THEN the commands are registered for every server', async () => {
    const result = await run(['--global'], { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase });
    expect(result.code).toBe(0);
    expect(fake.commandRegistrations.at(-1)?.scope).toBe('global');
  });

  it('GIVEN no token THEN it says what is missing', async () => {
    const result = await run(['--global'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_TOKEN is not set');
  });

  it('GIVEN a wrong token THEN it fails without printing the token', async () => {
    const result = await run(['--global'], {
      DISCORD_TOKEN: 'wrong-token-value',
      DISCORD_API_URL: fake.apiBase,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Registering failed: /);
    expect(result.stderr).not.toContain('wrong-token-value');
  });
});
