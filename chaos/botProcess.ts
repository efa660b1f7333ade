import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const STOP_GRACE_MS = 10_000;

export interface BotProcess {
  /** Exits the supervisor did not cause (a crash or an exit at start), with their codes. */
  readonly unplannedExits: (number | null)[];
  readonly starts: number;
  start(): void;
  /** SIGKILL the running bot and wait for it to be gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not stopped within a grace period. */
  stop(): Promise<void>;
  running(): boolean;
}

/** Runs `node dist/main.js` with `env` (and nothing inherited but PATH), appending its output to `logPath`. */
export function botProcess(env: Record<string, string>, logPath: string): BotProcess {
  const log: WriteStream = createWriteStream(logPath, { flags: 'a' });
  let child: ChildProcess | null = null;
  const planned = new WeakSet<ChildProcess>();
  let starts = 0;
  const handle: BotProcess = {
    unplannedExits: [],
    get starts() {
      return starts;
    },
    start() {
      const started = spawn(process.execPath, ['dist/main.js'], {
        env: { PATH: process.env.PATH ?? '', LOG_PRETTY: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.stdout.pipe(log, { end: false });
      started.stderr.pipe(log, { end: false });
      started.on('exit', (code) => {
        if (!planned.has(started)) handle.unplannedExits.push(code);
        if (child === started) child = null;
      });
      child = started;
      starts += 1;
    },
    async kill() {
      await end('SIGKILL');
    },
    async stop() {
      const current = child;
      const timer = setTimeout(() => current?.kill('SIGKILL'), STOP_GRACE_MS);
      await end('SIGTERM');
      clearTimeout(timer);
      log.end();
    },
    running: () => child !== null,
  };
  async function end(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    if (!current || current.exitCode !== null) return;
    planned.add(current);
    const exited = once(current, 'exit');
    current.kill(signal);
    await exited;
  }
  return handle;
}
