import { readFile } from 'node:fs/promises';
import { watchConfig } from '../config/watchConfig.js';
import { writeFileAtomic } from '../config/writeFileAtomic.js';
import { overlayStoredOverrides } from '../services/storedOverrides.js';
import { createThresholdEditor } from '../services/thresholdEditor.js';
import type { ThresholdEditor } from '../services/thresholdEditor.js';
import type { BotContext } from './context.js';

/**
 * Hand edits of the config file and /threshold edits both land in the config holder, which every
 * reader follows; a /threshold write is not mistaken for a hand edit. A rejected hand edit keeps the
 * running config and tells people through the hub.
 */
export function startReload(ctx: BotContext): ThresholdEditor {
  const { log, now, hub, config, store, configPath } = ctx;
  const watcher = watchConfig(configPath, {
    onChange: (next) => {
      config.apply(next);
    },
    // The watcher logs the rejection (one line); the channel hears of it too.
    onInvalid: (problems) => {
      const text = `⚠️ The edit to the bot's config was rejected and the running config kept:\n${problems.join('\n')}`;
      hub.publish({ kind: 'notice', text });
    },
    log,
  });
  ctx.teardown.push(() => {
    watcher.stop();
  });
  return createThresholdEditor({
    configPath,
    audit: store,
    overrides: store,
    apply: (next, text) => {
      watcher.markWritten(text);
      config.apply(next);
    },
    now,
    log,
  });
}

/**
 * A replica that becomes leader of a shared store lays the thresholds people set on any replica over
 * its own file, and writes the result there, so the file, /threshold show and the next edit agree.
 * A file it cannot write keeps the overrides in the running config only, with a warning.
 */
export async function layStoredOverrides(ctx: BotContext): Promise<void> {
  const { log, store, configPath, config } = ctx;
  const text = await readFile(configPath, 'utf8');
  const overlaid = overlayStoredOverrides(text, store.thresholdOverrides());
  for (const problem of overlaid.problems) log.warn(problem);
  if (overlaid.config === null) return;
  config.apply(overlaid.config);
  await writeFileAtomic(configPath, overlaid.text).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    log.warn(
      { path: configPath, code },
      'the thresholds set on other replicas apply, but the config file cannot be written to show them; mount its folder writable',
    );
  });
  log.info(
    { overrides: store.thresholdOverrides().length },
    'thresholds set on any replica applied from the shared store',
  );
}
