// A heatmap of a (pooled) recurrent matrix: blue negative, red positive, faint near zero,
// scaled by the largest magnitude so the picture shows structure rather than absolute size,
// with its colour scale (−max … 0 … +max) at the right. An LSTM/GRU layer's matrix is
// (H, G·H), its gates' blocks side by side: a line between them.

import { SNAPSHOT_MAX_SIDE, type MatrixSnapshot } from '../src/core/snapshots';
import { foreground } from './theme';
import { shade } from './views/cells';

/** CSS pixels the colour scale and its labels take at the right. */
const SCALE_WIDTH = 64;

/** Draws the matrix; returns the magnitude its strongest colours stand for (0 when empty). */
export function drawHeatmap(canvas: HTMLCanvasElement, m: MatrixSnapshot | undefined, gates = 1): number {
  const ctx = canvas.getContext('2d')!;
  const dpr = devicePixelRatio;
  const width = (canvas.width = canvas.clientWidth * dpr);
  const height = (canvas.height = canvas.clientHeight * dpr);
  ctx.clearRect(0, 0, width, height);
  canvas.dataset.scale = '';
  // only what the snapshot holds, at most 32 × 32 (a 20,000 × 20,000 claim once froze the page)
  if (!m || m.rows > SNAPSHOT_MAX_SIDE || m.cols > SNAPSHOT_MAX_SIDE || m.rows * m.cols !== m.values.length) return 0;
  gates = Math.min(gates, m.cols);
  const scaleWidth = SCALE_WIDTH * dpr;
  // Square cells, however wide the matrix: rows × cols cells fit left of the scale.
  const side = Math.min((width - scaleWidth) / m.cols, height / m.rows);
  let max = 0;
  for (const v of m.values) max = Math.max(max, Math.abs(v));
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      ctx.fillStyle = shade(max > 0 ? m.values[i * m.cols + j] / max : 0);
      ctx.fillRect(j * side, i * side, Math.ceil(side), Math.ceil(side));
    }
  }
  ctx.strokeStyle = foreground();
  ctx.lineWidth = 2 * dpr;
  for (let g = 1; g < gates; g++) {
    const x = Math.round((g * m.cols * side) / gates);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, m.rows * side);
    ctx.stroke();
  }
  drawScale(ctx, m.cols * side + 10 * dpr, Math.min(height, Math.max(m.rows * side, 120 * dpr)), max, dpr);
  canvas.dataset.scale = String(max);
  return max;
}

/** A vertical bar from +max (top) through 0 to −max (bottom), labelled. */
function drawScale(ctx: CanvasRenderingContext2D, left: number, height: number, max: number, dpr: number): void {
  const barWidth = 12 * dpr;
  const steps = 64;
  for (let k = 0; k < steps; k++) {
    ctx.fillStyle = shade(1 - (2 * (k + 0.5)) / steps);
    ctx.fillRect(left, (k * height) / steps, barWidth, Math.ceil(height / steps));
  }
  ctx.strokeStyle = foreground();
  ctx.lineWidth = dpr;
  ctx.strokeRect(left, 0, barWidth, height);
  ctx.fillStyle = foreground();
  ctx.font = `${11 * dpr}px sans-serif`;
  ctx.textBaseline = 'middle';
  const label = (v: number) => (v === 0 ? '0' : Number(v.toPrecision(2)).toString());
  const text = [
    [label(max), 6 * dpr],
    ['0', height / 2],
    [label(-max), height - 6 * dpr],
  ] as const;
  for (const [t, y] of text) ctx.fillText(t, left + barWidth + 4 * dpr, y);
}
