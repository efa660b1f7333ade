import { ConfigError } from '../config/config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/loadConfig.js';

const path = process.argv[2] ?? process.env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH;
try {
  const config = loadConfigFile(path);
  const ids = config.instruments.map((i) => i.id).join(', ');
  process.stdout.write(`${path}: valid (${config.instruments.length} instruments: ${ids})\n`);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
