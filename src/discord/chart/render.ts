/** SVG to PNG with resvg and the bundled DejaVu Sans, never the machine's own fonts. */
import { createRequire } from 'node:module';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY } from './frame.js';

const require = createRequire(import.meta.url);

let renderOptions: ResvgRenderOptions | undefined;

/**
 * Options built once: font paths resolved from the dejavu-fonts-ttf package, system fonts off so a
 * slim container (no fonts at all) renders exactly as a developer's machine does. resvg-js 2.6 takes
 * font files by path only; it reads them per render (from the page cache, a few ms).
 */
function options(): ResvgRenderOptions {
  renderOptions ??= {
    font: {
      fontFiles: [
        require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
        require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
      ],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
  return renderOptions;
}

/** Renders an SVG document to a PNG at its own width and height. */
export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, options()).render().asPng();
}
