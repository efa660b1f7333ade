import { processIo } from './io.js';
import { registerCommandsCli } from './registerCommandsCli.js';

process.exitCode = await registerCommandsCli(process.argv.slice(2), processIo());
