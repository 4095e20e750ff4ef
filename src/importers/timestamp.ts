/**
 * Reads the timestamps of generic CSV and JSON files: ISO-8601 or epoch seconds, into ISO-8601 UTC.
 */

/** A parsed time: `iso` is null when the text is not a time; `assumedUtc` when it had a clock time but no offset. */
export interface ParsedTime {
  iso: string | null;
  assumedUtc: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^-?\d+(?:\.\d+)?$/;
/** Largest time value a JavaScript Date can hold, in milliseconds either side of 1970. */
const MAX_TIME_MS = 8.64e15;
/** Epoch values at or above this are read as milliseconds (1e11 seconds would be the year 5138). */
const MILLIS_THRESHOLD = 1e11;

function daysInMonth(year: number, month: number): number {
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999 (and 1900 has no 29 February).
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function fromIso(m: RegExpExecArray): ParsedTime {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { iso: null, assumedUtc: false };
  if (hour > 23 || minute > 59 || second > 59) return { iso: null, assumedUtc: false };
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return { iso: null, assumedUtc: false };
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const ms = date.getTime() - offsetMinutes * 60_000;
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) return { iso: null, assumedUtc: false };
  return { iso: new Date(ms).toISOString(), assumedUtc: zone === undefined && m[4] !== undefined };
}

/** Parse ISO-8601 ("2019-10-03T17:04:00+02:00", "2019-10-03") or epoch seconds ("1570115040"; 1e11 and up as milliseconds). */
export function parseTimestamp(text: string): ParsedTime {
  const value = text.trim();
  if (EPOCH.test(value)) {
    const n = Number(value);
    const ms = Math.abs(n) >= MILLIS_THRESHOLD ? n : n * 1000;
    if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) return { iso: null, assumedUtc: false };
    return { iso: new Date(Math.floor(ms)).toISOString(), assumedUtc: false };
  }
  const m = ISO.exec(value);
  return m === null ? { iso: null, assumedUtc: false } : fromIso(m);
}
