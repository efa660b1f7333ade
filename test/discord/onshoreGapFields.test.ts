import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import type { Quote } from '../../src/domain/quote.js';
import { onshoreGapFields } from '../../src/discord/alertEmbeds.js';

function view(id: string, yahoo: string, price: number | null) {
  const instrument = { id, symbols: { yahoo } } as Instrument;
  const quote = price === null ? null : ({ symbol: id, price } as Quote);
  return { instrument, quote };
}

describe('/levels: the offshore–onshore field', () => {
  it('GIVEN quotes of both yuan rates THEN one field with the spread in pips and percent', () => {
    const fields = onshoreGapFields([
      view('HSI', '^HSI', 23_000),
      view('CNH', 'CNH=X', 7.21),
      view('CNY', 'CNY=X', 7.195),
    ]);
    expect(fields).toEqual([{ name: 'Offshore–onshore yuan (CNH − CNY)', value: '+150 pips (+0.21%)' }]);
  });

  it('GIVEN no onshore rate watched, or no quote of it yet THEN no field', () => {
    expect(onshoreGapFields([view('CNH', 'CNH=X', 7.21)])).toEqual([]);
    expect(onshoreGapFields([view('CNH', 'CNH=X', 7.21), view('CNY', 'CNY=X', null)])).toEqual([]);
  });
});
