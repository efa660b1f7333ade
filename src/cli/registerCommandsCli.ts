import { parseArgs } from 'node:util';
import { REST, Routes } from 'discord.js';
import type { RESTGetCurrentApplicationResult } from 'discord.js';
import { ConfigError } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { loadConfigFile } from '../config/loadConfig.js';
import { restOptions } from '../discord/client.js';
import { COMMANDS } from '../discord/commands/definitions.js';
import type { CliIo } from './io.js';

const USAGE = 'usage: npm run register-commands -- [--guild <id> | --global]';

/**
 * Registers the slash commands: to one guild (instant, for testing and single-server bots) or
 * globally (every server; Discord may take a while to show changes).
 */
export async function registerCommandsCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { guild: { type: 'string' }, global: { type: 'boolean', default: false } },
  });
  const env = readEnv(io.env);
  if (!env.ok) {
    io.stderr.write(`Invalid environment:\n${env.problems.join('\n')}\n`);
    return 1;
  }
  const token = env.env.DISCORD_TOKEN;
  if (!token) {
    io.stderr.write(`DISCORD_TOKEN is not set: registering commands needs the bot token.\n${USAGE}\n`);
    return 1;
  }
  let guildId = values.guild ?? env.env.DISCORD_GUILD_ID ?? null;
  if (!values.global && guildId === null) {
    try {
      guildId = loadConfigFile(env.env.CONFIG_PATH).discord.guildId;
    } catch (err) {
      io.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
      return 1;
    }
  }
  if (!values.global && guildId === null) {
    io.stderr.write(
      `No guild: pass --guild, set DISCORD_GUILD_ID or discord.guildId, or use --global.\n${USAGE}\n`,
    );
    return 1;
  }
  const rest = new REST(restOptions(env.env.DISCORD_API_URL)).setToken(token);
  try {
    const app = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
    const route =
      values.global || guildId === null
        ? Routes.applicationCommands(app.id)
        : Routes.applicationGuildCommands(app.id, guildId);
    const saved = (await rest.put(route, { body: COMMANDS })) as unknown[];
    const scope = values.global ? 'globally' : `to guild ${guildId ?? ''}`;
    io.stdout.write(`Registered ${saved.length} commands ${scope} for application ${app.id}.\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`Registering failed: ${(err as Error).message}\n`);
    return 1;
  }
}
