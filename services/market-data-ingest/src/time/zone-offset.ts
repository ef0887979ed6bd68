// Local wall-clock time in an IANA zone → UTC, DST-aware, using the zone rules built into
// Node's Intl (no tz database of our own to keep current). Intl is slow (µs per call), so
// offsets are cached per UTC hour and the answer per local hour: per row it is a Map lookup.
import { SourceConfigError } from '../errors.ts';
import { daysFromCivil } from './civil.ts';

const HOUR = 3600;
const DAY = 86_400;
/** Hours cached before a cache is cleared; a year of hours is 8,760. */
const MAX_CACHED_HOURS = 200_000;

/** A zone's offsets from UTC. Shared by every parser of the same zone. */
export interface ZoneOffsets {
  /** The zone's IANA name, as configured. */
  readonly zone: string;
  /**
   * UTC seconds of a local wall-clock time (`localSeconds`: that wall-clock reading counted
   * as if it were UTC). In a DST overlap (a fall-back hour that happens twice) it is the
   * earlier instant, as Temporal's 'compatible' disambiguation; in a DST gap (a spring-forward
   * time that never happens) it is NaN: see `gapReason`.
   */
  toUtc(localSeconds: number): number;
  /** Why `localSeconds` does not exist in the zone, for a rejected record's reason. */
  gapReason(localSeconds: number): string;
}

const zones = new Map<string, ZoneOffsets>();

/**
 * The offsets of IANA zone `zone`, such as "America/New_York". Throws SourceConfigError at
 * start-up for a name Intl does not know, so a typo cannot misplace every row by hours.
 */
export function zoneOffsets(zone: string): ZoneOffsets {
  let offsets = zones.get(zone);
  if (offsets === undefined) {
    offsets = new IntlZoneOffsets(zone, formatterOf(zone));
    zones.set(zone, offsets);
  }
  return offsets;
}

/** Why `zone` is not a time zone name, or undefined when it is one. */
export function timezoneProblem(zone: string): string | undefined {
  try {
    formatterOf(zone);
    return undefined;
  } catch (error) {
    if (error instanceof SourceConfigError) return error.message;
    throw error;
  }
}

function formatterOf(zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (error) {
    // Intl throws RangeError for a zone it does not know; anything else is a bug.
    if (!(error instanceof RangeError)) throw error;
    throw new SourceConfigError(
      `timezone ${JSON.stringify(zone)} is not an IANA time zone name such as "America/New_York" or "Europe/London"`,
      { cause: error },
    );
  }
}

class IntlZoneOffsets implements ZoneOffsets {
  /** UTC hour → the offset throughout it, or NaN when it holds a transition. */
  private readonly byUtcHour = new Map<number, number>();
  /** Local hour → its offset when no transition is within a day of it, else NaN. */
  private readonly byLocalHour = new Map<number, number>();
  // Files are in time order: most rows fall in the same local hour as the row before.
  private lastLocalHour = Number.NaN;
  private lastOffset = 0;

  readonly zone: string;
  private readonly formatter: Intl.DateTimeFormat;

  constructor(zone: string, formatter: Intl.DateTimeFormat) {
    this.zone = zone;
    this.formatter = formatter;
  }

  toUtc(localSeconds: number): number {
    const localHour = Math.floor(localSeconds / HOUR);
    if (localHour === this.lastLocalHour) return localSeconds - this.lastOffset;
    let offset = this.byLocalHour.get(localHour);
    if (offset === undefined) {
      const start = localHour * HOUR;
      const before = this.offsetAt(start - DAY);
      offset = before === this.offsetAt(start + HOUR + DAY) ? before : Number.NaN;
      if (this.byLocalHour.size >= MAX_CACHED_HOURS) this.byLocalHour.clear();
      this.byLocalHour.set(localHour, offset);
    }
    if (Number.isNaN(offset)) return this.nearTransition(localSeconds);
    this.lastLocalHour = localHour;
    this.lastOffset = offset;
    return localSeconds - offset;
  }

  gapReason(localSeconds: number): string {
    const before = this.offsetAt(localSeconds - DAY);
    const after = this.offsetAt(localSeconds + DAY);
    return (
      `that local time does not exist in ${this.zone}: the clocks jumped from ` +
      `UTC${offsetText(before)} to UTC${offsetText(after)} across it (a daylight-saving gap)`
    );
  }

  // Within a day of a transition: try the offsets on either side, the larger first so that a
  // time that happens twice resolves to its earlier instant. Neither fits → a gap (NaN).
  private nearTransition(localSeconds: number): number {
    const before = this.offsetAt(localSeconds - DAY);
    const after = this.offsetAt(localSeconds + DAY);
    for (const offset of before >= after ? [before, after] : [after, before]) {
      if (this.offsetAt(localSeconds - offset) === offset) return localSeconds - offset;
    }
    return Number.NaN;
  }

  private offsetAt(utcSeconds: number): number {
    const hour = Math.floor(utcSeconds / HOUR);
    let offset = this.byUtcHour.get(hour);
    if (offset === undefined) {
      // Transitions are months apart: equal offsets at both ends mean none in between.
      const start = this.exactOffset(hour * HOUR);
      offset = start === this.exactOffset(hour * HOUR + HOUR - 1) ? start : Number.NaN;
      if (this.byUtcHour.size >= MAX_CACHED_HOURS) this.byUtcHour.clear();
      this.byUtcHour.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.exactOffset(utcSeconds) : offset;
  }

  private exactOffset(utcSeconds: number): number {
    const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.formatter.formatToParts(utcSeconds * 1000)) {
      if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
    }
    const local =
      daysFromCivil(fields.year, fields.month, fields.day) * DAY +
      fields.hour * HOUR +
      fields.minute * 60 +
      fields.second;
    return local - utcSeconds;
  }
}

function offsetText(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const minutes = Math.abs(seconds) / 60;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(Math.floor(minutes % 60)).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
