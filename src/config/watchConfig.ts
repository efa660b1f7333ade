import { readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../log.js';
import type { Config, ConfigResult } from './config.js';
import { parseConfigText } from './loadConfig.js';

export interface WatchConfigOptions {
  /** A valid edit whose text differs from the running config's. */
  readonly onChange: (config: Config, text: string) => void;
  /** An invalid edit, reported once per distinct text; the running config stays. */
  readonly onInvalid: (problems: readonly string[]) => void;
  readonly log?: Pick<Logger, 'info' | 'warn'> | undefined;
  /** Quiet time after the last file event before the file is read; editors write in bursts. */
  readonly debounceMs?: number | undefined;
  /**
   * Asks for a read after a file event, each request replacing the one before. Defaults to a timer
   * of debounceMs; tests pass their own, run the read when they choose and await it.
   */
  readonly scheduleRead?: ((read: () => Promise<void>) => void) | undefined;
  /** The text the running config came from; read from the file when the watch starts if omitted. */
  readonly initialText?: string | undefined;
}

export interface ConfigWatch {
  stop(): void;
  /**
   * Records text the bot itself wrote (call it right before or after its own write), so the write is
   * not taken for a hand edit: the bot already runs that config, and reloading it would loop.
   */
  markWritten(text: string): void;
}

const MISSING = Symbol('missing');

/** What the watch remembers between file events. */
interface WatchState {
  /** The text of the running config. */
  current: string | undefined;
  /** The last rejected text (or a missing file), so each problem is reported once. */
  lastBad: string | typeof MISSING | undefined;
  stopped: boolean;
}

/** Judges one read of the file: apply a valid change, report an invalid one once. */
function createEditJudge(file: string, options: WatchConfigOptions, state: WatchState) {
  const { onChange, onInvalid, log } = options;
  function reportOnce(key: string | typeof MISSING, problems: readonly string[]): void {
    if (state.stopped || key === state.lastBad) return;
    state.lastBad = key;
    log?.warn({ path: file, problems }, 'config edit rejected; the running config stays');
    onInvalid(problems);
  }
  function apply(text: string): void {
    if (state.stopped) return;
    if (text === state.current) {
      state.lastBad = undefined;
      return;
    }
    const result = parseSafely(text);
    if (!result.ok) {
      reportOnce(text, result.problems);
      return;
    }
    state.current = text;
    state.lastBad = undefined;
    log?.info({ path: file }, 'config reloaded');
    onChange(result.config, text);
  }
  return async function readAndApply(): Promise<void> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      const why = code === 'ENOENT' ? 'the file is missing (deleted or renamed)' : `cannot read it (${code})`;
      reportOnce(MISSING, [`${file}: ${why}; the running config stays until a valid file is back`]);
      return;
    }
    apply(text);
  };
}

/** parseConfigText reports bad text as problems; anything it still throws is one problem too. */
function parseSafely(text: string): ConfigResult {
  try {
    return parseConfigText(text);
  } catch (err) {
    return {
      ok: false,
      problems: [`the file could not be read: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
}

/** One read at a time; events during a read cause one more read after it. */
function serialised(task: () => Promise<void>): () => Promise<void> {
  let reading = false;
  let again = false;
  const run = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      await task();
    } finally {
      reading = false;
    }
    if (again) {
      again = false;
      await run();
    }
  };
  return run;
}

/**
 * Watches a config file for hand edits. The directory is watched rather than the file because an
 * atomic save (temp file + rename, as editors and writeFileAtomic do) gives the path a new inode,
 * which a watch on the old inode never reports.
 */
export function watchConfig(path: string, options: WatchConfigOptions): ConfigWatch {
  const { log, debounceMs = 200 } = options;
  const file = resolve(path);
  const name = basename(file);
  const state: WatchState = {
    current: options.initialText ?? readText(file),
    lastBad: undefined,
    stopped: false,
  };
  const judge = serialised(createEditJudge(file, options, state));
  // The edit judge reports bad files itself; this only keeps a failing callback from crashing the bot.
  const check = () =>
    judge().catch((err: unknown) => {
      log?.warn({ err, path: file }, 'applying a config edit failed');
    });
  let timer: NodeJS.Timeout | undefined;
  const scheduleRead =
    options.scheduleRead ??
    ((read: () => Promise<void>) => {
      clearTimeout(timer);
      timer = setTimeout(() => void read(), debounceMs);
    });
  const watcher = watch(dirname(file), (_event, changed) => {
    // Some platforms omit the name; then any change in the directory may be ours.
    if (state.stopped || (changed !== null && changed !== name)) return;
    scheduleRead(check);
  });
  watcher.on('error', (err) =>
    log?.warn({ err, path: file }, 'config watch failed; hand edits are no longer seen'),
  );
  return {
    stop() {
      state.stopped = true;
      clearTimeout(timer);
      watcher.close();
    },
    markWritten(text) {
      state.current = text;
      state.lastBad = undefined;
    },
  };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
