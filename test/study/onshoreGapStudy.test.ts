import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/loadConfig.js';
import { runEventStudy } from '../../src/study/eventStudy.js';

describe('the event study: the offshore–onshore gap row', () => {
  it('GIVEN the demo (mainland shut, CNY flat) THEN a CNH/CNY row that moves as USD/CNH does', async () => {
    const config = loadConfigFile('data/demo/config.yaml');
    const event = config.events.list[0];
    if (!event) throw new Error('the demo config has its MOFCOM event');
    const rows = await runEventStudy(config, [event], 'data/demo/2025-06-02');
    const step = (symbol: string, minutes: number) =>
      rows.find((r) => r.symbol === symbol)?.reaction?.steps.find((s) => s.minutes === minutes)?.changePct;
    expect(rows.map((r) => r.symbol)).toEqual(['HSI', 'N225', 'USDCNH', 'USDCNY', 'CNH/CNY']);
    expect(step('USDCNY', 15)).toBe(0);
    expect(step('CNH/CNY', 15)).toBeCloseTo(step('USDCNH', 15) ?? NaN, 9);
    expect(step('CNH/CNY', 15)).toBeGreaterThan(0.05);
  });
});
