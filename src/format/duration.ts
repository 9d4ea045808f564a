// Spans of time for people, in one place for the Runs view, the panel's header and the CLI's
// progress bar. No Node built-ins: the webview bundle imports it too.

export type DurationStyle = 'words' | 'compact';

const UNITS: Record<DurationStyle, { s: string; min: string; h: string; gap: string }> = {
  /** `0.4 s`, `8.5 s`, `42 s`, `3 min 4 s`, `2 h 5 min` */
  words: { s: ' s', min: ' min', h: ' h', gap: ' ' },
  /** `0.4s`, `8.5s`, `42s`, `3m4s`, `2h5m`: for a progress bar */
  compact: { s: 's', min: 'm', h: 'h', gap: '' },
};

/** Below ten seconds to a tenth, then whole seconds, minutes and seconds, hours and minutes. */
export function formatDuration(ms: number, style: DurationStyle = 'words'): string {
  const u = UNITS[style];
  const tenths = Math.max(0, Math.round(ms / 100));
  if (tenths < 100) return `${(tenths / 10).toFixed(1)}${u.s}`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}${u.s}`;
  if (s < 3600) return `${Math.floor(s / 60)}${u.min}${u.gap}${s % 60}${u.s}`;
  return `${Math.floor(s / 3600)}${u.h}${u.gap}${Math.floor((s % 3600) / 60)}${u.min}`;
}
