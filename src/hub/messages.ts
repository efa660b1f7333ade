/**
 * What the bot sends people, whatever the output: one typed union of alert batches, notices, daily
 * wraps, reaction reports and members' personal alerts. Publishers say what happened; each output words every kind its way.
 */
import type { Alert, EventRef } from '../domain/alert.js';
import type { PersonalFiring } from '../domain/personalAlert.js';
import type { PricePoint } from '../domain/quote.js';
import type { Reaction } from '../domain/reaction.js';

/** The alerts of one poll; several instruments moving together arrive as one batch. */
export interface AlertBatch {
  /** When the poll ran, epoch ms. */
  readonly time: number;
  readonly alerts: readonly Alert[];
  /** The provider each instrument's quote came from, for display. */
  readonly providers: Readonly<Record<string, string>>;
}

/**
 * The pipeline's seam for alerts (the hub's `sink` forwards to every output). Implementations must
 * not throw for a bad alert.
 */
export interface AlertSink {
  /**
   * Called inside the store transaction that records the alerts, so a durable sink (the Discord
   * outbox) keeps them atomically with the record: a crash can then neither lose nor double one.
   */
  stage?(batch: AlertBatch): void;
  /** Sends what was staged (or the batch itself, for sinks that do not stage). */
  deliver(batch: AlertBatch): Promise<void>;
}

/** A wrap ready to post: the text as of the close, and the moment it covers (for its chart). */
export interface WrapPost {
  readonly market: string;
  readonly tradingDay: string;
  readonly text: string;
  readonly until: number;
  /**
   * Each instrument's previous close (id → price), so the chart measures from the base the text
   * does; absent in wraps queued before it existed (their chart then counts from the open).
   */
  readonly previousCloses?: Readonly<Record<string, number>> | undefined;
}

/** One line of a reaction report: an instrument (or the CNH/CNY gap) and its moves since T0. */
export interface ReportRow {
  readonly label: string;
  /** The steps and where they are measured from; the table needs nothing else. */
  readonly reaction: Omit<Reaction, 'points'>;
  /** The screened prices the final report's chart draws; empty in the updates before it. */
  readonly points: readonly PricePoint[];
}

/**
 * A reaction report as of one moment. A report is opened once and then updated under the same key,
 * so an output that posts the opening edits that message afterwards.
 */
export interface ReportMessage {
  readonly kind: 'report';
  /** Stable for the report's whole life (its event's id). */
  readonly key: string;
  /** 'open' the first time, 'update' for every later version. */
  readonly phase: 'open' | 'update';
  /** When this version was measured, epoch ms. */
  readonly at: number;
  readonly event: EventRef;
  /** The terms the headline matched. */
  readonly terms: readonly string[];
  /** The newest headline merged into the event (another outlet, a later update), if any. */
  readonly update: { readonly title: string; readonly source: string } | null;
  readonly rows: readonly ReportRow[];
  /**
   * The version with the chart: every row measured from T0 is settled (T+60, a missing price shown as
   * "no price"). Rows of markets closed at T0 may still be completed by later (final) versions.
   */
  readonly final: boolean;
}

export type HubMessage =
  | { readonly kind: 'alerts'; readonly batch: AlertBatch }
  /** A plain notice for people, e.g. a rejected config edit or a news flood summary. */
  | { readonly kind: 'notice'; readonly text: string }
  | { readonly kind: 'wrap'; readonly wrap: WrapPost }
  /** A member's own alert that fired: to that member alone (a DM, else one mention of them). */
  | { readonly kind: 'personal'; readonly firing: PersonalFiring }
  | ReportMessage;
