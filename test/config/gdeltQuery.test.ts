import { describe, expect, it } from 'vitest';
import { gdeltQueryProblems, gdeltTimespanProblem } from '../../src/config/gdeltQuery.js';
import { DEFAULT_GDELT_QUERY } from '../../src/config/officialSources.js';

describe('gdeltQueryProblems', () => {
  it('GIVEN the default query THEN GDELT should accept it', () => {
    expect(gdeltQueryProblems(DEFAULT_GDELT_QUERY)).toEqual([]);
    expect(DEFAULT_GDELT_QUERY).toContain('sourcelang:english');
  });

  it.each([
    ['OR outside parentheses', 'tariff OR "trade war" China', /inside parentheses/],
    ['an unclosed group', '(tariff OR tariffs China', /never closed/],
    ['a stray closing parenthesis', 'tariff) China', /closes no/],
    ['an unclosed phrase', '(tariff OR "trade war) China', /quoted phrase/],
    ['a dash outside quotes', '(tariff OR anti-dumping) China', /anti-dumping has a dash/],
    ['a one-letter keyword', '(tariff OR X) China', /too short/],
  ])('GIVEN %s THEN the problem is named', (_label, query, message) => {
    expect(gdeltQueryProblems(query).join('; ')).toMatch(message);
  });

  it('GIVEN dashes and OR inside quotes, and operators THEN no problem', () => {
    expect(
      gdeltQueryProblems('("anti-dumping" OR "export controls") sourcelang:english -domain:x.com'),
    ).toEqual([]);
  });
});

describe('gdeltTimespanProblem', () => {
  it.each(['15min', '30min', '1h', '2d', '1w'])('GIVEN %s THEN accepted', (timespan) => {
    expect(gdeltTimespanProblem(timespan)).toBeNull();
  });

  it.each([
    ['5min', /under 15min/],
    ['an hour', /not a GDELT timespan/],
  ])('GIVEN %s THEN refused', (timespan, message) => {
    expect(gdeltTimespanProblem(timespan)).toMatch(message);
  });
});
