// Text from a file quoted in a message: a key, a value, a CSV cell. Files can hold megabytes in
// one key; a message shows the start and says how long the rest is.

/** At most `max` characters of `text`, then "…" and the full length when it was cut. */
export function excerpt(text: string, max = 60): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}

/** `"name"`, cut like excerpt (JSON escapes for quotes and control characters). */
export function quoted(text: string, max = 60): string {
  const cut = text.length <= max ? text : text.slice(0, max);
  const shown = JSON.stringify(cut);
  return text.length <= max ? shown : `${shown.slice(0, -1)}…" (${text.length} characters)`;
}
