import { processIo } from './io.js';
import { scoreCli } from './scoreCli.js';

process.exitCode = scoreCli(process.argv.slice(2), processIo());
