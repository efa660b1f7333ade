import { z } from 'zod';
import { DEFAULT_CONFIG_PATH } from './loadConfig.js';

const optionalUrl = z.url().optional();

/** The environment: secrets and paths only; everything else lives in the config file. */
const envSchema = z.object({
  CONFIG_PATH: z.string().min(1).default(DEFAULT_CONFIG_PATH),
  STATE_DB: z.string().min(1).default('data/bot.db'),
  STORE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'expected postgres://user:password@host:port/database')
    .optional()
    .describe('A shared PostgreSQL store for two or more replicas; unset = the SQLite file of STATE_DB'),
  REPLICA_ID: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, 'expected up to 64 letters, digits, dots, colons, dashes or underscores')
    .optional()
    .describe('This replica’s name in the leader lease; default: host name and process id'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  LOG_PRETTY: z.enum(['0', '1']).optional(),
  YAHOO_BASE_URL: optionalUrl,
  TWELVEDATA_BASE_URL: optionalUrl,
  TWELVEDATA_API_KEY: z.string().min(1).optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_API_URL: optionalUrl.describe('REST base for Discord (tests, proxies); default Discord'),
  DISCORD_WEBHOOK_URL: optionalUrl.describe('Webhook-only mode: alerts without a bot token or commands'),
  DISCORD_CHANNEL_ID: z
    .string()
    .regex(/^\d{17,20}$/, 'expected a Discord channel id')
    .optional(),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{17,20}$/, 'expected a Discord guild id')
    .optional(),
  HTTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .optional()
    .describe('Port of /healthz, /readyz and /metrics; unset = no HTTP server, 0 = any free port'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('Address the HTTP server listens on'),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(8_000)
    .describe('How long a stop may take before it is cut short (below Docker’s 10 s)'),
});

export type Env = z.infer<typeof envSchema>;

/** Every variable the bot reads; `.env.example` must document each (test/ops/envExample.test.ts). */
export const ENV_VARIABLES = Object.keys(envSchema.shape) as readonly (keyof Env)[];

/** Reads the environment; unset-but-empty values count as unset. Returns every problem at once. */
export function readEnv(
  source: NodeJS.ProcessEnv,
): { ok: true; env: Env } | { ok: false; problems: string[] } {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

/**
 * The secret values in the environment, for the redactor (src/http/redact.ts): the bot token, the
 * Twelve Data key, a webhook URL's token (its last path part; the rest of the URL is not secret) and
 * the password of STORE_URL.
 */
export function secretValues(
  env: Pick<Env, 'DISCORD_TOKEN' | 'TWELVEDATA_API_KEY' | 'DISCORD_WEBHOOK_URL' | 'STORE_URL'>,
): string[] {
  const webhook = env.DISCORD_WEBHOOK_URL;
  const webhookToken = webhook ? new URL(webhook).pathname.split('/').filter(Boolean).at(-1) : undefined;
  return [env.DISCORD_TOKEN, env.TWELVEDATA_API_KEY, webhookToken, storePassword(env.STORE_URL)].filter(
    (value): value is string => value !== undefined,
  );
}

/** The password in a postgres:// URL, decoded as the driver uses it; undefined when there is none. */
function storePassword(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}
