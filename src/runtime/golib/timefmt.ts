// time.Time's calendar and layouts for compiled Go (Go's time/time.go and
// time/format.go): the machine's zone is UTC, so a Time is an instant — its
// nanoseconds on the monotonic clock since boot, which the machine's
// CLOCK_REALTIME turns into wall time by a fixed offset (the boot epoch) — plus
// whether it carries a monotonic reading (Now and its derivatives do; Unix,
// UTC and Local strip it, as Go's do). The zero Time is year 1, as Go's.
//
// Format knows Go's reference-time elements: 2006 06, 01 1 Jan January, 02 2 _2,
// 002 __2, 15 03 3, 04 4, 05 5, PM pm, Mon Monday, MST, Z07:00 Z0700 Z07 -07:00
// -0700 -07, and fractional seconds .000 / .999 (or with a comma) of any width.

import { norm64, type I64 } from './values.ts';

/** A compiled time.Time: `ns` on the monotonic clock since boot (0 = the zero Time). */
export interface GoTime { ns: number; nomono: boolean }

/** Seconds from 0001-01-01 to 1970-01-01 (Go's unixToInternal). */
const UNIX_TO_INTERNAL = 62135596800;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthString(m: number): string { return m >= 1 && m <= 12 ? MONTHS[m - 1]! : `%!Month(${m})`; }
export function weekdayString(d: number): string { return d >= 0 && d <= 6 ? DAYS[d]! : `%!Weekday(${d})`; }

/**
 * Unix seconds and nanoseconds of t, given the boot epoch (ns of CLOCK_REALTIME at
 * boot, whole seconds): split before adding, so no digit is lost to float rounding.
 */
export function unixTime(t: GoTime, epochNs: number): { sec: number; nsec: number } {
  if (t.ns === 0) return { sec: -UNIX_TO_INTERNAL, nsec: 0 };
  const s = Math.floor(t.ns / 1e9);
  return { sec: epochNs / 1e9 + s, nsec: t.ns - s * 1e9 };
}
/**
 * Unix nanoseconds of t, an int64 in golib's form (past 2^53 since April 1970, so a bigint),
 * exact for every Time within 2^53 ns (104 days) of the boot epoch; the zero Time's wraps as Go's.
 */
export function unixNano(t: GoTime, epochNs: number): I64 {
  if (t.ns === 0) return norm64(BigInt.asIntN(64, BigInt(-UNIX_TO_INTERNAL) * 1000000000n));
  return norm64(BigInt.asIntN(64, BigInt(epochNs) + BigInt(Math.round(t.ns))));
}
/** The Time of Unix seconds and nanoseconds (either form): ns since boot, without a monotonic reading. */
export function fromUnix(sec: I64, nsec: I64, epochNs: number): GoTime {
  return { ns: Number(BigInt(sec) * 1000000000n + BigInt(nsec) - BigInt(epochNs)), nomono: true };
}

/** The civil date of a day count since 1970-01-01 (proleptic Gregorian). */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export interface Fields { year: number; month: number; day: number; hour: number; min: number; sec: number; nsec: number; weekday: number; yday: number }

/** The calendar fields of t in UTC. */
export function fields(t: GoTime, epochNs: number): Fields {
  const { sec, nsec } = unixTime(t, epochNs);
  const days = Math.floor(sec / 86400);
  const rem = sec - days * 86400;
  const { year, month, day } = civil(days);
  const jan1 = Math.floor(Date.UTC(year, 0, 1) / 86400000);
  return {
    year, month, day, hour: Math.floor(rem / 3600), min: Math.floor((rem % 3600) / 60), sec: rem % 60, nsec,
    weekday: ((days % 7) + 11) % 7, // 1970-01-01 was a Thursday
    yday: days - jan1 + 1,
  };
}

const pad = (n: number, w: number, c = '0'): string => String(n).padStart(w, c);

/** The layout elements Format knows, longest first where one is a prefix of another. */
const ELEMENTS = ['January', 'Monday', '2006', '-07:00:00', '-070000', '-07:00', '-0700', 'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Jan', 'Mon', 'MST',
  '002', '__2', '_2', '01', '02', '03', '04', '05', '06', '15', 'PM', 'pm', '-07', 'Z07', '1', '2', '3', '4', '5'];

/** Time.Format(layout). */
export function format(t: GoTime, epochNs: number, layout: string): string {
  const f = fields(t, epochNs);
  let out = '';
  for (let i = 0; i < layout.length;) {
    const frac = fraction(layout, i);
    if (frac !== null) {
      const digits = pad(f.nsec, 9).slice(0, frac.width);
      out += frac.nines ? (/[1-9]/.test(digits) ? frac.sep + digits.replace(/0+$/, '') : '') : frac.sep + digits;
      i += 1 + frac.width;
      continue;
    }
    const el = ELEMENTS.find((e) => layout.startsWith(e, i));
    if (el === undefined) { out += layout[i]; i++; continue; }
    out += element(el, f);
    i += el.length;
  }
  return out;
}

/** A fractional-second element at i: ".000" or ".999" (also with a comma) right after a seconds field or alone. */
function fraction(layout: string, i: number): { sep: string; width: number; nines: boolean } | null {
  const sep = layout[i];
  if (sep !== '.' && sep !== ',') return null;
  const d = layout[i + 1];
  if (d !== '0' && d !== '9') return null;
  let j = i + 1;
  while (layout[j] === d) j++;
  if (/[0-9]/.test(layout[j] ?? '')) return null; // std's rule: the run must end the number
  return { sep, width: j - i - 1, nines: d === '9' };
}

function element(el: string, f: Fields): string {
  const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  switch (el) {
    case 'January': return MONTHS[f.month - 1]!;
    case 'Jan': return MONTHS[f.month - 1]!.slice(0, 3);
    case 'Monday': return DAYS[f.weekday]!;
    case 'Mon': return DAYS[f.weekday]!.slice(0, 3);
    case '2006': return pad(f.year, 4);
    case '06': return pad(f.year % 100, 2);
    case '01': return pad(f.month, 2);
    case '1': return String(f.month);
    case '02': return pad(f.day, 2);
    case '_2': return pad(f.day, 2, ' ');
    case '2': return String(f.day);
    case '002': return pad(f.yday, 3);
    case '__2': return pad(f.yday, 3, ' ');
    case '15': return pad(f.hour, 2);
    case '03': return pad(h12, 2);
    case '3': return String(h12);
    case '04': return pad(f.min, 2);
    case '4': return String(f.min);
    case '05': return pad(f.sec, 2);
    case '5': return String(f.sec);
    case 'PM': return f.hour >= 12 ? 'PM' : 'AM';
    case 'pm': return f.hour >= 12 ? 'pm' : 'am';
    case 'MST': return 'UTC';
    default: return el.startsWith('Z') ? 'Z' : el.replace(/07|00/g, '00').replace(/^-/, '+'); // UTC: offset zero
  }
}

/** Time.String: "2006-01-02 15:04:05.999999999 -0700 MST", and " m=+s.nnnnnnnnn" with a monotonic reading. */
export function timeString(t: GoTime, epochNs: number): string {
  const s = format(t, epochNs, '2006-01-02 15:04:05.999999999 -0700 MST');
  return t.ns === 0 || t.nomono ? s : `${s} m=+${(t.ns / 1e9).toFixed(9)}`;
}
