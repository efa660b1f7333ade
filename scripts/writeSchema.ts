import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../src/config/configJsonSchema.js';

// `npm run schema`: regenerates the config's JSON Schema from the zod schema, formatted as the repo's
// Prettier settings format JSON, so `npm run lint` passes on the committed file.
const options = await resolveConfig(CONFIG_SCHEMA_FILE);
const text = await format(JSON.stringify(configJsonSchema()), { ...options, filepath: CONFIG_SCHEMA_FILE });
writeFileSync(CONFIG_SCHEMA_FILE, text);
process.stdout.write(`wrote ${CONFIG_SCHEMA_FILE}\n`);
