// Raw params in, typed and defaulted params out, once, when a strategy is created.
import type { z } from 'zod';
import { type ParamIssue, StrategyParamsError } from '../errors.ts';

/** `rawParams` parsed by `schema`; throws StrategyParamsError listing every problem. */
export function parseParams<Schema extends z.ZodType>(
  strategy: string,
  schema: Schema,
  rawParams: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(rawParams ?? {});
  if (parsed.success) return parsed.data;
  const issues: ParamIssue[] = parsed.error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    // A typo'd param name is its own issue, located at that name.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ param: at ? `${at}.${key}` : key, message: 'not a parameter' }));
    }
    return [{ param: at || '(params)', message: issue.message }];
  });
  throw new StrategyParamsError(strategy, issues);
}
