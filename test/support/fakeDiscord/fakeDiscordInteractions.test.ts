import { InteractionResponseType, MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { onNextInteraction, useFakeDiscord } from './testKit.js';

const { start, login: ready } = useFakeDiscord();

describe('fake Discord interactions', () => {
  it('delivers a slash command and records an ephemeral reply', async () => {
    const on = await start();
    const client = await ready(on);
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      expect(interaction.options.getSubcommand()).toBe('show');
      expect(interaction.options.getString('symbol')).toBe('N225');
      expect(interaction.options.getInteger('days')).toBe(5);
      expect(interaction.memberPermissions?.has('Administrator')).toBe(true);
      await interaction.reply({ content: 'N225 +1.2%', flags: MessageFlags.Ephemeral });
    });
    on.dispatchInteraction(
      on.chatInputInteraction({
        name: 'quote',
        subcommand: 'show',
        options: { symbol: 'N225', days: 5 },
        memberPermissions: '8',
      }),
    );
    await handled;

    const [response] = on.interactionResponses;
    expect(response?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(response?.payload.data).toMatchObject({ content: 'N225 +1.2%', flags: MessageFlags.Ephemeral });
    expect(on.validationErrors).toEqual([]);
  });

  it('records deferReply, editReply with a file and a follow-up', async () => {
    const on = await start();
    const client = await ready(on);
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.deferReply();
      const edited = await interaction.editReply({
        content: 'chart',
        files: [{ attachment: Buffer.from('png'), name: 'c.png' }],
      });
      expect(edited.attachments.first()?.name).toBe('c.png');
      await interaction.followUp({ content: 'more' });
    });
    on.dispatchInteraction(on.chatInputInteraction({ name: 'chart' }));
    await handled;

    expect(on.interactionResponses.map((response) => response.type)).toEqual([
      InteractionResponseType.DeferredChannelMessageWithSource,
    ]);
    expect(on.webhookEdits.map((edit) => edit.kind)).toEqual(['editOriginal', 'followup']);
    expect(on.webhookEdits[0]?.files[0]?.name).toBe('c.png');
    expect(on.webhookEdits[1]?.payload.content).toBe('more');
    expect(on.validationErrors).toEqual([]);
  });

  it('answers autocomplete with choices (type 8)', async () => {
    const on = await start();
    const client = await ready(on);
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      expect(interaction.options.getFocused()).toBe('nik');
      await interaction.respond([{ name: 'Nikkei 225', value: 'N225' }]);
    });
    on.dispatchInteraction(
      on.autocompleteInteraction({ name: 'quote', options: { symbol: 'nik' }, focused: 'symbol' }),
    );
    await handled;

    expect(on.interactionResponses[0]).toMatchObject({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      payload: { data: { choices: [{ name: 'Nikkei 225', value: 'N225' }] } },
    });
  });

  it('answers 10062 Unknown interaction to a first response after the deadline, on its own clock', async () => {
    const discordClock = { now: 0 };
    const on = await start({ now: () => discordClock.now });
    const client = await ready(on);
    /** Replies once Discord's clock has moved `ms` past the dispatch. */
    const replyAfter = (ms: number) => {
      const handled = onNextInteraction(client, async (interaction) => {
        discordClock.now += ms;
        if (interaction.isRepliable()) await interaction.reply('done');
      });
      on.dispatchInteraction(on.chatInputInteraction({ name: 'slow' }));
      return handled;
    };
    await replyAfter(3_000);
    expect(on.interactionResponses).toHaveLength(1);
    await expect(replyAfter(3_001)).rejects.toMatchObject({ code: 10062 });
    expect(on.interactionResponses).toHaveLength(1);
  });
});
