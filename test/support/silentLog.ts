import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.js';

/** A real pino logger whose lines go nowhere, for tests that do not read the log. */
export const silentLog = createLogger({
  stream: new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  }),
});
