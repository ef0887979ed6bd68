// The rule MarketData and Signal quotes share since v3: `bid_size` and `ask_size` are both
// present or both absent. One size alone is most likely a mapping mistake, and a consumer
// would otherwise have to guess what the missing side means.
import type { z } from 'zod';

/** A zod `.check` callback: one size without the other is `missing` at the absent one. */
export function bothSizesOrNeither<
  T extends { bid_size?: string | undefined; ask_size?: string | undefined },
>(ctx: z.core.ParsePayload<T>): void {
  const { bid_size, ask_size } = ctx.value;
  if ((bid_size === undefined) === (ask_size === undefined)) return;
  // "missing", as every absent required field reads: with its companion given, it is one.
  ctx.issues.push({
    code: 'custom',
    input: undefined,
    path: [bid_size === undefined ? 'bid_size' : 'ask_size'],
    message: 'missing',
  });
}
