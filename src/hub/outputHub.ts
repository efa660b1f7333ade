import type { WrapPost } from '../hub/messages.js';
import type { AlertBatch, AlertSink } from './messages.js';

/** Something that receives what the bot publishes: alert batches and, optionally, plain notices. */
export interface Output {
  readonly sink: AlertSink;
  /** A plain notice for people (e.g. a rejected config edit); outputs without a channel ignore it. */
  notice?(text: string): void;
  /** A market's daily wrap; outputs without a channel ignore it. */
  wrap?(post: WrapPost): void;
}

/**
 * The publishing side the monitor and the config watcher talk to; outputs subscribe to it. It breaks
 * the monitor ↔ Discord dependency (Discord renders with the monitor's config, the monitor emits
 * alerts) without a late-bound alias: who listens is decided once, in the composition root.
 */
export interface OutputHub {
  /** The sink the monitor publishes alert batches to; fans out to every subscribed output. */
  readonly sink: AlertSink;
  notice(text: string): void;
  wrap(post: WrapPost): void;
  subscribe(output: Output): void;
}

export function createOutputHub(): OutputHub {
  const outputs: Output[] = [];
  return {
    sink: {
      // Synchronous and inside the store transaction: a staging error must roll the poll back.
      stage(batch: AlertBatch) {
        for (const output of outputs) output.sink.stage?.(batch);
      },
      async deliver(batch: AlertBatch) {
        const results = await Promise.allSettled(outputs.map((o) => o.sink.deliver(batch)));
        const failed = results.find((r) => r.status === 'rejected');
        // One broken output never holds up another; the caller still hears about the failure.
        if (failed) throw failed.reason;
      },
    },
    notice(text) {
      for (const output of outputs) output.notice?.(text);
    },
    wrap(post) {
      for (const output of outputs) output.wrap?.(post);
    },
    subscribe(output) {
      outputs.push(output);
    },
  };
}
