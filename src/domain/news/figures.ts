const PERCENT = /(\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b)/giu;
const MONEY = /\$\s?(\d+(?:\.\d+)?)\s*(trillion|trln|tn|billion|bln|bn|b|million|mln|mn|m)?\b/giu;
const SPAN = /\b(\d+)[\s-]*(day|week|month|year)s?\b/giu;

const MONEY_UNIT: Readonly<Record<string, string>> = {
  trillion: 'tn',
  tn: 'tn',
  trln: 'tn',
  bln: 'bn',
  mln: 'mn',
  billion: 'bn',
  bn: 'bn',
  b: 'bn',
  million: 'mn',
  mn: 'mn',
  m: 'mn',
};

/** Figures in a normal form so "84 percent" and "84%", "$50 billion" and "$50bn" compare equal. */
export function extractFigures(text: string): string[] {
  const figures: string[] = [];
  for (const m of text.matchAll(PERCENT)) figures.push(`${Number(m[1])}%`);
  for (const m of text.matchAll(MONEY)) {
    const unit = m[2] === undefined ? '' : (MONEY_UNIT[m[2].toLowerCase()] ?? '');
    figures.push(`$${Number(m[1])}${unit}`);
  }
  for (const m of text.matchAll(SPAN)) {
    const count = Number(m[1]);
    figures.push(`${count} ${(m[2] ?? '').toLowerCase()}${count === 1 ? '' : 's'}`);
  }
  return [...new Set(figures)];
}
