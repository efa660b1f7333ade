import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every shell command the README shows in backticks that runs the bot with `npm start`. */
function startCommands(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  return [...readme.matchAll(/`([^`\n]*npm start[^`\n]*)`/g)].map((m) => m[1] ?? '');
}

/**
 * A `VAR=value cmd` prefix sets VAR for that one simple command only: in
 * `DISCORD_TOKEN=… npm run build && npm start` the build gets the token and the bot does not.
 */
function variablesLostBeforeStart(command: string): string[] {
  const parts = command.split(/&&|\|\||;/).map((p) => p.trim());
  const start = parts.findIndex((p) => /(^|\s)npm start\b/.test(p));
  return parts
    .slice(0, start)
    .flatMap((p) => [...p.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]*)=/g)].map((m) => m[1] ?? ''));
}

describe('README start lines', () => {
  it('GIVEN every command that starts the bot THEN the variables it sets reach the bot, not an earlier command', () => {
    const commands = startCommands();
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(variablesLostBeforeStart(command), command).toEqual([]);
  });

  it('GIVEN the token-first line of the old README THEN the check catches it', () => {
    expect(variablesLostBeforeStart('DISCORD_TOKEN=… npm run build && npm start')).toEqual(['DISCORD_TOKEN']);
  });
});
