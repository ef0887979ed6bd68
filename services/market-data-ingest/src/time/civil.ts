// Calendar arithmetic on plain numbers, so a per-row timestamp reader needs no Date object:
// days since 1970-01-01 from a proleptic Gregorian date (Howard Hinnant's days_from_civil).

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to year-month-day (month 1–12), negative before 1970. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Why year-month-day hh:mm:ss is not a real wall-clock time, or undefined when it is.
 * Leap seconds (:60) are refused: ns since the epoch, like POSIX time, has no place for them.
 */
export function civilProblem(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  if (month < 1 || month > 12) return `month ${pad2(month)} is not 01–12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `day ${pad2(day)} is not a date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days`;
  }
  if (hour > 23) return `hour ${pad2(hour)} is not 00–23`;
  if (minute > 59) return `minute ${pad2(minute)} is not 00–59`;
  if (second === 60)
    return 'second 60 is a leap second, which a count of ns since the epoch cannot represent';
  if (second > 59) return `second ${pad2(second)} is not 00–59`;
  return undefined;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
