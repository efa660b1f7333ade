import { watchConfig } from '../config/watchConfig.js';
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
    apply: (next, text) => {
      watcher.markWritten(text);
      config.apply(next);
    },
    now,
    log,
  });
}
