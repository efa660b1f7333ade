import { validateDetailed } from 'node-cron';
import { z } from 'zod';

/**
 * A node-cron expression, checked when the config is read: a typo is a config problem naming its
 * field, never a crash when the schedule starts. Every schedule in the config uses this one field.
 */
export function cronExpression(fallback: string, description: string) {
  return z
    .string()
    .default(fallback)
    .superRefine((expr, ctx) => {
      const result = validateDetailed(expr);
      if (!result.valid) {
        const why = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expr}" (${why})` });
      }
    })
    .describe(`node-cron expression${description}`);
}
