// Numbers and dates for people, in the user's locale: the one formatter of the panels, the
// Compare and Experiments webviews, the report and the editor's Runs view and tooltips. No Node
// built-ins: the webview bundles import it too. The host passes VS Code's display language
// (vscode.env.language) with setFormatLocale; a webview formats in its browser's language.

/** undefined: the runtime's own locale (a webview's is VS Code's display language). */
let locale: string | undefined;

/** Significant digits of a figure (a loss, a rate, an accuracy). */
const DIGITS = 4;
/** Below this magnitude (and from LARGE up) a figure is written with an exponent: 1.919E-4. */
const SMALL = 1e-3;
const LARGE = 1e6;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/**
 * Times of day on the 24-hour clock, two-digit hours, in every locale: run folders are named
 * in it (sine-20261206-091653) and a time reads the same in a tab, a legend and a tooltip.
 */
const CLOCK = { hourCycle: 'h23' } as const;

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  const full = `${locale ?? ''}|${key}`;
  let f = cache.get(full);
  if (!f) {
    f = make();
    cache.set(full, f);
  }
  return f as T;
}

/** The locale every later call formats in (undefined: the runtime's). An unknown tag falls back to the runtime's. */
export function setFormatLocale(tag: string | undefined): void {
  try {
    locale = tag ? Intl.NumberFormat.supportedLocalesOf(tag)[0] : undefined;
  } catch {
    locale = undefined;
  }
  cache.clear();
}

/**
 * A figure to four significant digits, `0.01919`, `1,234`, `1.919E-4`; `—` for none; `NaN`,
 * `∞` as the locale writes them. Integers are written whole (`12,345`).
 */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const a = Math.abs(v);
  if (!Number.isFinite(v) || v === 0 || (Number.isInteger(v) && a < LARGE))
    return cached('int', () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(v);
  if (a < SMALL || a >= LARGE)
    return cached(
      'sci',
      () => new Intl.NumberFormat(locale, { notation: 'scientific', maximumSignificantDigits: DIGITS }),
    ).format(v);
  return cached('sig', () => new Intl.NumberFormat(locale, { maximumSignificantDigits: DIGITS })).format(v);
}

/** A share in [0, 1] as a percentage: `93.8 %` (the locale's sign and spacing). */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return cached('pct', () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })).format(v);
}

function toDate(when: Date | string | number): Date | undefined {
  const d = when instanceof Date ? when : new Date(when);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** When something happened, to the second: `6 Dec 2026, 10:16:53` (the locale's order and names). */
export function formatDateTime(when: Date | string | number): string {
  const d = toDate(when);
  if (!d) return '—';
  return cached(
    'dt',
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', ...CLOCK }),
  ).format(d);
}

/** The time of day alone, for what happened today: `10:16:53`. */
export function formatTime(when: Date | string | number): string {
  const d = toDate(when);
  if (!d) return '—';
  return cached('t', () => new Intl.DateTimeFormat(locale, { timeStyle: 'medium', ...CLOCK })).format(d);
}

/** The time of day for today, the date and time (to the minute) before: where space is short (a legend, a row). */
export function formatWhen(when: Date | string | number, now = new Date()): string {
  const d = toDate(when);
  if (!d) return '—';
  const today =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (today) return formatTime(d);
  return cached(
    'dm',
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...CLOCK }),
  ).format(d);
}
