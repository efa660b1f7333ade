import { processIo } from './io.js';
import { replayCli } from './replayCli.js';

process.exitCode = await replayCli(process.argv.slice(2), processIo());
