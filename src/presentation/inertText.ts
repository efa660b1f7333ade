/**
 * Text from outside (headlines, their sources, matched terms) made inert for Discord's markdown, so
 * it shows as written wherever the bot posts it. Every character that opens markdown is
 * backslash-escaped (Discord hides the backslash); heading, quote and list marks only at the start
 * of a line, where they mean something; backslashes too, so an escape in the text cannot cancel
 * ours. No bold, strike-through, spoiler, code, heading, quote or list; no masked link
 * (`[official statement](https://evil.example/phish)`) that hides where it points; no mention or
 * timestamp markup (`<@id>`, `<t:…>`). A bare URL stays a visible URL.
 */
export function inertText(text: string): string {
  return (
    text
      .replace(/[\\*_~`|[\]<]/g, (c) => `\\${c}`)
      // Headings, quotes, lists and subtext open only at the start of a line; a hyphen inside a
      // headline ("UPDATE 1-China") stays as written.
      .replace(/^(\s*)([#>-])/gm, '$1\\$2')
  );
}
