/**
 * Times in a report as a reader reads them: "6 Dec 2026, 23:14 (UTC+01:00)" in the reader's IANA time zone, with
 * the offset that applied at that moment (so summer and winter times stay unambiguous). The report keeps ISO-8601
 * UTC; only the rendering changes. Month names are fixed English, so the output does not depend on the host's locale.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The zone used when none is given or the given one is unknown. */
export const FALLBACK_TIME_ZONE = 'UTC';

/** True when the runtime knows this IANA zone name (e.g. "Europe/Berlin", "UTC"). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** One formatter per zone (building them is the slow part). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** "GMT+01:00" / "GMT" (what longOffset gives) as "UTC+01:00" / "UTC+00:00". */
function offsetLabel(name: string): string {
  const offset = name.replace(/^(GMT|UTC)/, '');
  return `UTC${offset === '' ? '+00:00' : offset}`;
}

/**
 * "6 Dec 2026, 23:14 (UTC+01:00)" for an ISO time in `zone`; null when the text is no valid time (the caller shows
 * it as it came). An unknown zone reads as UTC.
 */
export function formatReportTime(iso: string, zone: string): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const parts: Record<string, string> = {};
  // A zone with a formatter is known; asking Intl again would cost more than the formatting (most of an HTML report's time).
  const formatter = formatters.get(zone) ?? formatterFor(isKnownTimeZone(zone) ? zone : FALLBACK_TIME_ZONE);
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  const month = MONTHS[Number(parts.month) - 1] ?? parts.month;
  return `${parts.day} ${month} ${parts.year}, ${parts.hour}:${parts.minute} (${offsetLabel(parts.timeZoneName ?? '')})`;
}
