import { processIo } from './io.js';
import { runNews } from './newsCli.js';

process.exitCode = await runNews(process.argv.slice(2), processIo());
