import type { Logger } from '../log.js';
import type { AlertSink, HubMessage } from './messages.js';

/** Something that receives every message the bot publishes: the console, Discord (bot or webhook). */
export interface Output {
  /**
   * Queues the message durably, inside the publisher's store transaction when it has one (the
   * Discord outbox). Outputs without a queue leave it out and handle the message in `deliver`.
   */
  stage?(message: HubMessage): void;
  /** Sends what was staged, or the message itself for outputs that do not stage. */
  deliver(message: HubMessage): Promise<void>;
}

/**
 * The one road out: the pipeline, the config watcher, the stream, the wrap poster and the reaction
 * reporter publish here, and the outputs chosen in the composition root subscribe. Publishers never
 * know which outputs listen, so no adapter is imported by the pipeline.
 */
export interface OutputHub {
  /** The pipeline's seam: alert batches staged inside the poll's transaction, then delivered. */
  readonly sink: AlertSink;
  /** Synchronous, so a publisher can stage inside its own store transaction with what it records. */
  stage(message: HubMessage): void;
  /** Sends what was staged; one broken output never holds up another, and the first failure rejects. */
  deliver(message: HubMessage): Promise<void>;
  /** Stages and delivers in the background, logging a failure: for messages that record nothing. */
  publish(message: HubMessage): void;
  subscribe(output: Output): void;
}

export function createOutputHub(log: Logger): OutputHub {
  const outputs: Output[] = [];
  // Synchronous: a staging error inside a store transaction must roll it back.
  const stage = (message: HubMessage) => {
    for (const output of outputs) output.stage?.(message);
  };
  const deliver = async (message: HubMessage) => {
    const results = await Promise.allSettled(outputs.map((o) => o.deliver(message)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  return {
    sink: {
      stage: (batch) => {
        stage({ kind: 'alerts', batch });
      },
      deliver: (batch) => deliver({ kind: 'alerts', batch }),
    },
    stage,
    deliver,
    publish(message) {
      try {
        stage(message);
      } catch (err) {
        log.error({ kind: message.kind, err }, 'message not queued');
        return;
      }
      deliver(message).catch((err: unknown) => {
        log.error({ kind: message.kind, err }, 'message not delivered');
      });
    },
    subscribe(output) {
      outputs.push(output);
    },
  };
}
