// A time bound as a user types it, to integer nanoseconds since the epoch. The rule:
// - ISO-8601 with a zone (`2024-03-01T09:30:00.123456789Z`, `…+01:00`) or a date alone
//   (`2024-03-01`, midnight UTC);
// - an integer with a unit: `1709285400000ms`, `1709285400000000000ns`;
// - a bare integer: up to 13 digits is epoch milliseconds, exactly 19 digits is epoch
//   nanoseconds (2001-09-09 to 2262). Anything between (14-18 digits: seconds? micros?) is
//   refused rather than guessed: a misread unit moves a range by years.
import { nsFromIso } from '@tickflow/events';
import { BadInputError } from '../errors.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WITH_UNIT = /^(\d{1,19})(ms|ns)$/;
const DIGITS = /^\d+$/;
const NS_PER_MS = 1_000_000n;
const MAX_NS = 2n ** 63n - 1n;

/** The bound in ns since the epoch. Throws BadInputError naming `parameter`. */
export function parseTimeBound(text: string, parameter: string): bigint {
  const value = text.trim();
  const ns = toNs(value, parameter);
  if (ns > MAX_NS) throw new BadInputError(parameter, `must be before the year 2262, got "${text}"`);
  return ns;
}

function toNs(value: string, parameter: string): bigint {
  const withUnit = WITH_UNIT.exec(value);
  if (withUnit) {
    const amount = BigInt(withUnit[1] as string);
    return withUnit[2] === 'ms' ? amount * NS_PER_MS : amount;
  }
  if (DIGITS.test(value)) {
    if (value.length <= 13) return BigInt(value) * NS_PER_MS;
    if (value.length === 19) return BigInt(value);
    throw new BadInputError(
      parameter,
      `"${value}" is ambiguous: give epoch ms (up to 13 digits), epoch ns (19 digits), a number with a unit (…ms, …ns) or an ISO-8601 time`,
    );
  }
  try {
    return nsFromIso(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  } catch {
    throw new BadInputError(
      parameter,
      `expected an ISO-8601 time with a zone (2024-03-01T09:30:00Z), a date, epoch ms or epoch ns, got "${value}"`,
    );
  }
}
