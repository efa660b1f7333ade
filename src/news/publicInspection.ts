import { z } from 'zod';
import { parseFeedDate } from './feedDates.js';
import { emptySkips } from './feedItem.js';
import type { NewsItem, ParsedFeed } from './feedItem.js';
import { plainText } from './feedText.js';

/**
 * The Federal Register's public-inspection desk, `api/v1/public-inspection-documents/current.json`:
 * documents filed for publication in a coming issue, listed from 8:45 a.m. Eastern the business day
 * before (regular filings) or at any time (special filings), each with its filing time. The envelope
 * is `{count, results, special_filings_updated_at, regular_filings_updated_at}`; a document carries
 * `document_number, title, type, agencies [{raw_name, name, id, slug, parent_id…}], filed_at
 * ("2025-06-02T08:45:00.000-04:00", null once withdrawn), filing_type (regular | special),
 * publication_date, html_url, pdf_url, toc_subject, toc_doc, subject_1…3, editorial_note`. There is
 * no abstract before publication: the subjects are the body. docs/news-sources.md says how this was checked.
 */

export interface PublicInspectionOptions {
  /** Agency slugs whose documents are kept (`industry-and-security-bureau`…); empty keeps every agency. */
  readonly agencies?: readonly string[];
  /** Presidential documents are kept whichever agency they are filed under. */
  readonly presidentialDocuments?: boolean;
}

const PRESIDENTIAL = 'Presidential Document';

const agencySchema = z.looseObject({
  raw_name: z.string().nullish(),
  name: z.string().nullish(),
  slug: z.string().nullish(),
});

const documentSchema = z.looseObject({
  title: z.string().nullish(),
  type: z.string().nullish(),
  filed_at: z.string().nullish(),
  filing_type: z.string().nullish(),
  html_url: z.string().nullish(),
  agencies: z.array(agencySchema).nullish(),
  toc_subject: z.string().nullish(),
  toc_doc: z.string().nullish(),
  subject_1: z.string().nullish(),
  subject_2: z.string().nullish(),
  subject_3: z.string().nullish(),
});

const envelopeSchema = z.looseObject({ results: z.array(z.unknown()).default([]) });

type Document = z.infer<typeof documentSchema>;

function wanted(doc: Document, options: PublicInspectionOptions): boolean {
  const agencies = options.agencies ?? [];
  if (options.presidentialDocuments === true && doc.type === PRESIDENTIAL) return true;
  return agencies.length === 0 || (doc.agencies ?? []).some((a) => agencies.includes(a.slug ?? ''));
}

/** The subjects the desk files a document under, each once, and not the title again. */
function bodyOf(doc: Document, title: string): string {
  const parts = [doc.toc_subject, doc.toc_doc, doc.subject_1, doc.subject_2, doc.subject_3]
    .map((p) => plainText(p ?? '').replace(/[:;,]\s*$/, ''))
    .filter((p) => p && p.toLowerCase() !== title.toLowerCase());
  return [...new Set(parts)].join('. ');
}

function categoriesOf(doc: Document): string[] {
  const filing = doc.filing_type === 'special' ? 'Special filing' : doc.filing_type ? 'Regular filing' : '';
  const agencies = (doc.agencies ?? []).map((a) => a.name ?? a.raw_name ?? '');
  return [doc.type ?? '', filing, ...agencies].map((c) => plainText(c, 100)).filter(Boolean);
}

function toItem(source: string, doc: Document, publishedAt: number): NewsItem {
  const title = plainText(doc.title ?? '');
  const body = bodyOf(doc, title);
  return {
    source,
    title,
    link: doc.html_url ?? null,
    publishedAt,
    ...(body ? { body } : {}),
    categories: categoriesOf(doc),
  };
}

/**
 * Parses current.json: the documents of the chosen agencies, stamped with their filing time (an
 * offset is always written; Eastern is assumed only if one were missing). A document without a title
 * or a filing time (withdrawn) is skipped and counted. Throws when the body is not the desk's JSON.
 */
export function parsePublicInspection(
  source: string,
  body: string,
  options: PublicInspectionOptions = {},
): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(
      `public inspection answered with something other than JSON: "${body.trim().slice(0, 80)}"`,
    );
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new Error('public inspection JSON has no "results" list');
  const skippedBy = emptySkips();
  const items: NewsItem[] = [];
  for (const raw of envelope.data.results) {
    const parsed = documentSchema.safeParse(raw);
    if (!parsed.success) {
      skippedBy.unparseable++;
      continue;
    }
    const doc = parsed.data;
    if (!wanted(doc, options)) continue;
    const filedAt = parseFeedDate(doc.filed_at ?? '', 'America/New_York');
    if (!doc.title?.trim()) skippedBy.noTitle++;
    else if (filedAt === null) skippedBy.badDate++;
    else items.push(toItem(source, doc, filedAt));
  }
  const skipped = skippedBy.noTitle + skippedBy.badDate + skippedBy.unparseable;
  return { items, skipped, skippedBy };
}
