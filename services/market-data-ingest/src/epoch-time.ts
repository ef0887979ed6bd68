// Epoch timestamps read exactly: the text is split at its decimal point and scaled with
// bigint arithmetic, so "1582329601.096" is 1582329601096000000 ns to the nanosecond.
// Going through a float would not be: 1582329601.096 * 1e9 is 1582329601095999744.
import { quoted } from './show-input.ts';

/** A unit of epoch time: seconds, milliseconds, microseconds or nanoseconds. */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

const FRACTION_DIGITS: Readonly<Record<EpochUnit, number>> = { s: 9, ms: 6, us: 3, ns: 0 };
const UNIT_NAMES: Readonly<Record<EpochUnit, string>> = {
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
};
const EPOCH = /^(\d+)(?:\.(\d+))?$/;
// Whole digits only, few enough that the Number is exact (< 2^53): how epoch-µs and epoch-ms
// files write every row. Read as a Number then made a bigint, without the match arrays and the
// string BigInt parse of the general path: it was most of a Tardis row's time parsing.
const SAFE_WHOLE = /^\d{1,15}$/;
const SCALES: Readonly<Record<EpochUnit, bigint>> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n };

/**
 * Nanoseconds since the Unix epoch from epoch text in `unit`, e.g. ("1582329601.096", 's').
 * A fraction is allowed down to the nanosecond. Throws RangeError on anything else.
 */
export function nsFromEpochText(text: string, unit: EpochUnit): bigint {
  if (SAFE_WHOLE.test(text)) return BigInt(Number(text)) * SCALES[unit];
  const match = EPOCH.exec(text);
  const digits = FRACTION_DIGITS[unit];
  if (match === null) {
    throw new RangeError(`expected epoch ${UNIT_NAMES[unit]} like "${example(unit)}", got ${quoted(text)}`);
  }
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) {
    throw new RangeError(
      `expected epoch ${UNIT_NAMES[unit]} with at most ${digits} fraction digits (nanoseconds), got ${quoted(text)}`,
    );
  }
  const scale = 10n ** BigInt(digits);
  return BigInt(whole) * scale + BigInt(fraction.padEnd(digits, '0') || '0');
}

function example(unit: EpochUnit): string {
  return { s: '1582329601.096', ms: '1582329601096', us: '1582329601096000', ns: '1582329601096000000' }[
    unit
  ];
}
