import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const STOP_GRACE_MS = 10_000;
/** Enough of the end of a crashed process's output to find its error. */
const TAIL_CHARS = 16_384;

/** An exit the supervisor did not cause: a crash, or an exit at start. Any one fails the run. */
export interface Crash {
  readonly code: number | null;
  readonly signal: string | null;
  /** Epoch ms. */
  readonly at: number;
  /** Which start of the process it was (1 for the first). */
  readonly run: number;
  /** The uncaught error's line from stderr, else the last line the bot logged. */
  readonly lastError: string;
}

export interface BotProcess {
  readonly crashes: readonly Crash[];
  readonly starts: number;
  start(): void;
  /** SIGKILL the running bot and wait for it to be gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not stopped within a grace period. */
  stop(): Promise<void>;
  running(): boolean;
}

/** Keeps the last TAIL_CHARS of a stream's text. */
function tailOf(stream: NodeJS.ReadableStream): () => string {
  let tail = '';
  stream.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
  });
  return () => tail;
}

/** Node prints an uncaught error's stack to stderr ("RangeError: Maximum call stack size exceeded"). */
export function crashLine(stderr: string, stdout: string): string {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  const thrown = lines(stderr).find((l) => /^(?:[A-Z]\w*)?Error\b/.test(l));
  const last = thrown ?? lines(stderr).at(-1) ?? lines(stdout).at(-1) ?? '(no output)';
  return last.slice(0, 300);
}

/**
 * Runs `node dist/main.js` with `env` (and nothing inherited but PATH), appending its output to
 * `logPath`; `onLine` hears each line it writes to stdout as it comes (its JSON log), with the number
 * of the start that wrote it (1 for the first), since a killed run's last lines may come after the
 * next run has begun.
 */
export function botProcess(
  env: Record<string, string>,
  logPath: string,
  onLine?: (line: string, run: number) => void,
): BotProcess {
  const log: WriteStream = createWriteStream(logPath, { flags: 'a' });
  let child: ChildProcess | null = null;
  const planned = new WeakSet<ChildProcess>();
  const crashes: Crash[] = [];
  let starts = 0;
  const handle: BotProcess = {
    crashes,
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
      const [stdout, stderr] = [tailOf(started.stdout), tailOf(started.stderr)];
      const run = starts + 1;
      if (onLine)
        createInterface({ input: started.stdout }).on('line', (line) => {
          onLine(line, run);
        });
      started.on('exit', () => {
        if (child === started) child = null;
      });
      // 'close' comes once the output is read to its end, so the error is in the tail.
      started.on('close', (code, signal) => {
        if (planned.has(started)) return;
        crashes.push({ code, signal, at: Date.now(), run, lastError: crashLine(stderr(), stdout()) });
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
