/**
 * Text from outside (headlines, their sources, matched terms) made inert for Discord's markdown, so
 * it shows as written wherever the bot posts it: every character that opens markdown is
 * backslash-escaped (Discord hides the backslash), backslashes included, so an escape in the text
 * cannot cancel ours. No bold, strike-through, spoiler, code, heading, quote or list; no masked link
 * (`[official statement](https://evil.example/phish)`) that hides where it points; no mention or
 * timestamp markup (`<@id>`, `<t:…>`). A bare URL stays a visible URL.
 */
export function inertText(text: string): string {
  return text.replace(/[\\*_~`|>[\]#<-]/g, (c) => `\\${c}`);
}
