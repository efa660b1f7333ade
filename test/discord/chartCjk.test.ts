import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderChartSvg, svgToPng } from '../../src/discord/chart/index.js';
import { FONT_FILES, needsCjkFont } from '../../src/discord/chart/render.js';

/** One line of white text on black, in the charts' font family. */
function textSvg(text: string): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="60" font-family="DejaVu Sans, sans-serif">' +
    `<rect width="420" height="60" fill="#000"/><text x="10" y="42" font-size="32" fill="#fff">${text}</text></svg>`
  );
}

/** What the charts drew before the CJK fallback: the Latin fonts only, so CJK characters are .notdef boxes. */
function latinOnlyPng(svg: string): Buffer {
  const fontFiles = [FONT_FILES.latin, FONT_FILES.latinBold];
  return new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } })
    .render()
    .asPng();
}

function pixels(png: Buffer): Buffer {
  return PNG.sync.read(png).data;
}

function inked(png: Buffer): number {
  const data = pixels(png);
  let count = 0;
  for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 0) > 0) count++;
  return count;
}

/** Every code point the font's format-12 cmap subtable maps (Noto Sans SC has one). */
function mappedCodePoints(fontFile: string): Set<number> {
  const font = readFileSync(fontFile);
  const tables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    if (font.toString('latin1', 12 + i * 16, 16 + i * 16) === 'cmap') cmap = font.readUInt32BE(20 + i * 16);
  }
  const mapped = new Set<number>();
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const table = cmap + font.readUInt32BE(cmap + 8 + i * 8);
    if (font.readUInt16BE(table) !== 12) continue;
    for (let g = 0; g < font.readUInt32BE(table + 12); g++) {
      const group = table + 16 + g * 12;
      for (let c = font.readUInt32BE(group); c <= font.readUInt32BE(group + 4); c++) mapped.add(c);
    }
  }
  return mapped;
}

describe('CJK text on charts', () => {
  it('GIVEN two different four-character names THEN without the CJK font both are the same four boxes', () => {
    // The premise of the tests below: tofu looks the same whatever the characters.
    expect(pixels(latinOnlyPng(textSvg('恒生指数'))).equals(pixels(latinOnlyPng(textSvg('日経平均'))))).toBe(
      true,
    );
  });

  it.each([
    ['恒生指数', '日経平均'],
    ['ひらがな', 'カタカナ'],
  ])('GIVEN %s and %s THEN each draws its own glyphs, not the boxes', (a, b) => {
    const [pa, pb] = [svgToPng(textSvg(a)), svgToPng(textSvg(b))];
    expect(pixels(pa).equals(pixels(pb))).toBe(false);
    expect(pixels(pa).equals(pixels(latinOnlyPng(textSvg(a))))).toBe(false);
    expect(pixels(pb).equals(pixels(latinOnlyPng(textSvg(b))))).toBe(false);
    expect(inked(pa)).toBeGreaterThan(500);
  });

  it('GIVEN a Japanese headline in a chart title THEN the chart differs from the boxed rendering', () => {
    const t = Date.parse('2025-06-02T00:00:00Z');
    const svg = renderChartSvg({
      title: 'N225 · 日経平均 · トランプ関税に日本が反発',
      points: [
        { time: t, price: 37_965 },
        { time: t + 60_000, price: 37_700 },
      ],
      previousClose: 37_965.1,
      decimals: 2,
      timeZone: 'Asia/Tokyo',
    });
    expect(needsCjkFont(svg)).toBe(true);
    expect(pixels(svgToPng(svg)).equals(pixels(latinOnlyPng(svg)))).toBe(false);
  });

  it('GIVEN Latin-only text THEN the 10 MB CJK font is not loaded for it', () => {
    expect(needsCjkFont(textSvg('HSI ▼ 23,171.75 −0.51% · US tariffs …'))).toBe(false);
    expect(needsCjkFont(textSvg('ＡＢＣ'))).toBe(true);
  });

  it('GIVEN the CJK font THEN it maps every hiragana and katakana, full- and half-width', () => {
    const mapped = mappedCodePoints(FONT_FILES.cjk);
    const missing: string[] = [];
    for (const [from, to] of [
      [0x3041, 0x3096],
      [0x3099, 0x30ff],
      [0x31f0, 0x31ff],
      [0xff61, 0xff9f],
    ] as const) {
      for (let c = from; c <= to; c++) if (!mapped.has(c)) missing.push(c.toString(16));
    }
    expect(missing).toEqual([]);
    expect(Array.from('恒生指数日経平均関税円').every((ch) => mapped.has(ch.codePointAt(0) ?? 0))).toBe(true);
  });
});
