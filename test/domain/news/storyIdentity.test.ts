import { describe, expect, it } from 'vitest';
import type { HeadlineReading, PartyId } from '../../../src/domain/news/headline.js';
import { storyIdentity, storyMatch } from '../../../src/domain/news/storyIdentity.js';
import { createStoryIndex } from '../../../src/domain/news/storyIndex.js';

const MIN_MATCH = 0.4;

/** A reading as readHeadline would give it, built by hand so each field's effect is tested alone. */
function reading(fields: {
  actor?: PartyId | null;
  target?: PartyId | null;
  action?: [string, 'escalate' | 'deescalate' | 'neutral'] | null;
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
    action: fields.action ? { lemma: fields.action[0], polarity: fields.action[1] } : null,
    figures: fields.figures ?? [],
    concepts: fields.concepts ?? [],
    score: 10,
    relevant: true,
    reasons: [],
  };
}

const truceBreach = reading({
  actor: 'US',
  target: 'CN',
  action: ['violate', 'escalate'],
  concepts: ['truce', 'talks', 'trade'],
  lemmas: ['china', 'us', 'violate', 'geneva', 'trade', 'truce'],
});

const match = (a: HeadlineReading, b: HeadlineReading) => storyMatch(storyIdentity(a), storyIdentity(b));

describe('story identity', () => {
  it('GIVEN the same structure in other words THEN one story', () => {
    const other = reading({
      actor: 'US',
      target: 'CN',
      action: ['breach', 'escalate'],
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
    expect(match(truceBreach, { ...truceBreach, actor: 'CN', target: 'US' })).toBe(0);
  });

  it('GIVEN an accusation THEN it is the accused party acting, as in "X says Y did it"', () => {
    const accusation = {
      ...truceBreach,
      actor: 'CN',
      target: 'US',
      action: { lemma: 'accuse', polarity: 'escalate' as const },
    };
    expect(storyIdentity(accusation)).toMatchObject({ actor: 'US', target: 'CN' });
    expect(match(truceBreach, accusation)).toBeGreaterThanOrEqual(MIN_MATCH);
  });

  it('GIVEN opposite actions (raise/cut, impose/lift) THEN different stories', () => {
    const raise = reading({
      actor: 'US',
      target: 'CN',
      action: ['raise', 'escalate'],
      concepts: ['tariffs'],
      lemmas: ['raise', 'tariff', 'good'],
    });
    const cut = { ...raise, action: { lemma: 'cut', polarity: 'deescalate' as const } };
    const neutral = { ...raise, action: { lemma: 'say', polarity: 'neutral' as const } };
    expect(match(raise, cut)).toBe(0);
    expect(match(raise, neutral)).toBeGreaterThan(0);
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
    expect(match(to84, { ...to84, figures: [] })).toBe(1);
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
    expect(stories.find(storyIdentity({ ...truceBreach, actor: 'CN', target: 'US' }), HOUR)).toBeNull();
  });

  it('GIVEN more stories under one key than are compared THEN only the most recent are searched', () => {
    const flood = (recentPerKey: number) => {
      const stories = createStoryIndex({ windowMs: 6 * HOUR, minMatch: MIN_MATCH, recentPerKey });
      const story = (figure: string) =>
        storyIdentity(
          reading({ actor: 'US', target: 'CN', figures: [figure], concepts: ['truce'], lemmas: ['truce'] }),
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
      actor: 'US',
      target: 'CN',
      action: ['violate', 'escalate'],
      concepts: ['truce', 'retaliation'],
      lemmas: ['violate', 'truce', 'threaten', 'countermeasure'],
    });
    stories.attach('ev-1', storyIdentity(update));
    const followUp = reading({
      actor: 'US',
      target: 'CN',
      concepts: ['retaliation'],
      lemmas: ['threaten', 'countermeasure', 'firm'],
    });
    expect(stories.find(storyIdentity(followUp), 5 * HOUR)).toBe('ev-1');
  });
});
