import { parseArgs } from 'node:util';
import { REST, Routes } from 'discord.js';
import type { RESTGetCurrentApplicationResult } from 'discord.js';
import { ConfigError } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { loadConfigFile } from '../config/loadConfig.js';
import { restOptions } from '../discord/client.js';
import { COMMANDS } from '../discord/commands/definitions.js';

const USAGE = 'usage: npm run register-commands -- [--guild <id> | --global]';

/**
 * Registers the slash commands: to one guild (instant, for testing and single-server bots) or
 * globally (every server; Discord may take a while to show changes).
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { guild: { type: 'string' }, global: { type: 'boolean', default: false } },
  });
  const env = readEnv(process.env);
  if (!env.ok) {
    process.stderr.write(`Invalid environment:\n${env.problems.join('\n')}\n`);
    return 1;
  }
  const token = env.env.DISCORD_TOKEN;
  if (!token) {
    process.stderr.write(`DISCORD_TOKEN is not set: registering commands needs the bot token.\n${USAGE}\n`);
    return 1;
  }
  let guildId = values.guild ?? env.env.DISCORD_GUILD_ID ?? null;
  if (!values.global && guildId === null) {
    try {
      guildId = loadConfigFile(env.env.CONFIG_PATH).discord.guildId;
    } catch (err) {
      process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
      return 1;
    }
  }
  if (!values.global && guildId === null) {
    process.stderr.write(
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
    process.stdout.write(`Registered ${saved.length} commands ${scope} for application ${app.id}.\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`Registering failed: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
