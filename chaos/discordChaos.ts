import { rateLimited, startFakeDiscord } from '../test/support/fakeDiscord/index.js';
import type { FakeDiscord, InjectedFailure } from '../test/support/fakeDiscord/index.js';
import type { Random } from './random.js';

/** What the fake answers instead of posting: rate limits, server errors, resets, and 'drop' (posted, answer lost). */
const FAILURES: readonly { readonly name: string; readonly reply: InjectedFailure }[] = [
  { name: '429', reply: rateLimited(0.5) },
  { name: '500', reply: { status: 500 } },
  { name: '502', reply: { status: 502 } },
  { name: '503', reply: { status: 503 } },
  { name: 'reset', reply: 'reset' },
  { name: 'drop', reply: 'drop' },
];
const MISSING_ACCESS: InjectedFailure = { status: 403, body: { message: 'Missing Access', code: 50001 } };
/** More than any run posts: the refused channel answers 403 to every message. */
const ALWAYS = 100_000;
const GATEWAY_CLOSE_EVERY_MS = { min: 8_000, max: 20_000 };
const WATCH_MS = 20;

export interface DiscordChannels {
  readonly alerts: string;
  readonly fx: string;
  /** The top-tier channel, where the bot lacks access: every post there is refused with 403. */
  readonly refused: string;
}

export interface ChaoticDiscord {
  readonly fake: FakeDiscord;
  readonly channels: DiscordChannels;
  readonly injected: Record<string, number>;
  gatewayCloses: number;
  /** Stops injecting failures and gateway closes (the refused channel keeps refusing). */
  calm: () => void;
  /**
   * Runs `action` once, when the next accepted message post (not to the refused channel) has been
   * carried out, just before its answer is written: the message exists and the bot cannot know it
   * yet. (After the answer would race the bot: on a loaded machine writing it may hand the bot the
   * CPU, which marks the message sent first.) A later call replaces it.
   */
  afterNextPost(action: () => void): void;
  close(): Promise<void>;
}

export interface ChaoticDiscordOptions {
  readonly random: Random;
  /** The share of message posts that fail. */
  readonly failureRate: number;
  /** Shortens how long the fake remembers nonces (Discord: a few minutes), to show doubles. */
  readonly nonceWindowMs?: number;
}

const isMessagePost = (method: string, path: string): boolean =>
  method === 'POST' && /^\/channels\/\d+\/messages$/.test(path);

/**
 * After each message post the fake sees, the next one fails with probability `rate`: the fake's
 * failure plan is a queue, so failures are planted one at a time as posts arrive.
 */
function injectFailures(d: ChaoticDiscord, random: Random, rate: number): () => void {
  let seen = 0;
  const timer = setInterval(() => {
    const posts = d.fake.requests.filter((r) => isMessagePost(r.method, r.path)).length;
    for (; seen < posts; seen += 1) {
      if (!random.chance(rate)) continue;
      const failure = random.pick(FAILURES);
      d.injected[failure.name] = (d.injected[failure.name] ?? 0) + 1;
      const route = new RegExp(`^/channels/(?!${d.channels.refused}/)\\d+/messages$`);
      d.fake.failNext('POST', route, failure.reply);
    }
  }, WATCH_MS);
  return () => {
    clearInterval(timer);
  };
}

/** Closes the gateway at random intervals with 4000, which discord.js resumes. */
function closeGatewayNowAndThen(d: ChaoticDiscord, random: Random): () => void {
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    timer = setTimeout(
      () => {
        d.fake.disconnectGateway(4000);
        d.gatewayCloses += 1;
        schedule();
      },
      random.between(GATEWAY_CLOSE_EVERY_MS.min, GATEWAY_CLOSE_EVERY_MS.max),
    );
  };
  schedule();
  return () => {
    clearTimeout(timer);
  };
}

/** How far the planned drops have come. */
export interface PlannedDrops {
  dropped(): number;
  /** A drop waits for the next message post. */
  armed(): boolean;
}

/**
 * Loses the answer to `count` message posts (the message is posted, the bot never hears so), one
 * message at a time: the first post from now, then, after each post is answered, the next one. So
 * every planned drop hits a different message, and the bot's retry of it must be answered by its
 * nonce; a Discord without nonce memory posts it twice.
 */
export function dropAnswers(d: ChaoticDiscord, count: number): PlannedDrops {
  const route = new RegExp(`^/channels/(?!${d.channels.refused}/)\\d+/messages$`);
  let dropped = 0;
  let armed = false;
  let seen = 0;
  const arm = () => {
    if (armed || dropped >= count) return;
    d.fake.failNext('POST', route, 'drop');
    armed = true;
  };
  arm();
  const timer = setInterval(() => {
    const posts = d.fake.requests.filter((r) => isMessagePost(r.method, r.path));
    // A request's status is set once it is answered: stop at the first still in flight.
    while (seen < posts.length && posts[seen]?.status !== 0) {
      const status = posts[seen]?.status;
      seen += 1;
      if (status === 'drop') {
        [armed, dropped] = [false, dropped + 1];
        d.injected.drop = (d.injected.drop ?? 0) + 1;
      } else if (status === 200) arm();
    }
    if (dropped >= count) clearInterval(timer);
  }, WATCH_MS);
  const stop = d.calm;
  d.calm = () => {
    clearInterval(timer);
    stop();
  };
  return { dropped: () => dropped, armed: () => armed };
}

/** The fake Discord with three text channels, one refused, and failures at `failureRate` of posts. */
export async function startChaoticDiscord(options: ChaoticDiscordOptions): Promise<ChaoticDiscord> {
  const { random, failureRate, nonceWindowMs } = options;
  let afterPost: (() => void) | null = null;
  let refused = '';
  const fake = await startFakeDiscord({
    guilds: [{ channels: [{ name: 'market-alerts' }, { name: 'fx-alerts' }, { name: 'top-tier' }] }],
    ...(nonceWindowMs === undefined ? {} : { nonceWindowMs }),
    beforeAnswer: (request) => {
      const accepted = request.status === 200 && isMessagePost(request.method, request.path);
      if (!afterPost || !accepted || request.path.includes(`/${refused}/`)) return;
      const action = afterPost;
      afterPost = null;
      action();
    },
  });
  const [alerts, fx, refusedId] = fake.guild.channels.map((c) => c.id);
  if (!alerts || !fx || !refusedId) throw new Error('chaos: the fake guild lacks its three channels');
  refused = refusedId;
  fake.failNext('POST', `/channels/${refused}/messages`, MISSING_ACCESS, ALWAYS);
  const d: ChaoticDiscord = {
    fake,
    channels: { alerts, fx, refused },
    injected: {},
    gatewayCloses: 0,
    calm: () => undefined,
    afterNextPost: (action) => {
      afterPost = action;
    },
    close: () => fake.close(),
  };
  const stops = [injectFailures(d, random, failureRate), closeGatewayNowAndThen(d, random)];
  d.calm = () => {
    stops.forEach((stop) => {
      stop();
    });
  };
  d.close = async () => {
    d.calm();
    await fake.close();
  };
  return d;
}
