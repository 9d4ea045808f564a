// A heatmap of a (pooled) recurrent matrix: blue negative, red positive, pale near zero,
// scaled by the largest magnitude so the picture shows structure rather than absolute size.
// An LSTM/GRU layer's matrix is (H, G·H), its gates' blocks side by side: a line between them.

import type { MatrixSnapshot } from '../src/core/snapshots';
import { foreground } from './theme';

export function drawHeatmap(canvas: HTMLCanvasElement, m: MatrixSnapshot | undefined, gates = 1): void {
  const ctx = canvas.getContext('2d')!;
  const width = (canvas.width = canvas.clientWidth * devicePixelRatio);
  const height = (canvas.height = canvas.clientHeight * devicePixelRatio);
  ctx.clearRect(0, 0, width, height);
  if (!m) return;
  // Square cells, however wide the matrix: rows × cols cells fit the canvas.
  const side = Math.min(width / m.cols, height / m.rows);
  let scale = 0;
  for (const v of m.values) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const v = scale > 0 ? m.values[i * m.cols + j] / scale : 0;
      ctx.fillStyle = `hsl(${v < 0 ? 210 : 0}, 75%, ${92 - 50 * Math.abs(v)}%)`;
      ctx.fillRect(j * side, i * side, Math.ceil(side), Math.ceil(side));
    }
  }
  ctx.strokeStyle = foreground();
  ctx.lineWidth = 2 * devicePixelRatio;
  for (let g = 1; g < gates; g++) {
    const x = Math.round((g * m.cols * side) / gates);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, m.rows * side);
    ctx.stroke();
  }
}
