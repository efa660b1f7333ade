import { describe, expect, it } from 'vitest';
import { BOT_ENTRY, shippedNodeFlags } from '../../bench/shippedNodeFlags.js';
import { dockerfileInstructions, finalStage } from './imageFiles.js';

describe('how the bot is started', () => {
  it('GIVEN npm start THEN node favours a small heap and bounds its young generation (as the memory bench runs it)', () => {
    expect(shippedNodeFlags()).toEqual(['--optimize-for-size', '--max-semi-space-size=2']);
  });

  it('GIVEN the Docker image THEN its CMD runs node with the same options as npm start', () => {
    const cmd = finalStage(dockerfileInstructions()).find((i) => i.keyword === 'CMD');
    expect(JSON.parse(cmd?.args ?? 'null')).toEqual(['node', ...shippedNodeFlags(), BOT_ENTRY]);
  });
});
