/**
 * SVG to PNG with resvg and bundled fonts, never the machine's own: DejaVu Sans for Latin text and
 * Noto Sans SC (regular) as the fallback for Chinese and Japanese names and headlines.
 */
import { createRequire } from 'node:module';
import './resvgAllocator.js';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY } from './frame.js';

const require = createRequire(import.meta.url);

/** Every font file the charts load; the Docker image keeps these and drops the rest of both packages. */
export const FONT_FILES = {
  latin: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  latinBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  cjk: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
} as const;

/**
 * Characters DejaVu Sans lacks and Noto Sans SC has: CJK punctuation, kana, CJK ideographs (with
 * extension A and compatibility ideographs), CJK compatibility forms, full- and half-width forms.
 */
const CJK_TEXT = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

/**
 * Options built once per font set, system fonts off so a slim container (no fonts at all) renders
 * exactly as a developer's machine does. resvg-js 2.6 takes font files by path only and parses them
 * for every render: about 3 ms for DejaVu, about 50 ms more for the 10 MB CJK font. So the CJK font
 * is loaded only for a chart whose text needs it; resvg falls back to it glyph by glyph.
 */
function renderOptions(withCjk: boolean): ResvgRenderOptions {
  const fontFiles = [FONT_FILES.latin, FONT_FILES.latinBold, ...(withCjk ? [FONT_FILES.cjk] : [])];
  return {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
}

const LATIN_OPTIONS = renderOptions(false);
const CJK_OPTIONS = renderOptions(true);

/** True when the document has text only the CJK fallback font can draw. */
export function needsCjkFont(svg: string): boolean {
  return CJK_TEXT.test(svg);
}

/**
 * Renders an SVG document to a PNG at its own width and height, synchronously: 5 to 100 ms of CPU.
 * The bot calls it on the chart worker (chartRenderer.ts); tools and tests may call it directly.
 */
export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, needsCjkFont(svg) ? CJK_OPTIONS : LATIN_OPTIONS).render().asPng();
}
