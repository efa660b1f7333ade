import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/config.js';
import { configJsonSchema } from '../../src/config/configJsonSchema.js';
import { defaultConfigData } from '../support/testConfig.js';

type Data = Record<string, any>;

/** Every config path whose value is a cron expression, found from the schema's own descriptions. */
function cronPaths(node: any = configJsonSchema(), path: string[] = []): string[][] {
  if (node === null || typeof node !== 'object') return [];
  const here =
    typeof node.description === 'string' && /^node-cron expression/i.test(node.description) ? [path] : [];
  const children = Object.entries<any>(node.properties ?? {}).flatMap(([key, child]) =>
    cronPaths(child, [...path, key]),
  );
  return [...here, ...children];
}

function setAt(data: Data, path: string[], value: string): void {
  let node = data;
  for (const key of path.slice(0, -1)) node = node[key] ??= {};
  node[path.at(-1) ?? ''] = value;
}

describe('cron expressions in the config', () => {
  const paths = cronPaths();

  it('GIVEN the schema THEN both schedules are cron fields', () => {
    expect(paths.map((p) => p.join('.'))).toEqual(expect.arrayContaining(['schedule.cron', 'news.schedule']));
  });

  it.each(['*/2 * * *', '61 * * * *', 'every 2 minutes', '*/2 * * * * * *'])(
    'GIVEN the typo "%s" in each schedule THEN check-config names that field',
    (typo) => {
      for (const path of paths) {
        const data = defaultConfigData() as Data;
        setAt(data, path, typo);
        const result = validateConfig(data);
        const problems = result.ok ? [] : result.problems;
        expect(problems, path.join('.')).toEqual([
          expect.stringMatching(new RegExp(`^${path.join('\\.')}: invalid cron expression`)),
        ]);
      }
    },
  );
});
