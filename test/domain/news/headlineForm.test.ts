import { describe, expect, it } from 'vitest';
import { headlineForm } from '../../../src/domain/news/headlineForm.js';

describe('headlineForm: wire marks and outlet names', () => {
  it.each([
    ['UPDATE 2-US raises tariffs on Chinese goods to 125%', 'US raises tariffs on Chinese goods to 125%'],
    ['CORRECTED-UPDATE 1-China bans gallium exports to US', 'China bans gallium exports to US'],
    ['EXCLUSIVE-US weighs curbs on Chinese drone maker DJI', 'US weighs curbs on Chinese drone maker DJI'],
    ['BREAKING: Trump pauses tariffs for 90 days', 'Trump pauses tariffs for 90 days'],
    [
      'Hang Seng Slumps 9% As Tariff War Escalates - Bloomberg',
      'Hang Seng Slumps 9% As Tariff War Escalates',
    ],
    [
      'China hits back with 34% tariffs on all US goods | CNBC',
      'China hits back with 34% tariffs on all US goods',
    ],
    [
      'China accuses US of violating Geneva truce - Markets Wire',
      'China accuses US of violating Geneva truce',
    ],
    ['Yen slides past 150 per dollar - nikkei.com', 'Yen slides past 150 per dollar'],
    ['Japan, US sign trade deal (Reuters)', 'Japan, US sign trade deal'],
    ['US tariffs hit Toyota profit - South China Morning Post', 'US tariffs hit Toyota profit'],
  ])('GIVEN "%s" THEN the headline read is "%s"', (title, text) => {
    expect(headlineForm(title)).toMatchObject({ text, genre: 'news' });
  });

  it.each([
    'US-China talks resume in London',
    'MOFCOM: US seriously violated the Geneva consensus',
    'Japan: no deal with US yet',
    'Yen slides - Japan warns of action',
    'Trade War | China Retaliates',
  ])('GIVEN "%s" THEN nothing is taken for a mark', (title) => {
    expect(headlineForm(title)).toEqual({ text: title, genre: 'news', marks: [] });
  });
});

describe('headlineForm: not news', () => {
  it.each([
    ['Opinion: Trump’s tariff war with China has no winners', 'opinion'],
    ['Opinion | The US-China chip war is only beginning', 'opinion'],
    ['Column: Why Japan’s trade deal may not last', 'opinion'],
    ['BREAKINGVIEWS-China’s rare earth lever has limits', 'opinion'],
    ['Beijing should not fear tariffs | Opinion', 'opinion'],
    ['ANALYSIS-Tariff truce gives exporters breathing room', 'analysis'],
    ['Analysis: Why the yen keeps falling', 'analysis'],
    ['INSIGHT-Chinese exporters reroute through Vietnam', 'analysis'],
    ['Explainer: What are rare earths?', 'explainer'],
    ['EXPLAINER-How Japan’s US investment fund will work', 'explainer'],
    ['Factbox: China’s countermeasures against US tariffs', 'explainer'],
    ['What is the Entity List and how does it work?', 'explainer'],
    ['Will China retaliate against the new US tariffs?', 'explainer'],
    ['What Trump’s tariff threat means for Japan’s carmakers', 'explainer'],
  ])('GIVEN "%s" THEN %s', (title, genre) => {
    expect(headlineForm(title).genre).toBe(genre);
  });
});
