import { processIo } from './io.js';
import { studyCli } from './studyCli.js';

process.exitCode = await studyCli(process.argv.slice(2), processIo());
