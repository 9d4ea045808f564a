// Chart colours from the workbench theme (--vscode-* variables), so the panel reads in
// light, dark and high-contrast themes alike.

const PALETTE = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function seriesColor(i: number): string {
  const fallbacks = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];
  return cssVar(`--vscode-charts-${PALETTE[i % PALETTE.length]}`, fallbacks[i % fallbacks.length]);
}

export function foreground(): string {
  return cssVar('--vscode-foreground', '#cccccc');
}

export function gridColor(): string {
  return cssVar('--vscode-panel-border', 'rgba(128,128,128,0.3)');
}

/** The same colour, faint: raw curves under their smoothed line. */
export function faint(color: string): string {
  return `color-mix(in srgb, ${color} 30%, transparent)`;
}
