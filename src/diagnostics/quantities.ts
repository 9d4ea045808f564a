// Sizes and counts as error messages say them: "6.4 GiB", "400,060,001".

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units, two significant figures from KiB on: 2 GiB, 6.4 GiB, 512 MiB, 900 bytes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more than any memory';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} bytes`;
  const shown = value >= 100 ? Math.round(value).toString() : Number(value.toPrecision(2)).toString();
  return `${shown} ${UNITS[unit]}`;
}

/** Thousands separated by commas; counts beyond 10¹⁵ in exponent form. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return n.toPrecision(3);
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
