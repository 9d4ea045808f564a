// A grid of coloured cells on a canvas: the confusion matrix and the units × steps picture of
// the hidden states. Diverging values (h, c) are blue below 0 and red above, scaled by the
// largest magnitude; values in [0, 1] (gates) and counts are shades of red from the
// background's end of the scale (palette.ts shadeRgb), so they read on light and dark themes.

import { cssRgb, inkOn, shadeRgb } from '../../src/panel/palette';
import { foreground, isDarkTheme } from '../theme';

export interface Grid {
  readonly rows: number;
  readonly cols: number;
  /** Row-major. */
  readonly values: ArrayLike<number>;
  /** "diverging": ±max; "unit": [0, 1] as it is; "counts": [0, max]. */
  readonly scale: 'diverging' | 'unit' | 'counts';
  /** Write each value in its cell when the cells are large enough (counts). */
  readonly labels?: boolean;
  /** Square cells with the row names at the left and the column names on top (a confusion matrix). */
  readonly names?: readonly string[];
}

/** CSS pixels kept for the names of a named grid. */
export const NAME_MARGIN = { left: 56, top: 20 };

/** A value in [−1, 1] as a CSS colour on this theme: blue negative, red positive, near the background at 0. */
export function shade(v: number, dark = isDarkTheme()): string {
  return cssRgb(shadeRgb(v, dark));
}

/** The text colour that reads on shade(v). */
export function inkFor(v: number, dark = isDarkTheme()): string {
  return cssRgb(inkOn(shadeRgb(v, dark)));
}

/** The value's place in [−1, 1] on the grid's scale. */
export function normalised(v: number, grid: Pick<Grid, 'scale'>, max: number): number {
  if (grid.scale === 'unit') return v;
  return max > 0 ? v / max : 0;
}

export function largest(values: ArrayLike<number>): number {
  let max = 0;
  for (let k = 0; k < values.length; k++) max = Math.max(max, Math.abs(values[k]));
  return max;
}

/** Draws the grid filling the canvas's width; returns the cell size in CSS pixels (for hit tests). */
export function drawGrid(canvas: HTMLCanvasElement, grid: Grid | undefined): { cellWidth: number; cellHeight: number } {
  const dpr = devicePixelRatio;
  const width = (canvas.width = canvas.clientWidth * dpr);
  const height = (canvas.height = canvas.clientHeight * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, width, height);
  if (!grid || grid.rows === 0 || grid.cols === 0) return { cellWidth: 0, cellHeight: 0 };
  const left = grid.names ? NAME_MARGIN.left * dpr : 0;
  const top = grid.names ? NAME_MARGIN.top * dpr : 0;
  let cw = (width - left) / grid.cols;
  let ch = (height - top) / grid.rows;
  if (grid.names) cw = ch = Math.min(cw, ch);
  const max = largest(grid.values);
  const dark = isDarkTheme();
  ctx.save();
  ctx.translate(left, top);
  for (let i = 0; i < grid.rows; i++) {
    for (let j = 0; j < grid.cols; j++) {
      ctx.fillStyle = shade(normalised(grid.values[i * grid.cols + j], grid, max), dark);
      ctx.fillRect(Math.floor(j * cw), Math.floor(i * ch), Math.ceil(cw), Math.ceil(ch));
    }
  }
  if (grid.labels && cw >= 18 * dpr && ch >= 12 * dpr) {
    ctx.font = `${Math.min(12 * dpr, ch * 0.6)}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < grid.rows; i++) {
      for (let j = 0; j < grid.cols; j++) {
        const v = grid.values[i * grid.cols + j];
        ctx.fillStyle = inkFor(normalised(v, grid, max), dark);
        ctx.fillText(String(v), (j + 0.5) * cw, (i + 0.5) * ch);
      }
    }
  }
  ctx.strokeStyle = foreground();
  ctx.lineWidth = dpr;
  ctx.strokeRect(0, 0, grid.cols * cw, grid.rows * ch);
  ctx.restore();
  if (grid.names) drawNames(ctx, grid.names, left, top, cw, ch, dpr);
  return { cellWidth: cw / dpr, cellHeight: ch / dpr };
}

/** Names along the left (rows) and the top (columns), as many as fit. */
function drawNames(
  ctx: CanvasRenderingContext2D,
  names: readonly string[],
  left: number,
  top: number,
  cw: number,
  ch: number,
  dpr: number,
): void {
  const size = Math.min(12 * dpr, ch * 0.8, cw * 0.8);
  if (size < 6 * dpr) return;
  ctx.fillStyle = foreground();
  ctx.font = `${size}px sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  names.forEach((n, i) => ctx.fillText(n, left - 4 * dpr, top + (i + 0.5) * ch, left - 6 * dpr));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  names.forEach((n, j) => ctx.fillText(n, left + (j + 0.5) * cw, top - 3 * dpr, cw));
}
