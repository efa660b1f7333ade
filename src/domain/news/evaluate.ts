import { readHeadline } from './readHeadline.js';
import type { NewsRelevanceSettings } from './settings.js';

/** One hand-labelled headline. */
export interface LabelledHeadline {
  readonly relevant: boolean;
  readonly headline: string;
}

export interface Misjudged {
  readonly headline: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface LabelEvaluation {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly counts: { readonly tp: number; readonly fp: number; readonly fn: number; readonly tn: number };
  readonly falsePositives: readonly Misjudged[];
  readonly falseNegatives: readonly Misjudged[];
}

/** A first line naming the columns, as spreadsheets export it: "label<TAB>headline". */
const HEADER = /^\s*label\t\s*(?:headline|title|text)?\s*$/i;

/**
 * `label<TAB>headline` lines (label 1 or 0; blank lines and # comments skipped, and a header line
 * before the first row). Errors name the line.
 */
export function parseLabels(text: string): { rows: LabelledHeadline[]; errors: string[] } {
  const rows: LabelledHeadline[] = [];
  const errors: string[] = [];
  let first = true;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const header = first && HEADER.test(line.replace(/\r$/, ''));
    first = false;
    if (header) return;
    const m = /^([01])\t(.*\S.*)$/.exec(line.replace(/\r$/, ''));
    if (m?.[1] === undefined || m[2] === undefined)
      errors.push(`line ${i + 1}: expected "1<TAB>headline" or "0<TAB>headline"`);
    else rows.push({ relevant: m[1] === '1', headline: m[2].trim() });
  });
  return { rows, errors };
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

/** Precision, recall and F1 of the relevance verdict against the labels, and every headline it got wrong. */
export function evaluateLabels(
  rows: readonly LabelledHeadline[],
  settings: NewsRelevanceSettings,
): LabelEvaluation {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const falsePositives: Misjudged[] = [];
  const falseNegatives: Misjudged[] = [];
  for (const { relevant, headline } of rows) {
    const reading = readHeadline(headline, settings);
    const wrong = { headline, score: reading.score, reasons: reading.reasons };
    if (reading.relevant && relevant) counts.tp++;
    else if (!reading.relevant && !relevant) counts.tn++;
    else if (reading.relevant) {
      counts.fp++;
      falsePositives.push(wrong);
    } else {
      counts.fn++;
      falseNegatives.push(wrong);
    }
  }
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { precision, recall, f1, counts, falsePositives, falseNegatives };
}
