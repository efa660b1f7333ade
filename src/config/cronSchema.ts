import { validateDetailed } from 'node-cron';
import { z } from 'zod';

/** A node-cron expression (five fields, or six with seconds first), checked as node-cron reads it. */
export function cronExpression(defaultExpression: string) {
  return z
    .string()
    .default(defaultExpression)
    .superRefine((expr, ctx) => {
      const result = validateDetailed(expr);
      if (!result.valid) {
        const why = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expr}" (${why})` });
      }
    });
}
