import { checkConfigCli } from './checkConfigCli.js';
import { processIo } from './io.js';

process.exitCode = checkConfigCli(process.argv.slice(2), processIo());
