import { describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../../src/config/newsSchema.js';
import { readHeadline } from '../../../src/domain/news/readHeadline.js';
import type { NewsRelevanceSettings } from '../../../src/domain/news/settings.js';

const read = (title: string, settings: NewsRelevanceSettings = NEWS_DEFAULTS) =>
  readHeadline(title, settings);
const partiesOf = (title: string) => [...new Set(read(title).parties.map((p) => p.party))].sort();

describe('readHeadline: words in all their forms', () => {
  it.each([
    'China retaliates against new US levies',
    "China's retaliation against US levies",
    'China unveils retaliatory levies on US goods',
    'Beijing vows countermeasures against US levies',
  ])('GIVEN "%s" THEN retaliation is understood and the headline is relevant', (title) => {
    const r = read(title);
    expect(r.concepts).toContain('retaliation');
    expect(r.relevant).toBe(true);
  });

  it.each([
    ['rare-earth curbs', 'rare earth curbs', 'critical-minerals'],
    ['trade-war fears', 'trade war fears', 'trade-war'],
    ['export-control rules', 'export control rules', 'export-controls'],
    ['anti-dumping probe', 'antidumping probe', 'trade-remedies'],
  ])('GIVEN "%s" and "%s" THEN both are %s', (hyphenated, spaced, concept) => {
    expect(read(`China widens ${hyphenated} on US`).concepts).toContain(concept);
    expect(read(`China widens ${spaced} on US`).concepts).toContain(concept);
  });

  it('GIVEN U.S., US and US-China THEN the same parties', () => {
    expect(partiesOf('U.S. raises tariffs on China')).toEqual(['CN', 'US']);
    expect(partiesOf('US raises tariffs on China')).toEqual(['CN', 'US']);
    expect(partiesOf('US-China tariff talks resume')).toEqual(['CN', 'US']);
    expect(partiesOf('Sino-U.S. tariff talks resume')).toEqual(['CN', 'US']);
  });

  it('GIVEN "us" as an ordinary word THEN it is not the United States', () => {
    expect(partiesOf('China tells us tariffs will rise')).toEqual(['CN']);
  });
});

describe('readHeadline: sides by many names', () => {
  it.each([
    ['Bessent', 'US'],
    ['Lutnick', 'US'],
    ['Greer', 'US'],
    ['the Commerce Department', 'US'],
    ['BIS', 'US'],
    ['Nvidia', 'US'],
    ['He Lifeng', 'CN'],
    ['Li Chenggang', 'CN'],
    ['MOFCOM', 'CN'],
    ['Huawei', 'CN'],
    ['ByteDance', 'CN'],
    ['the yuan', 'CN'],
    ['Hang Seng', 'HK'],
    ['Akazawa', 'JP'],
    ['Takaichi', 'JP'],
    ['METI', 'JP'],
    ['Toyota', 'JP'],
    ['the yen', 'JP'],
  ])('GIVEN %s THEN the party is %s', (name, party) => {
    expect(read(`${name} reacts to tariff news`).parties.map((p) => p.party)).toContain(party);
  });

  it('GIVEN a name the config adds to side a THEN it counts as China', () => {
    const settings = { ...NEWS_DEFAULTS, sides: { ...NEWS_DEFAULTS.sides, a: ['Zhongnanhai'] } };
    expect(read('Zhongnanhai weighs tariff response', settings).parties[0]?.party).toBe('CN');
  });
});

describe('readHeadline: who acts on whom', () => {
  it('GIVEN swapped headlines THEN actor and target swap', () => {
    const a = read('China accuses US of breaching trade truce');
    const b = read('US accuses China of breaching trade truce');
    expect([a.actor, a.target]).toEqual(['CN', 'US']);
    expect([b.actor, b.target]).toEqual(['US', 'CN']);
    expect(a.action).toEqual({ lemma: 'accuse', polarity: 'escalate' });
  });

  it('GIVEN a joint subject in either order THEN the same actor and target', () => {
    const a = read('US and China agree to extend tariff truce');
    const b = read('China and US agree to extend tariff truce');
    expect([a.actor, a.target]).toEqual(['CN', 'US']);
    expect([b.actor, b.target]).toEqual(['CN', 'US']);
  });

  it('GIVEN a framing verb THEN the action it introduces is the main one, with its own subject', () => {
    const r = read('Trump says China violated the trade deal');
    expect(r.action?.lemma).toBe('violate');
    expect(r.actor).toBe('CN');
    expect(r.target).toBe('US');
  });

  it('GIVEN the target after "to" or "on" THEN it is found past a same-side company', () => {
    const r = read('Washington reverses ban on Nvidia H20 sales to China');
    expect([r.actor, r.target]).toEqual(['US', 'CN']);
    expect(r.parties.find((p) => p.text === 'Nvidia')?.role).toBe('other');
  });

  it('GIVEN a Title Case headline THEN the verb is still found', () => {
    const r = read('China Bans Exports Of Gallium And Germanium To The United States');
    expect(r.action).toEqual({ lemma: 'ban', polarity: 'escalate' });
    expect([r.actor, r.target]).toEqual(['CN', 'US']);
  });

  it.each([
    ['US raises tariffs on China', 'raise', 'escalate'],
    ['US cuts tariffs on China', 'cut', 'deescalate'],
    ['US imposes ban on Huawei', 'impose', 'escalate'],
    ['US lifts ban on Huawei', 'lift', 'deescalate'],
    ['China bans gallium exports to US', 'ban', 'escalate'],
    ['China allows gallium exports to US', 'allow', 'deescalate'],
    ['US extends trade truce with China', 'extend', 'deescalate'],
    ['US ends trade truce with China', 'end', 'escalate'],
    ['US extends chip curbs on China', 'extend', 'escalate'],
    ['US weighs curbs on Chinese drone maker DJI', 'curb', 'escalate'],
    ['Bessent meets He Lifeng in Geneva', 'meet', 'neutral'],
  ])('GIVEN "%s" THEN the action is %s (%s)', (title, lemma, polarity) => {
    expect(read(title).action).toEqual({ lemma, polarity });
  });
});

describe('readHeadline: figures', () => {
  it('GIVEN different rates THEN different figures; the same rate written two ways THEN the same', () => {
    expect(read('US raises tariffs on Chinese goods to 84%').figures).toEqual(['84%']);
    expect(read('US raises tariffs on Chinese goods to 125%').figures).toEqual(['125%']);
    expect(read('US raises tariffs on Chinese goods to 84 percent').figures).toEqual(['84%']);
  });

  it('GIVEN money and spans THEN normalised', () => {
    expect(read('US to hike tariffs on $200 billion of Chinese goods').figures).toEqual(['$200bn']);
    expect(read('US and China agree 90-day tariff pause').figures).toEqual(['90 days']);
  });
});

describe('readHeadline: relevance', () => {
  it.each([
    'US adds dozens of Chinese tech firms to export blacklist',
    'China launches anti-dumping probe into US analog chips',
    'Bessent says US-China trade talks are a bit stalled',
    'Japan, US agree to cut auto tariffs to 15%',
    'PBOC sets yuan midpoint at weakest since 2023',
  ])('GIVEN "%s" THEN relevant', (title) => {
    expect(read(title).relevant).toBe(true);
  });

  it.each([
    ['US imposes 25% tariffs on Canada and Mexico', 'no Asian party'],
    ['EU prepares countermeasures against US steel tariffs', 'no Asian party'],
    ['Trade Desk shares plunge on weak outlook', 'no Asian party'],
    ["Hong Kong's CLP raises electricity tariffs by 3.8%", 'ignored: utility-tariff'],
    ['Japan beats China 3-1 in World Cup qualifier', 'ignored: unrelated-trade'],
    ['Dodgers trade Ohtani to Yankees in NBA-style deal', 'vetoed: sports'],
    ["China's factory activity shrinks for third month", 'party CN'],
    ["Japan's ruling LDP loses upper house majority", 'party JP'],
  ])('GIVEN "%s" THEN not relevant, and the reasons say why (%s)', (title, why) => {
    const r = read(title);
    expect(r.relevant).toBe(false);
    expect(r.reasons.join('; ')).toContain(why);
  });

  it('GIVEN a relevant headline THEN the reasons list the concepts and parties that counted', () => {
    expect(read('China bans exports of gallium and germanium to the United States').reasons).toEqual(
      expect.arrayContaining([
        'critical-minerals +4 ("gallium")',
        'party CN ("China")',
        'party US ("United States")',
        'both sides +2',
      ]),
    );
  });

  it('GIVEN a term the config adds THEN it counts at its weight', () => {
    const settings = { ...NEWS_DEFAULTS, terms: [{ term: 'Plaza Accord', weight: 4 }] };
    const title = 'Tokyo studies a new Plaza Accord';
    expect(read(title).relevant).toBe(false);
    expect(read(title, settings).concepts).toContain('term:Plaza Accord');
    expect(read(title, settings).relevant).toBe(true);
  });

  it('GIVEN hostile text THEN it is sanitised before reading', () => {
    expect(read('<b>US</b> raises\u0000 tariffs on China').title).toBe('US raises tariffs on China');
  });
});
