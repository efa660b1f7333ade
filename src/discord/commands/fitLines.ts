/**
 * As many whole lines as fit in `maxChars` (and at most `maxLines`), then "… and N more" for the
 * rest, so a long list is counted rather than cut in the middle of a line. Discord limits an embed
 * field to 1024 characters and a description to 4096.
 */
export function fitLines(lines: readonly string[], maxChars: number, maxLines = Infinity): string {
  const kept: string[] = [];
  let chars = 0;
  const moreLine = (n: number) => `… and ${n} more`;
  for (const [i, line] of lines.entries()) {
    if (kept.length >= maxLines) break;
    const rest = lines.length - i - 1;
    // Room is kept for the count line unless this is the last line.
    const reserve = rest > 0 ? moreLine(rest).length + 1 : 0;
    if (chars + line.length + reserve > maxChars) break;
    kept.push(line);
    chars += line.length + 1;
  }
  const more = lines.length - kept.length;
  return more > 0 ? [...kept, moreLine(more)].join('\n') : kept.join('\n');
}
