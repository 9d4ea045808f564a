// Chart colours from the workbench theme (--vscode-* variables and the editor background), so
// the panel reads in light, dark and high-contrast themes alike, and follows a theme switch.

import { buildPalette, isDark, slotOf, type Rgb } from '../src/panel/palette';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** The page's background as the browser resolved it (any CSS colour syntax). */
function background(): Rgb {
  const m = /(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)/.exec(
    getComputedStyle(document.body).backgroundColor,
  );
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [30, 30, 30];
}

/** Whether the page's background is dark (heatmaps shade towards it). */
export function isDarkTheme(): boolean {
  return isDark(background());
}

let cached: { key: string; palette: string[] } | undefined;

function palette(): string[] {
  const bg = background();
  const key = bg.join(',');
  if (cached?.key !== key) cached = { key, palette: buildPalette(bg) };
  return cached.palette;
}

/** The i-th series colour (runs in Compare, train and validation loss). */
export function seriesColor(i: number): string {
  const p = palette();
  return p[i % p.length];
}

/** One colour per parameter (`layer2.Wx`) or layer (`layer1`, `layer1.Wh.f`): the same in every chart and run. */
export function colorOf(key: string): string {
  return seriesColor(slotOf(key));
}

export function foreground(): string {
  return cssVar('--vscode-foreground', '#cccccc');
}

/** Grid lines stay in the background, even where the theme's border colour is loud (high contrast). */
export function gridColor(): string {
  return `color-mix(in srgb, ${cssVar('--vscode-panel-border', 'rgb(128,128,128)')} 55%, transparent)`;
}

/** The same colour, fainter: reference lines, paths, bar fills. */
export function faint(color: string): string {
  return `color-mix(in srgb, ${color} 45%, transparent)`;
}

/**
 * A raw curve under its smoothed line: the same hue, paler. Paler towards white on a dark theme
 * too — a transparent orange over a dark background is the brown no one could see.
 */
export function raw(color: string): string {
  const [r, g, b] = background();
  const lightTheme = 0.2126 * r + 0.7152 * g + 0.0722 * b > 128;
  const toward = lightTheme
    ? cssVar('--vscode-editor-background', '#ffffff')
    : cssVar('--vscode-foreground', '#cccccc');
  return `color-mix(in srgb, ${color} 55%, ${toward})`;
}

/**
 * Calls `redraw` when the theme changes: VS Code sets the --vscode-* variables on <html> and
 * the theme's class on <body>; a report follows the browser's light or dark preference.
 */
export function onThemeChange(redraw: () => void): void {
  const observer = new MutationObserver(redraw);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  // Variables that arrive in a <style> element (a theme applied by stylesheet).
  observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);
}
