import { describe, expect, it } from 'vitest';
import { formatReportTime, isKnownTimeZone } from './report-time.ts';

describe('formatReportTime', () => {
  it('writes the time in the zone with the offset of that moment', () => {
    expect(formatReportTime('2026-12-06T22:14:00.000Z', 'Europe/Berlin')).toBe('6 Dec 2026, 23:14 (UTC+01:00)');
    expect(formatReportTime('2026-07-06T22:14:00.000Z', 'Europe/Berlin')).toBe('7 Jul 2026, 00:14 (UTC+02:00)');
    expect(formatReportTime('2026-12-06T22:14:00.000Z', 'America/New_York')).toBe('6 Dec 2026, 17:14 (UTC-05:00)');
    expect(formatReportTime('2026-12-06T22:14:00.000Z', 'Asia/Kolkata')).toBe('7 Dec 2026, 03:44 (UTC+05:30)');
  });

  it('writes UTC as UTC+00:00, and reads an unknown zone as UTC', () => {
    expect(formatReportTime('2026-02-01T10:00:00.000Z', 'UTC')).toBe('1 Feb 2026, 10:00 (UTC+00:00)');
    expect(formatReportTime('2026-02-01T10:00:00.000Z', 'Mars/Olympus')).toBe('1 Feb 2026, 10:00 (UTC+00:00)');
  });

  it('gives null for a text that is no time', () => {
    expect(formatReportTime('last Tuesday', 'UTC')).toBeNull();
  });
});

describe('isKnownTimeZone', () => {
  it('accepts IANA names and UTC, refuses made-up, empty and overlong names', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
    expect(isKnownTimeZone(`Europe/${'x'.repeat(80)}`)).toBe(false);
  });
});
