import { REST, Routes, type APIDMChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useFakeDiscord } from './testKit.js';

const { start } = useFakeDiscord();
const MEMBER = '833333333333333333';

async function rest() {
  const on = await start();
  return { on, rest: new REST({ api: on.apiBase, retries: 0 }).setToken(on.token) };
}

describe('fake Discord direct messages', () => {
  it('GIVEN POST /users/@me/channels THEN one DM channel per recipient, which takes messages', async () => {
    const { on, rest: api } = await rest();
    const opened = (await api.post(Routes.userChannels(), {
      body: { recipient_id: MEMBER },
    })) as APIDMChannel;
    const again = (await api.post(Routes.userChannels(), { body: { recipient_id: MEMBER } })) as APIDMChannel;
    expect(opened).toMatchObject({ type: 1, recipients: [{ id: MEMBER }] });
    expect(again.id).toBe(opened.id);
    expect(on.dmChannelId(MEMBER)).toBe(opened.id);
    await api.post(Routes.channelMessages(opened.id), { body: { content: 'hello' } });
    expect(on.messages.map((m) => m.channelId)).toEqual([opened.id]);
    expect(on.validationErrors).toEqual([]);
  });

  it('GIVEN a user whose DMs are closed THEN the channel opens but a post is refused with 403 50007', async () => {
    const { on, rest: api } = await rest();
    on.closeDms(MEMBER);
    const opened = (await api.post(Routes.userChannels(), {
      body: { recipient_id: MEMBER },
    })) as APIDMChannel;
    await expect(
      api.post(Routes.channelMessages(opened.id), { body: { content: 'hello' } }),
    ).rejects.toMatchObject({
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    expect(on.messages).toEqual([]);
  });

  it('GIVEN a recipient that is not a snowflake THEN 400 Invalid Form Body', async () => {
    const { rest: api } = await rest();
    await expect(api.post(Routes.userChannels(), { body: { recipient_id: 'alice' } })).rejects.toMatchObject({
      status: 400,
    });
  });
});
