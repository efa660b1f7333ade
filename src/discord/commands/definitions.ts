import { ApplicationCommandOptionType as Option, InteractionContextType } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { THRESHOLD_RULES } from '../../config/thresholdRules.js';
import { ALERTS_COUNT } from './alertsCommand.js';

const symbol = (required: boolean) =>
  ({
    type: Option.String,
    name: 'symbol',
    description: 'Instrument, e.g. HSI',
    required,
    autocomplete: true,
  }) as const;

const ruleChoices = THRESHOLD_RULES.map((r) => ({
  name: `${r.key}: ${r.description}`.slice(0, 100),
  value: r.key,
}));

const rule = (required: boolean) =>
  ({
    type: Option.String,
    name: 'rule',
    description: 'Which threshold',
    required,
    choices: ruleChoices,
  }) as const;

const DEFINITIONS: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  {
    name: 'level',
    description: 'Price, day change, range and market status of one instrument, with a chart',
    options: [symbol(true)],
  },
  { name: 'levels', description: 'Every instrument at a glance' },
  {
    name: 'wrap',
    description: "The day's wrap per market: close, change, range, alerts and trade-news reactions",
    options: [
      {
        type: Option.String,
        name: 'market',
        description: 'Market, e.g. HKEX, TSE or FX (default: every watched market)',
        required: false,
      },
    ],
  },
  {
    name: 'threshold',
    description: 'Show or change alert thresholds (changes need Manage Server or an admin role)',
    options: [
      {
        type: Option.Subcommand,
        name: 'show',
        description: 'Effective thresholds and recent changes',
        options: [symbol(false)],
      },
      {
        type: Option.Subcommand,
        name: 'set',
        description: 'Override one threshold for one instrument',
        options: [
          symbol(true),
          rule(true),
          {
            type: Option.String,
            name: 'value',
            description: 'A number (0.5 means 0.5 %), or a list such as 1, 2, 3 or none',
            required: true,
            max_length: 100,
          },
        ],
      },
      {
        type: Option.Subcommand,
        name: 'reset',
        description: 'Back to the defaults for one rule, or all rules of an instrument',
        options: [symbol(true), rule(false)],
      },
    ],
  },
  {
    name: 'silence',
    description: 'Mute an instrument for a while (alerts are still recorded)',
    options: [
      symbol(true),
      {
        type: Option.String,
        name: 'duration',
        description: 'e.g. 45m, 2h, 1h30m, 1d',
        required: true,
        max_length: 20,
      },
    ],
  },
  { name: 'unsilence', description: 'Lift a silence', options: [symbol(true)] },
  {
    name: 'alerts',
    description: 'Alert history',
    options: [
      {
        type: Option.Subcommand,
        name: 'recent',
        description: 'The latest alerts',
        options: [
          {
            type: Option.Integer,
            name: 'count',
            description: `${ALERTS_COUNT.min}–${ALERTS_COUNT.max} (default ${ALERTS_COUNT.default})`,
            min_value: ALERTS_COUNT.min,
            max_value: ALERTS_COUNT.max,
          },
        ],
      },
    ],
  },
  {
    name: 'status',
    description: 'Providers, news feeds, last poll, stale instruments, outbox, uptime, version',
  },
  {
    name: 'event',
    description: 'Trade-news events that tighten thresholds and get a reaction report',
    options: [
      {
        type: Option.Subcommand,
        name: 'add',
        description: 'Add an event (needs Manage Server or an admin role)',
        options: [
          {
            type: Option.String,
            name: 'title',
            description: 'The headline',
            required: true,
            max_length: 256,
          },
          {
            type: Option.String,
            name: 'time',
            description: 'ISO time with zone, e.g. 2025-06-02T10:00+08:00; empty means now',
            max_length: 40,
          },
          { type: Option.String, name: 'link', description: 'http(s) link to the story', max_length: 500 },
        ],
      },
      { type: Option.Subcommand, name: 'list', description: 'Recent and upcoming events' },
      {
        type: Option.Subcommand,
        name: 'remove',
        description: 'Remove an event added by hand or from a feed',
        options: [
          {
            type: Option.String,
            name: 'id',
            description: 'Event id from /event list',
            required: true,
            max_length: 60,
          },
        ],
      },
    ],
  },
  {
    name: 'alert',
    description: 'Your own price alerts, sent to you by DM',
    options: [
      {
        type: Option.Subcommand,
        name: 'add',
        description: 'Alert me when a price crosses a level, or the day move reaches a size',
        options: [
          symbol(true),
          {
            type: Option.String,
            name: 'condition',
            description: 'above or below a price, or a move from the previous close',
            required: true,
            choices: [
              { name: 'above a price', value: 'above' },
              { name: 'below a price', value: 'below' },
              { name: 'moves at least this % either way from the previous close', value: 'move' },
            ],
          },
          {
            type: Option.String,
            name: 'value',
            description: 'The price (e.g. 20000 or 7.15), or for a move the percentage (e.g. 2)',
            required: true,
            max_length: 20,
          },
          {
            type: Option.Boolean,
            name: 'repeat',
            description: 'Keep it after it fires; it re-arms once the price is back across (default: no)',
          },
        ],
      },
      {
        type: Option.Subcommand,
        name: 'list',
        description: 'Your alerts',
        options: [
          {
            type: Option.Boolean,
            name: 'all',
            description: "Every member's alerts (needs Manage Server or an admin role)",
          },
        ],
      },
      {
        type: Option.Subcommand,
        name: 'remove',
        description: 'Remove one of your alerts',
        options: [
          {
            type: Option.Integer,
            name: 'id',
            description: 'The alert number from /alert list',
            required: true,
            min_value: 1,
          },
        ],
      },
      {
        type: Option.Subcommand,
        name: 'clear',
        description: 'Remove every alert of a member (needs Manage Server or an admin role)',
        options: [{ type: Option.User, name: 'member', description: 'Whose alerts', required: true }],
      },
    ],
  },
];

/** Every slash command as the plain JSON Discord registers; handlers read options by these names. */
export const COMMANDS: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = DEFINITIONS.map(
  (command) => ({
    ...command,
    contexts: [InteractionContextType.Guild],
  }),
);
