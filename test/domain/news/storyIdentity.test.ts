import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../../src/config/newsSchema.js';
import type { HeadlineReading, PartyId } from '../../../src/domain/news/headline.js';
import {
  evaluateIdentityCases,
  parseIdentityCases,
  type IdentityCase,
} from '../../../src/domain/news/evaluateIdentity.js';
import { readHeadline } from '../../../src/domain/news/readHeadline.js';
import { parseStoryIdentity, storyIdentity, storyMatch } from '../../../src/domain/news/storyIdentity.js';
import { createStoryIndex } from '../../../src/domain/news/storyIndex.js';

const MIN_MATCH = 0.4;

/** A reading as readHeadline would give it, built by hand so each field's effect is tested alone. */
function reading(fields: {
  actor?: PartyId | null;
  target?: PartyId | null;
  /** lemma, polarity and act (the lemma when not given) */
  action?: [string, 'escalate' | 'deescalate' | 'neutral', string?] | null;
  negated?: boolean;
  mode?: 'act' | 'plan';
  objects?: string[];
  figures?: string[];
  concepts?: string[];
  lemmas: string[];
  parties?: [PartyId, string][];
}): HeadlineReading {
  const parties = fields.parties ?? [
    ['CN', 'China'],
    ['US', 'US'],
  ];
  return {
    title: fields.lemmas.join(' '),
    lemmas: fields.lemmas,
    parties: parties.map(([party, text]) => ({ party, text, role: 'other' as const })),
    actor: fields.actor ?? null,
    target: fields.target ?? null,
    action: fields.action
      ? {
          lemma: fields.action[0],
          polarity: fields.action[1],
          act: fields.action[2] ?? fields.action[0],
          mode: fields.mode ?? 'act',
        }
      : null,
    jointSubject: false,
    aside: null,
    negated: fields.negated ?? false,
    objects: fields.objects ?? [],
    market: null,
    genre: 'news',
    figures: fields.figures ?? [],
    concepts: fields.concepts ?? [],
    score: 10,
    relevant: true,
    reasons: [],
  };
}

const truceBreach = reading({
  actor: 'CN',
  target: 'US',
  action: ['accuse', 'escalate'],
  concepts: ['truce', 'talks', 'trade'],
  lemmas: ['china', 'us', 'violate', 'geneva', 'trade', 'truce'],
});

const match = (a: HeadlineReading, b: HeadlineReading) => storyMatch(storyIdentity(a), storyIdentity(b));

describe('story identity', () => {
  it('GIVEN the same structure in other words THEN one story', () => {
    const other = reading({
      actor: 'US',
      target: 'CN',
      action: ['breach', 'escalate', 'accuse'],
      concepts: ['truce', 'talks', 'escalation'],
      lemmas: ['beijing', 'say', 'washington', 'breach', 'geneva', 'truce'],
      parties: [
        ['CN', 'Beijing'],
        ['US', 'Washington'],
      ],
    });
    expect(match(truceBreach, other)).toBeGreaterThanOrEqual(MIN_MATCH);
  });

  it('GIVEN actor and target swapped THEN different stories, however alike the words', () => {
    expect(match(truceBreach, { ...truceBreach, actor: 'US', target: 'CN' })).toBe(0);
  });

  it('GIVEN a breach THEN it is told by the side that complains of it, as an accusation is', () => {
    const breach = {
      ...truceBreach,
      actor: 'US',
      target: 'CN',
      action: { lemma: 'violate', polarity: 'escalate' as const, act: 'accuse', mode: 'act' as const },
    };
    expect(storyIdentity(breach)).toMatchObject({ actor: 'CN', target: 'US' });
    expect(storyIdentity(truceBreach)).toMatchObject({ actor: 'CN', target: 'US' });
    expect(match(truceBreach, breach)).toBeGreaterThanOrEqual(MIN_MATCH);
  });

  it('GIVEN opposite actions (raise/cut, impose/lift) or a mere statement THEN different stories', () => {
    const raise = reading({
      actor: 'US',
      target: 'CN',
      action: ['raise', 'escalate', 'impose'],
      concepts: ['tariffs'],
      lemmas: ['raise', 'tariff', 'good'],
    });
    const cut = {
      ...raise,
      action: { lemma: 'cut', polarity: 'deescalate' as const, act: 'cut', mode: 'act' as const },
    };
    const neutral = {
      ...raise,
      action: { lemma: 'say', polarity: 'neutral' as const, act: 'say', mode: 'act' as const },
    };
    expect(match(raise, cut)).toBe(0);
    expect(match(raise, neutral)).toBe(0);
    expect(match(raise, { ...raise, action: null })).toBe(0);
    expect(match(neutral, neutral)).toBe(1);
  });

  it('GIVEN the same direction but another act (pause, delay, resume) THEN different stories', () => {
    const pause = reading({
      actor: 'US',
      target: 'CN',
      action: ['pause', 'deescalate'],
      concepts: ['tariffs'],
      lemmas: ['tariff', 'good'],
    });
    expect(
      match(pause, {
        ...pause,
        action: { lemma: 'delay', polarity: 'deescalate', act: 'delay', mode: 'act' as const },
      }),
    ).toBe(0);
    expect(
      match(pause, {
        ...pause,
        action: { lemma: 'suspend', polarity: 'deescalate', act: 'pause', mode: 'act' as const },
      }),
    ).toBe(1);
  });

  it('GIVEN retaliation THEN it may be told as the act or as the accusation it answers, not as anything else', () => {
    const retaliation = {
      ...truceBreach,
      action: { lemma: 'hit', polarity: 'escalate' as const, act: 'retaliate', mode: 'act' as const },
    };
    const imposing = {
      ...truceBreach,
      action: { lemma: 'impose', polarity: 'escalate' as const, act: 'impose', mode: 'act' as const },
    };
    expect(match(retaliation, truceBreach)).toBeGreaterThanOrEqual(MIN_MATCH);
    expect(match(retaliation, imposing)).toBeGreaterThanOrEqual(MIN_MATCH);
    expect(match(truceBreach, imposing)).toBe(0);
  });

  it('GIVEN a denial THEN it is another story than the claim', () => {
    expect(match(truceBreach, { ...truceBreach, negated: true })).toBe(0);
  });

  it('GIVEN a threat or plan and the act taken THEN different stories; two denials agree whatever their mode', () => {
    const fields = {
      actor: 'US',
      target: 'CN',
      action: ['impose', 'escalate'] as [string, 'escalate'],
      concepts: ['tariffs'],
      lemmas: ['impose', 'tariff', 'good'],
    };
    const imposes = reading(fields);
    const threatens = reading({ ...fields, mode: 'plan' });
    expect(match(imposes, threatens)).toBe(0);
    expect(match(threatens, threatens)).toBe(1);
    // "Japan will not retaliate" and "Japan rules out retaliation" deny the same act.
    expect(match({ ...imposes, negated: true }, { ...threatens, negated: true })).toBe(1);
  });

  it('GIVEN other objects THEN different stories; a broader object or none agrees', () => {
    const tariff = reading({
      actor: 'US',
      target: 'JP',
      action: ['impose', 'escalate'],
      objects: ['autos'],
      concepts: ['tariffs'],
      lemmas: ['impose', 'tariff'],
      parties: [
        ['JP', 'Japanese'],
        ['US', 'US'],
      ],
    });
    expect(match(tariff, { ...tariff, objects: ['steel'] })).toBe(0);
    expect(match(tariff, { ...tariff, objects: ['steel', 'autos'] })).toBeGreaterThanOrEqual(MIN_MATCH);
    expect(match(tariff, { ...tariff, objects: [] })).toBeGreaterThanOrEqual(MIN_MATCH);
    const gallium = { ...tariff, objects: ['gallium'] };
    expect(match(gallium, { ...tariff, objects: ['critical-minerals'] })).toBeGreaterThanOrEqual(MIN_MATCH);
    expect(match(gallium, { ...tariff, objects: ['rare-earths'] })).toBe(0);
  });

  it('GIVEN different figures THEN different stories; a headline without figures agrees with any', () => {
    const to84 = reading({
      actor: 'US',
      target: 'CN',
      action: ['raise', 'escalate'],
      figures: ['84%'],
      concepts: ['tariffs'],
      lemmas: ['raise', 'tariff'],
    });
    expect(match(to84, { ...to84, figures: ['125%'] })).toBe(0);
    expect(match(to84, { ...to84, figures: [] })).toBeGreaterThanOrEqual(MIN_MATCH);
  });

  it('GIVEN other parties THEN different stories', () => {
    const japan = {
      ...truceBreach,
      parties: [
        { party: 'JP', text: 'Japan', role: 'other' as const },
        { party: 'US', text: 'US', role: 'other' as const },
      ],
      target: 'JP',
    };
    expect(match(truceBreach, japan)).toBe(0);
  });

  it('GIVEN the same parties and concept but little else in common THEN different stories', () => {
    const blacklist = reading({
      actor: 'US',
      target: 'CN',
      action: ['add', 'escalate'],
      concepts: ['blacklist'],
      lemmas: ['add', 'tech', 'firm', 'blacklist'],
    });
    const chips = reading({
      actor: 'US',
      target: 'CN',
      action: ['tighten', 'escalate'],
      concepts: ['chip-curbs', 'export-controls'],
      lemmas: ['tighten', 'chip', 'export', 'control'],
    });
    expect(match(blacklist, chips)).toBeLessThan(MIN_MATCH);
  });
});

describe('story index', () => {
  const HOUR = 3_600_000;
  const index = () => createStoryIndex({ windowMs: 6 * HOUR, minMatch: MIN_MATCH, recentPerKey: 4 });

  it('GIVEN a known story THEN a match within the window finds it, and none after the window', () => {
    const stories = index();
    stories.open('ev-1', 0, storyIdentity(truceBreach));
    expect(stories.find(storyIdentity(truceBreach), 4 * HOUR)).toBe('ev-1');
    expect(stories.find(storyIdentity(truceBreach), 14 * 24 * HOUR)).toBeNull();
    expect(stories.find(storyIdentity({ ...truceBreach, actor: 'US', target: 'CN' }), HOUR)).toBeNull();
  });

  it('GIVEN more stories under one key than are compared THEN only the most recent are searched', () => {
    const flood = (recentPerKey: number) => {
      const stories = createStoryIndex({ windowMs: 6 * HOUR, minMatch: MIN_MATCH, recentPerKey });
      const story = (figure: string) =>
        storyIdentity(
          reading({
            actor: 'US',
            target: 'CN',
            action: ['extend', 'deescalate'],
            figures: [figure],
            concepts: ['truce'],
            lemmas: ['truce'],
          }),
        );
      stories.open('old', 0, story('99%'));
      for (let i = 0; i < 8; i++) stories.open(`other-${i}`, i, story(`${i}%`));
      return stories.find(story('99%'), 10);
    };
    expect(flood(16)).toBe('old');
    // Past the four most recent stories under its only keys, the old story is no longer compared.
    expect(flood(4)).toBeNull();
  });

  it('GIVEN an attached update THEN later headlines matching only the update find the event too', () => {
    const stories = index();
    stories.open('ev-1', 0, storyIdentity(truceBreach));
    const update = reading({
      actor: 'CN',
      target: 'US',
      action: ['accuse', 'escalate'],
      concepts: ['truce', 'retaliation'],
      lemmas: ['violate', 'truce', 'threaten', 'countermeasure'],
    });
    stories.attach('ev-1', storyIdentity(update));
    const followUp = reading({
      actor: 'CN',
      target: 'US',
      action: ['accuse', 'escalate'],
      concepts: ['retaliation'],
      lemmas: ['threaten', 'countermeasure', 'firm'],
    });
    expect(stories.find(storyIdentity(followUp), 5 * HOUR)).toBe('ev-1');
  });

  it("GIVEN a party named only beside the headline's own clause THEN a telling without it finds the story, either way", () => {
    const read = (title: string) => storyIdentity(readHeadline(title, NEWS_DEFAULTS));
    const withSetting = read('China vows to fight to the end as Trump hikes tariffs');
    const without = read('China vows to fight tariff war to the end');
    expect(withSetting.parties).toEqual(['CN', 'US']);
    expect(withSetting.core).toEqual(['CN']);
    const first = index();
    first.open('ev-1', 0, withSetting);
    expect(first.find(without, HOUR)).toBe('ev-1');
    const second = index();
    second.open('ev-2', 0, without);
    expect(second.find(withSetting, HOUR)).toBe('ev-2');
    // The setting's party still tells other stories apart: US and Japan is not China alone.
    expect(second.find(read('Japan vows to fight tariff war to the end'), HOUR)).toBeNull();
  });

  it('GIVEN a headline that agrees with an update but not with the story it joined THEN it opens its own', () => {
    const stories = index();
    const to125 = reading({
      actor: 'US',
      target: 'CN',
      action: ['raise', 'escalate', 'impose'],
      figures: ['125%'],
      concepts: ['tariffs'],
      lemmas: ['raise', 'tariff', 'good'],
    });
    stories.open('ev-125', 0, storyIdentity(to125));
    stories.attach('ev-125', storyIdentity({ ...to125, figures: [] }));
    const to84 = storyIdentity({ ...to125, figures: ['84%'] });
    expect(storyMatch(to84, storyIdentity({ ...to125, figures: [] }))).toBeGreaterThanOrEqual(MIN_MATCH);
    expect(stories.find(to84, HOUR)).toBeNull();
  });
});

describe('stored identities', () => {
  it('GIVEN an identity stored before acts, denials and objects were read THEN it reads with neutral defaults', () => {
    const old = {
      parties: ['CN', 'US'],
      actor: 'US',
      target: 'CN',
      polarity: 'escalate',
      figures: [],
      concepts: [],
      lemmas: [],
    };
    expect(parseStoryIdentity(old)).toMatchObject({ act: null, negated: false, mode: 'act', objects: [] });
    // Rows from before clauses were told apart: every party in the headline's own clause, no aside.
    expect(parseStoryIdentity(old)).toMatchObject({ core: ['CN', 'US'], joint: false, asideLemmas: [] });
    expect(() => parseStoryIdentity({ ...old, parties: 'CN' })).toThrow();
  });
});

/** The cases of a fixture file; a malformed line fails the test. */
function identityCases(file: string): IdentityCase[] {
  const { rows, errors } = parseIdentityCases(readFileSync(`test/fixtures/news/${file}`, 'utf8'));
  expect(errors).toEqual([]);
  return rows;
}

describe('story identity of real headlines (test/fixtures/news/story-identity.tsv)', () => {
  it.each(identityCases('story-identity.tsv').map((c) => [c.a, c.b, c] as const))(
    'GIVEN "%s" and "%s" THEN told right in both orders',
    (_a, _b, row) => {
      expect(evaluateIdentityCases([row], NEWS_DEFAULTS, NEWS_DEFAULTS.dedupe.similarity).misses).toEqual([]);
    },
  );
});

describe('held-out story-identity cases (story-identity-heldout*.tsv)', () => {
  it('GIVEN cases never tuned on when first scored THEN at least 95% are told right', () => {
    const cases = [
      'story-identity-heldout.tsv',
      'story-identity-heldout-c.tsv',
      'story-identity-heldout-d.tsv',
      'story-identity-heldout-e.tsv',
      'story-identity-heldout-f.tsv',
      'story-identity-heldout-g.tsv',
      'story-identity-heldout-h.tsv',
      'story-identity-heldout-i.tsv',
      'story-identity-heldout-j.tsv',
      'story-identity-heldout-k.tsv',
      'story-identity-heldout-l.tsv',
      'story-identity-heldout-m.tsv',
    ].flatMap(identityCases);
    const { right, total } = evaluateIdentityCases(cases, NEWS_DEFAULTS, NEWS_DEFAULTS.dedupe.similarity);
    expect(total).toBe(330);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });
});
