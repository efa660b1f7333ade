import { z } from 'zod';
import data from './companies.json' with { type: 'json' };
import type { PartyId } from './headline.js';

/**
 * Major companies named in trade news, each counted as its home party: "Inspur" names China as
 * "Beijing" does. Kept as data (companies.json) so the list grows without touching code; it ships
 * inside the build because the domain imports it, and it is checked here once, at load.
 */
const companiesFile = z.object({
  description: z.string(),
  companies: z.array(
    z.object({
      party: z.string().regex(/^[A-Z]{2}$/, 'a two-letter party id such as CN'),
      name: z.string().min(2),
      aliases: z.array(z.string().min(2)).optional(),
    }),
  ),
});

const COMPANIES = companiesFile.parse(data).companies;

/** Each company by its name and aliases, lowercased: "tsmc" and "taiwan semiconductor" are one. */
export const COMPANY_BY_NAME: ReadonlyMap<string, string> = new Map(
  COMPANIES.flatMap((c) =>
    [c.name, ...(c.aliases ?? [])].map((n) => [n.toLowerCase(), c.name.toLowerCase()] as const),
  ),
);

/** Every company name and alias by home party. */
export const COMPANY_NAMES: Readonly<Record<PartyId, readonly string[]>> = (() => {
  const byParty: Record<PartyId, string[]> = {};
  for (const company of COMPANIES) {
    (byParty[company.party] ??= []).push(company.name, ...(company.aliases ?? []));
  }
  return byParty;
})();
