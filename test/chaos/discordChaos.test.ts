import { afterEach, describe, expect, it } from 'vitest';
import { dropAnswers, startChaoticDiscord, type ChaoticDiscord } from '../../chaos/discordChaos.js';
import { seededRandom } from '../../chaos/random.js';

let discord: ChaoticDiscord | undefined;
afterEach(async () => {
  await discord?.close();
});

/** Posts as the bot does: enforce_nonce, and the same nonce again when the answer is lost. */
async function postUntilAnswered(d: ChaoticDiscord, nonce: string): Promise<number> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const res = await fetch(`${d.fake.apiBase}/v10/channels/${d.channels.alerts}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${d.fake.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: `alert ${nonce}`, nonce, enforce_nonce: true }),
      });
      if (res.ok) return attempt;
    } catch {
      // The answer was lost: the message may be posted; retry with the same nonce.
    }
  }
  throw new Error(`${nonce} never answered`);
}

describe('dropAnswers', () => {
  it('GIVEN three planned drops and a Discord that forgets nonces at once THEN three messages in a row are posted twice, the fourth once', async () => {
    discord = await startChaoticDiscord({ random: seededRandom(1), failureRate: 0, nonceWindowMs: 0 });
    const d = discord;
    d.calm();
    const drops = dropAnswers(d, 3);
    const attempts = [];
    for (const [i, nonce] of ['a', 'b', 'c', 'd'].entries()) {
      // The planner has seen the last drop and armed the next one (none after the third).
      const ready = () => drops.dropped() === Math.min(i, 3) && (drops.armed() || i === 3);
      await d.fake.waitFor(ready, 'the next drop armed');
      attempts.push(await postUntilAnswered(d, nonce));
    }
    expect(attempts).toEqual([2, 2, 2, 1]);
    expect(d.fake.messages.map((m) => m.nonce)).toEqual(['a', 'a', 'b', 'b', 'c', 'c', 'd']);
    expect([drops.dropped(), d.injected.drop]).toEqual([3, 3]);
  });

  it('GIVEN Discord’s nonce memory THEN the same planned drops post each message once', async () => {
    discord = await startChaoticDiscord({ random: seededRandom(1), failureRate: 0 });
    const d = discord;
    d.calm();
    const drops = dropAnswers(d, 2);
    for (const [i, nonce] of ['a', 'b'].entries()) {
      await d.fake.waitFor(() => drops.dropped() === i && drops.armed(), 'the next drop armed');
      await postUntilAnswered(d, nonce);
    }
    await d.fake.waitFor(() => drops.dropped() === 2, 'both drops seen');
    expect(d.fake.messages.map((m) => m.nonce)).toEqual(['a', 'b']);
  });
});

describe('afterNextPost', () => {
  const post = (d: ChaoticDiscord, channel: string, nonce: string) =>
    fetch(`${d.fake.apiBase}/v10/channels/${channel}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${d.fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: `alert ${nonce}`, nonce, enforce_nonce: true }),
    });

  it('GIVEN an action THEN it runs once, at the next accepted post, with its message already posted', async () => {
    discord = await startChaoticDiscord({ random: seededRandom(1), failureRate: 0 });
    const d = discord;
    d.calm();
    const seen: { messages: number; status: unknown }[] = [];
    d.afterNextPost(() => {
      const last = d.fake.requests.at(-1);
      seen.push({ messages: d.fake.messages.length, status: last?.status });
    });
    // The refused channel's 403 is no accepted post: the action waits for the next one.
    expect((await post(d, d.channels.refused, 'r')).status).toBe(403);
    expect(seen).toEqual([]);
    const first = post(d, d.channels.alerts, 'a');
    await d.fake.waitFor(() => seen.length === 1, 'the action ran');
    expect((await first).status).toBe(200);
    expect(seen).toEqual([{ messages: 1, status: 200 }]);
    await post(d, d.channels.fx, 'b');
    expect(seen).toHaveLength(1);
  });
});
