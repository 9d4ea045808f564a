// Series colours for the panels' charts: 20 that do not repeat, each readable on the theme's
// background (contrast ≥ 3:1, WCAG's figure for graphics), and one fixed colour per parameter
// name, so `layer2.Wx` has the same colour in every chart and every run. Pure (no DOM).

export type Rgb = readonly [number, number, number];

/** Ten hues far apart; twice: a second ring of the same hues, fully saturated, much lighter (darker on a light theme). */
const HUES = [212, 28, 135, 280, 352, 48, 182, 318, 95, 248];
export const PALETTE_SIZE = 2 * HUES.length;
/** Contrast with the background of each ring, on dark and light themes (searched for the most distinct set). */
const RINGS = { dark: [5, 10], light: [4.5, 8] } as const;

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export const isDark = (background: Rgb) => luminance(background) < 0.2;

/**
 * The hue at the lightness (searched) whose contrast with the background is `target`: darker
 * than a light background, lighter than a dark one.
 */
function atContrast(hue: number, background: Rgb, target: number, saturation: number): Rgb {
  const dark = isDark(background);
  let lo = dark ? 0.45 : 0.12;
  let hi = dark ? 0.92 : 0.6;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    const enough = contrast(hslToRgb(hue, saturation, mid), background) >= target;
    // On a dark background lighter means more contrast; on a light one, darker does.
    if (dark === enough) hi = mid;
    else lo = mid;
  }
  return hslToRgb(hue, saturation, dark ? hi : lo);
}

const hex = (rgb: Rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** The 20 colours for a background, as #rrggbb. */
export function buildPalette(background: Rgb): string[] {
  const [first, second] = RINGS[isDark(background) ? 'dark' : 'light'];
  return [
    ...HUES.map((h) => atContrast(h, background, first, 0.8)),
    ...HUES.map((h) => atContrast(h, background, second, 1)),
  ].map(hex);
}

/**
 * Which parameter of a layer a name is: its four get four slots, so an LSTM's or GRU's two
 * biases (bx, bh) are two colours as far apart as its Wx and Wh.
 */
const KIND_SLOT: Record<string, number> = { Wx: 0, W: 0, Wh: 1, b: 2, bx: 2, bh: 3 };
const SLOTS_PER_LAYER = 4;

/**
 * The palette slot of a statistic's key: `layer2.Wx` → 8, `layer0.step3.Wh` and `layer0.Wh.f`
 * → the slot of `layer0.Wh`, a layer (`layer1`, `layer1.f`) → the slot of its Wh. Stable:
 * the same name has the same colour in every chart and every run; 20 slots = 5 layers.
 */
export function slotOf(key: string): number {
  const m = /^layer(\d+)(?:\.step\d+)?(?:\.([A-Za-z]+))?/.exec(key);
  if (!m) return 0;
  const layer = Number(m[1]);
  const kind =
    m[2] === undefined || !(m[2] in KIND_SLOT) ? (m[2] && m[2].length > 1 ? SLOTS_PER_LAYER - 1 : 1) : KIND_SLOT[m[2]];
  return (layer * SLOTS_PER_LAYER + kind) % PALETTE_SIZE;
}

/**
 * The colour of a value in [−1, 1] in a heatmap (hidden states, a confusion matrix, Wh): blue
 * below 0, red above, stronger with |v|. Near 0 it is close to the background — pale on a light
 * theme, dark grey on a dark one — so a mostly-empty matrix is not a pale block on dark.
 */
export function shadeRgb(v: number, dark: boolean): Rgb {
  const a = Math.min(1, Math.abs(v));
  const hue = v < 0 ? 210 : 0;
  return dark ? hslToRgb(hue, 0.15 + 0.65 * a, 0.17 + 0.33 * a) : hslToRgb(hue, 0.75, 0.92 - 0.5 * a);
}

/** Text drawn on a colour: black or white, whichever contrasts more (never below 4.58:1, WCAG AA). */
export const INK = { dark: [0, 0, 0], light: [255, 255, 255] } as const satisfies Record<string, Rgb>;

export function inkOn(background: Rgb): Rgb {
  return contrast(INK.dark, background) >= contrast(INK.light, background) ? INK.dark : INK.light;
}

export const cssRgb = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;
