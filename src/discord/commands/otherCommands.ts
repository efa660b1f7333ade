import type { ChatInputCommandInteraction } from 'discord.js';
import { parseDuration } from '../../services/parseDuration.js';
import { formatPct } from '../../domain/format.js';
import { arrow, discordTime } from '../alertEmbeds.js';
import { ephemeral, instrumentToChange, privately } from './context.js';
import type { CommandDeps } from './context.js';

export async function silence(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const found = await instrumentToChange(interaction, deps);
  if (!found) return;
  const duration = parseDuration(interaction.options.getString('duration', true));
  if (!duration.ok) {
    await interaction.reply(ephemeral(duration.error));
    return;
  }
  const now = deps.now();
  const until = now + duration.ms;
  deps.store.silence(found.id, until, interaction.user.username, now);
  deps.log.info(
    { symbol: found.id, until: new Date(until).toISOString(), by: interaction.user.username },
    'silenced',
  );
  await interaction.reply(
    ephemeral(
      `${found.id} silenced until ${discordTime(until, 'f')}; its alerts are still recorded (/alerts recent).`,
    ),
  );
}

export async function unsilence(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const found = await instrumentToChange(interaction, deps);
  if (!found) return;
  const lifted = deps.store.unsilence(found.id);
  await interaction.reply(
    ephemeral(lifted ? `${found.id} is no longer silenced.` : `${found.id} was not silenced.`),
  );
}

export async function alerts(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const count = interaction.options.getInteger('count') ?? 10;
  const recent = deps.store.recentAlerts(count);
  const lines = recent.map(
    (a) =>
      `${discordTime(a.time, 'f')} ${arrow(a.direction)} **${a.symbol}** ${a.rule} ${formatPct(a.changePct)}`,
  );
  await interaction.reply(
    privately({
      embeds: [
        { title: `Latest ${recent.length} alerts`, description: lines.join('\n') || 'No alerts yet.' },
      ],
    }),
  );
}

export async function status(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const { monitor } = deps;
  const now = deps.now();
  const providers = monitor.providerHealth().map((h) => {
    const state = h.healthy
      ? '✅'
      : `⚠️ backing off${h.retryAt === null ? '' : ` until ${discordTime(h.retryAt)}`}`;
    const error = h.lastError ? ` · last error: ${h.lastError.slice(0, 120)}` : '';
    return `${h.provider} ${state}${error}`;
  });
  const feeds = deps.newsHealth().map((h) => {
    const state = h.healthy
      ? '✅'
      : `⚠️ failing, retry ${h.retryAt === null ? 'soon' : discordTime(h.retryAt)}`;
    return `${h.source} ${state}${h.lastError ? ` · ${h.lastError.slice(0, 100)}` : ''}`;
  });
  const stale = monitor
    .config()
    .instruments.filter((i) => monitor.isStale(i.id))
    .map((i) => i.id);
  const silenced = deps.store
    .activeSilences(now)
    .map((s) => `${s.symbol} until ${discordTime(s.until, 'f')}`);
  const lastPoll = monitor.lastPollAt();
  await interaction.reply(
    privately({
      embeds: [
        {
          title: 'Bot status',
          fields: [
            { name: 'Providers', value: providers.join('\n') || 'none', inline: false },
            {
              name: 'News sources',
              value: feeds.join('\n').slice(0, 1000) || 'none configured',
              inline: false,
            },
            { name: 'Active provider', value: monitor.activeProvider() ?? 'none yet', inline: true },
            { name: 'Last poll', value: lastPoll === null ? 'not yet' : discordTime(lastPoll), inline: true },
            { name: 'Stale', value: stale.join(', ') || 'none', inline: true },
            { name: 'Outbox', value: `${deps.store.pendingCount()} waiting`, inline: true },
            { name: 'Silenced', value: silenced.join('\n') || 'none', inline: true },
            { name: 'Up since', value: discordTime(deps.startedAt), inline: true },
            { name: 'Version', value: deps.version, inline: true },
          ],
        },
      ],
    }),
  );
}
