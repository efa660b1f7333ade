import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pricingFrame, startChaosStreamer, type ChaosStreamer } from '../../chaos/streamer.js';
import { readFrame } from '../../src/stream/pricingFrame.js';

let streamer: ChaosStreamer | undefined;
let client: WebSocket | undefined;
afterEach(async () => {
  client?.terminate();
  await streamer?.close();
});

describe('the chaos streamer', () => {
  it('GIVEN a frame of a price THEN the bot’s own reader gets the float32 price, the time and the previous close', () => {
    const frame = pricingFrame({
      id: '^HSI',
      price: 23_441.15,
      time: 1_800_000_000_123,
      previousClose: 23_289.77,
    });
    expect(readFrame(frame)).toEqual({
      kind: 'price',
      price: {
        yahooSymbol: '^HSI',
        price: Math.fround(23_441.15),
        time: 1_800_000_000_123,
        previousClose: Math.fround(23_289.77),
      },
    });
  });

  it('GIVEN a client subscribed to two symbols THEN it is subscribed to those only and gets frames of those only', async () => {
    streamer = await startChaosStreamer();
    client = new WebSocket(streamer.url);
    await once(client, 'open');
    const received: string[] = [];
    client.on('message', (data) => received.push((data as Buffer).toString('utf8')));
    client.send(JSON.stringify({ subscribe: ['^HSI', '^N225'] }));
    const s = streamer;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (s.subscribedToAll(['^HSI', '^N225'])) resolve(clearInterval(check));
      }, 10);
    });
    expect(s.subscribedToAll(['^HSI', 'CNH=X'])).toBe(false);
    expect([s.send('CNH=X', 'not for you'), s.send('^HSI', 'for you')]).toEqual([0, 1]);
    await new Promise<void>((resolve) => client?.once('message', () => resolve()));
    expect(received).toEqual(['for you']);
    expect(s.connections()).toBe(1);
  });
});
