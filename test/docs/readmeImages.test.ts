import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { makeReadmeImages } from '../../scripts/makeReadmeImages.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('readme-images-');

describe('the README pictures', () => {
  it('GIVEN the demo session THEN the script draws the alert, wrap and study charts, identical to the ones in docs/images', async () => {
    const files = await makeReadmeImages(tempDir());
    expect(files.map((f) => basename(f))).toEqual(['alert.png', 'wrap.png', 'study.png']);
    for (const file of files) {
      const png = readFileSync(file);
      const image = PNG.sync.read(png);
      expect([image.width, image.height]).toEqual([800, 480]);
      // Rendering is deterministic (bundled fonts, no system fonts): a difference means the committed
      // picture is stale; run `npx tsx scripts/makeReadmeImages.ts` and commit docs/images.
      const committed = readFileSync(`docs/images/${basename(file)}`);
      expect(png.equals(committed), `${basename(file)} differs from docs/images`).toBe(true);
    }
  });

  it('GIVEN the README THEN it shows each picture', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const name of ['alert.png', 'wrap.png', 'study.png'])
      expect(readme).toContain(`docs/images/${name}`);
  });
});
