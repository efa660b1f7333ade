import { ConfigError } from '../config/config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';
import type { CliIo } from './io.js';

/** `npm run check-config [file]`: validates a config file, listing every problem. Returns the exit code. */
export function checkConfigCli(argv: readonly string[], io: CliIo): number {
  const path = argv[0] ?? io.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH;
  try {
    const config = loadConfigFile(path);
    const ids = config.instruments.map((i) => i.id).join(', ');
    io.stdout.write(`${path}: valid (${config.instruments.length} instruments: ${ids})\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    return 1;
  }
}
