import type { UploadedFile, ValidationIssue } from './types.js';

/** Discord's documented limits that its OpenAPI description does not encode (it allows 4000-char content). */
const MAX_CONTENT = 2000;
const MAX_EMBED_TOTAL = 6000;
const MAX_FILES = 10;

const text = (value: unknown): number => (typeof value === 'string' ? value.length : 0);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

function embedCharacters(embed: unknown): number {
  const { title, description, footer, author, fields } = record(embed);
  const fieldChars = Array.isArray(fields)
    ? fields.reduce<number>((sum, field) => sum + text(record(field).name) + text(record(field).value), 0)
    : 0;
  return text(title) + text(description) + text(record(footer).text) + text(record(author).name) + fieldChars;
}

/** `at` is where the message object sits in the body: '' for messages, '/data' for interaction callbacks. */
export function messageLimitIssues(body: unknown, at: '' | '/data'): ValidationIssue[] {
  const message = at === '' ? record(body) : record(record(body).data);
  const issues: ValidationIssue[] = [];
  if (text(message.content) > MAX_CONTENT) {
    issues.push({
      path: `${at}/content`,
      keyword: 'maxLength',
      message: `Must be ${MAX_CONTENT} or fewer in length.`,
    });
  }
  const embeds = Array.isArray(message.embeds) ? message.embeds : [];
  const total = embeds.reduce<number>((sum, embed) => sum + embedCharacters(embed), 0);
  if (total > MAX_EMBED_TOTAL) {
    issues.push({
      path: `${at}/embeds`,
      keyword: 'embedTotal',
      message: `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL}`,
    });
  }
  return issues;
}

export function fileLimitIssues(files: readonly UploadedFile[], maxFileBytes: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (files.length > MAX_FILES) {
    issues.push({ path: '/files', keyword: 'maxItems', message: `Must be ${MAX_FILES} or fewer files.` });
  }
  for (const file of files) {
    if (file.data.length > maxFileBytes) {
      issues.push({
        path: `/${file.field}`,
        keyword: 'fileSize',
        message: `${file.name} is ${file.data.length} bytes; the limit is ${maxFileBytes}`,
      });
    }
  }
  return issues;
}
