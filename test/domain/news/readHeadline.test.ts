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

  it.each([
    ['Commerce blacklists 12 Chinese firms', ['CN', 'US']],
    ['EXCLUSIVE-Commerce adds Chinese AI companies to entity list', ['CN', 'US']],
    ["China's commerce ministry says it opposes US chip curbs", ['CN', 'US']],
    ['Commerce Ministry urges Japan to drop export curbs', ['JP']],
    ['Alibaba e-commerce sales slow as tariffs bite', ['CN']],
    ['American Chamber of Commerce in China warns on tariffs', ['CN', 'US']],
    ['China Chamber of Commerce to the EU criticises tariffs', ['CN', 'EU']],
  ])('GIVEN "%s" THEN "Commerce" alone is the US Commerce Department and no other: %j', (title, parties) => {
    expect([...new Set(read(title).parties.map((p) => p.party))].sort()).toEqual(parties);
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
    expect(a.action).toEqual({ lemma: 'accuse', polarity: 'escalate', act: 'accuse', mode: 'act' });
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
    expect(r.action).toEqual({ lemma: 'ban', polarity: 'escalate', act: 'impose', mode: 'act' });
    expect([r.actor, r.target]).toEqual(['CN', 'US']);
  });

  it.each([
    ['US raises tariffs on China', 'raise', 'escalate', 'impose'],
    ['US cuts tariffs on China', 'cut', 'deescalate', 'cut'],
    ['US imposes ban on Huawei', 'impose', 'escalate', 'impose'],
    ['US lifts ban on Huawei', 'lift', 'deescalate', 'end'],
    ['China bans gallium exports to US', 'ban', 'escalate', 'impose'],
    ['China allows gallium exports to US', 'allow', 'deescalate', 'end'],
    ['US extends trade truce with China', 'extend', 'deescalate', 'extend'],
    ['US ends trade truce with China', 'end', 'escalate', 'end'],
    ['US extends chip curbs on China', 'extend', 'escalate', 'extend'],
    ['US extends tariff truce with China', 'extend', 'deescalate', 'extend'],
    ['US extends tariff exclusions for Chinese goods', 'extend', 'deescalate', 'extend'],
    ['US weighs curbs on Chinese drone maker DJI', 'curb', 'escalate', 'impose'],
    ['Bessent meets He Lifeng in Geneva', 'meet', 'neutral', 'meet'],
    ['US pauses tariffs on China', 'pause', 'deescalate', 'pause'],
    ['China pauses trade talks with US', 'pause', 'escalate', 'pause'],
    ['US resumes tariffs on China', 'resume', 'escalate', 'resume'],
    // Resuming a trade flow lifts its halt, as halting it is a ban.
    ['China resumes purchases of US soybeans', 'resume', 'deescalate', 'end'],
    ['Japan and China agree to restart dialogue over seafood import ban', 'restart', 'deescalate', 'resume'],
    ['US lets Nvidia sell H20 chips to China', 'let', 'deescalate', 'end'],
    ['US permits exports of rare earth magnets to China', 'permit', 'deescalate', 'end'],
    ['US puts tariff hike on Chinese goods on hold', 'put', 'deescalate', 'pause'],
    ['Beijing puts 15 US defense firms on unreliable entity list', 'put', 'escalate', 'impose'],
    ['USTR opens Section 301 probe into Chinese chips', 'open', 'escalate', 'probe'],
    ['USTR closes Section 301 probe into Chinese chips', 'close', 'deescalate', 'end'],
    ['Japan says tariff talks with US have broken down', 'break', 'escalate', 'collapse'],
    ['Beijing announces suspension of rare earth export controls', 'suspend', 'deescalate', 'pause'],
    ['Trump, Xi agree one-year extension of tariff truce', 'extend', 'deescalate', 'extend'],
    ['Japan, US agree on car tariffs', 'agree', 'deescalate', 'deal'],
    // An order's act is the news, not its signing; taking a permission away is a curb.
    ['Trump signs order raising tariffs on Chinese goods to 54%', 'raise', 'escalate', 'impose'],
    ['Commerce revokes Huawei licences to buy US chips', 'revoke', 'escalate', 'impose'],
    ['China approves export licences for rare earths', 'license', 'deescalate', 'end'],
    ['Washington spares smartphones from tariffs on Chinese imports', 'spare', 'deescalate', 'end'],
    ['Japan accepts US tariff demands', 'accept', 'deescalate', 'deal'],
    // A statement gives way to duties as to tariffs; an attribution after a comma frames nothing.
    ['China announces anti-dumping duties on US polysilicon', 'duty', 'escalate', 'impose'],
    ['US and China agree rare earth framework, Greer says', 'agree', 'deescalate', 'deal'],
    ['Japan and US make no breakthrough on car tariffs, Akazawa says', 'deal', 'deescalate', 'deal'],
    ['US will keep chip export restrictions on China', 'keep', 'escalate', 'keep'],
    ['China firmly opposes US addition of Chinese entities to entity list', 'oppose', 'escalate', 'accuse'],
    ['Japan, China agree to restart seafood trade', 'restart', 'deescalate', 'end'],
    ['Japan, China agree to restart trade talks', 'restart', 'deescalate', 'resume'],
    // The measure a bill or an approval brings in is the act.
    ['US Senate passes bill to ban Chinese drone maker DJI', 'ban', 'escalate', 'impose'],
    ["US lawmakers approve ban on China's DJI drones", 'ban', 'escalate', 'impose'],
    ['China announces export controls on tungsten', 'restrict', 'escalate', 'impose'],
    ['China suspends purchases of US soybeans amid tariff standoff', 'suspend', 'escalate', 'impose'],
    ['China halts antimony exports to the US', 'halt', 'escalate', 'impose'],
    ['US suspends export controls on chip design software for China', 'suspend', 'deescalate', 'pause'],
    ['US lifts duties on Chinese steel to 50%', 'lift', 'escalate', 'impose'],
    ['US delays tariffs on Japan', 'delay', 'deescalate', 'delay'],
    ['China hits back at US with tariffs', 'hit', 'escalate', 'retaliate'],
    ['US hits China with new tariffs', 'hit', 'escalate', 'impose'],
  ])('GIVEN "%s" THEN the action is %s (%s), the act %s', (title, lemma, polarity, act) => {
    expect(read(title).action).toMatchObject({ lemma, polarity, act });
  });

  it.each([
    ['US threatens 100% tariffs on Chinese goods', 'impose', 'plan'],
    ['Trump warns of 100% tariff on China', 'impose', 'plan'],
    ['Trump warns China of extra 50% tariffs', 'impose', 'plan'],
    ['China says it will impose export controls on lithium technology', 'impose', 'plan'],
    ['US plans to raise tariffs on Japanese cars', 'impose', 'plan'],
    ['US weighs curbs on Chinese AI chip exports', 'impose', 'plan'],
    ['US considers adding CXMT to entity list', 'impose', 'plan'],
    ['US set to impose tariffs on Chinese drones', 'impose', 'plan'],
    ['China threatens countermeasures over US chip curbs', 'retaliate', 'plan'],
    ['China announces countermeasures over US chip curbs', 'retaliate', 'act'],
    ['US imposes 100% tariffs on Chinese goods', 'impose', 'act'],
    // The headline future reports a decision.
    ['US to impose 50% tariff on Japanese steel', 'impose', 'act'],
    ['US will allow Nvidia to export H200 chips to China', 'end', 'act'],
    ['US could allow Nvidia to export H200 chips to China', 'end', 'plan'],
    // A framing verb the action lexicon does not know still gives way to the act it frames.
    ['Tokyo prepares retaliatory levies on American farm products', 'impose', 'plan'],
    ['Japan and US agree to extend tariff talks', 'extend', 'act'],
  ])('GIVEN "%s" THEN the act is %s, %s', (title, act, mode) => {
    expect(read(title).action).toMatchObject({ act, mode });
  });

  it('GIVEN a threat aimed at a party THEN roles are read from the threat, not from the threatened act', () => {
    const r = read('Trump threatens China with 100% tariffs');
    expect([r.actor, r.target, r.action?.act, r.action?.mode]).toEqual(['US', 'CN', 'impose', 'plan']);
  });

  it.each([
    ['China hits back at Trump, says US breached Geneva trade truce', 'CN', 'US'],
    ['China retaliates against US with tariffs on soybeans', 'CN', 'US'],
    ['Japan retaliates against China over seafood ban', 'JP', 'CN'],
  ])(
    'GIVEN a retaliation verb ("%s") THEN the retaliating side acts on the other',
    (title, actor, target) => {
      const r = read(title);
      expect([r.actor, r.target]).toEqual([actor, target]);
    },
  );
});

describe("readHeadline: the headline's own clause", () => {
  it.each([
    ['Beijing pledges retaliation as Washington tightens chip curbs', 'retaliate', 'CN', 'US'],
    ['China vows to hit back as US tightens chip curbs', 'retaliate', 'CN', 'US'],
    ['After talks in London, US and China agree to cut tariffs', 'cut', 'CN', 'US'],
    ['Japan, US sign trade agreement in Tokyo', 'deal', 'JP', 'US'],
    ['US and China strike deal to ease tariffs', 'deal', 'CN', 'US'],
  ])('GIVEN "%s" THEN the act is %s, %s on %s', (title, act, actor, target) => {
    const r = read(title);
    expect([r.action?.act, r.actor, r.target]).toEqual([act, actor, target]);
  });
});

describe('readHeadline: denials, objects, markets', () => {
  it.each([
    ['US will not lift tariffs on China', true],
    ["US won't lift tariffs on China", true],
    ['US does not plan to lift tariffs on China', true],
    ['Japan says no trade deal with US yet', true],
    ['No trade deal yet, Japan says', true],
    ['China denies agreeing to buy more US soybeans', true],
    ['Japan rules out retaliation against US tariffs', true],
    ['US, Japan yet to sign investment memorandum', true],
    ['Japan says it has not agreed to $550 billion investment', true],
    ['US Senate rejects bill to ban Chinese drone maker DJI', true],
    // A closing attribution is not the act: the clause before it is the headline's own.
    ['Japan and US make no breakthrough on car tariffs, Akazawa says', true],
    ['Japan, US fail to bridge gap on auto tariffs', true],
    ["China's commerce ministry denies report it will cut US soybean purchases", true],
    ['MOFCOM rejects report of plan to reduce US soybean buying', true],
    ['Ishiba rules out retaliation against US tariffs', true],
    ['China rejects US tariffs as bullying', false],
    ['US will lift tariffs on China', false],
    ["Toyota, Japan's No. 1 carmaker, cuts forecast on US tariffs", false],
    ['China, not the US, is the biggest loser of tariffs, Bessent says', false],
  ])('GIVEN "%s" THEN negated is %s', (title, negated) => {
    expect(read(title).negated).toBe(negated);
  });

  it.each([
    ['US slaps 25% tariff on Japanese cars', ['autos']],
    ['US slaps 25% tariff on Japanese steel', ['steel']],
    ['US adds Chinese firms to Entity List', ['entity-list']],
    ['China adds US firms to unreliable entity list', ['unreliable-entity-list']],
    ['US curbs exports of chipmaking tools to China', ['chipmaking-tools']],
    ['Nippon Steel completes US Steel deal', []],
    ['US adds Chinese shipbuilders to sanctions list', ['ships', 'sdn-list']],
    ['Japan to curb exports of chipmaking gear to China', ['chipmaking-tools']],
    ['US adds Chinese firms to Unverified List', ['unverifiable-list']],
    ['China adds US defence firms to countermeasure list', ['countermeasure-list']],
  ])('GIVEN "%s" THEN the objects are %j (names are not objects)', (title, objects) => {
    expect(read(title).objects).toEqual(objects);
  });

  it.each([
    ['Hang Seng Slumps 9% As Tariff War Escalates - Bloomberg', ['HK'], 'fall'],
    ['Hong Kong stocks plunge 9% as US-China tariff war escalates', ['HK'], 'fall'],
    ["Japan's Nikkei jumps 4% after US-Japan trade deal", ['JP'], 'rise'],
    ['Yuan hits two-week low as tariff fears resurface', ['CN'], 'fall'],
    ['Hang Seng, Nikkei tumble as Trump threatens new tariffs', ['HK', 'JP'], 'fall'],
    ['Nikkei closes down 4% as US tariffs on Japanese cars kick in', ['JP'], 'fall'],
    ['Yuan hits strongest level in a year as US-China tensions ease', ['CN'], 'rise'],
    ['Japanese yen climbs after US-Japan trade deal', ['JP'], 'rise'],
    ["Hong Kong's Hang Seng index surges 4% as Beijing, Washington agree to cut tariffs", ['HK'], 'rise'],
    ["Japan's Nikkei 225 closes at all-time high on weaker yen", ['JP'], 'rise'],
  ])('GIVEN "%s" THEN a market story of %j (%s)', (title, parties, direction) => {
    expect(read(title).market).toEqual({ parties, direction });
  });

  it.each(['US raises tariffs on Hong Kong goods', 'Hong Kong Post suspends parcel shipments to US'])(
    'GIVEN "%s" THEN not a market story',
    (title) => {
      expect(read(title).market).toBeNull();
    },
  );
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
    // wire style: "bln", "mln"
    expect(read('Nippon Steel closes purchase of US Steel for $14.1 bln').figures).toEqual(['$14.1bn']);
  });

  it('GIVEN a clause after the headline\'s own THEN what only it names is told apart, and "as" with no clause is none', () => {
    const aside = read('China vows to fight to the end as Trump hikes tariffs').aside;
    expect(aside?.parties).toEqual(['US']);
    expect(aside?.lemmas).toEqual(expect.arrayContaining(['hike', 'tariff']));
    expect(read('Treasury designates China as currency manipulator').aside).toBeNull();
    expect(read('Japan and US agree to cut auto tariffs to 15%').jointSubject).toBe(true);
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

describe('readHeadline: news apart from opinion, companies and pledges', () => {
  it.each([
    'Opinion: Trump’s tariff war with China has no winners',
    'ANALYSIS-Tariff truce gives China’s exporters breathing room',
    'Explainer: What are rare earths and why does China dominate them?',
  ])('GIVEN "%s" THEN not relevant: not news', (title) => {
    const r = read(title);
    expect(r.relevant).toBe(false);
    expect(r.reasons.join('; ')).toContain('not news');
  });

  it('GIVEN an outlet named after the headline THEN it is no party and no word of the story', () => {
    const r = read('US raises tariffs on Chinese goods to 125% - Xinhua');
    expect(r.parties.map((p) => p.text)).not.toContain('Xinhua');
    expect(r.lemmas).not.toContain('xinhua');
    expect(r.title).toBe('US raises tariffs on Chinese goods to 125% - Xinhua');
  });

  it.each([
    ['Inspur', 'CN'],
    ['Cambricon', 'CN'],
    ['CK Hutchison', 'HK'],
    ['Cathay Pacific', 'HK'],
    ['Kioxia', 'JP'],
    ['Shin-Etsu', 'JP'],
    ['Lockheed Martin', 'US'],
  ])('GIVEN the company %s THEN its home party %s is named', (company, party) => {
    expect(
      read(`${company} shares slide after US adds units to Entity List`).parties.map((p) => p.party),
    ).toContain(party);
  });

  it.each([
    'Japan, US sign memorandum on $550 billion investment package',
    'China pledges to invest in US factories as trade talks resume',
    'US Treasury labels China a currency manipulator',
    'Treasury keeps Japan, China on currency monitoring list',
  ])('GIVEN "%s" THEN relevant', (title) => {
    expect(read(title).relevant).toBe(true);
  });

  it('GIVEN an investment memorandum without the US THEN it is no trade news', () => {
    const r = read('Japan and India sign investment memorandum');
    expect(r.concepts).not.toContain('investment-pledge');
    expect(r.relevant).toBe(false);
  });
});
