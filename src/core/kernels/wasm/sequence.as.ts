// A whole recurrence in one call, for the batch rows [r0, r1) of a float32 layer with shared
// weights: what the layer's per-step loop (../../layers/recurrent.ts, the reference path) does
// with one gemm and one step kernel per step, without returning to JavaScript in between.
//
// Why rows: batch rows never meet inside a recurrence — row i of h[t] depends only on row i of
// h[t−1] — so a thread that owns rows [r0, r1) runs all T steps of them with no
// synchronisation per step, its rows staying in its own core's cache (../threads.ts hands out
// the slices). Each row's arithmetic is the same whatever the slice (gemm sums every element
// in one order; the step kernels are per element), so results equal the one-thread run bit for
// bit. The gradient-flow norms are written per row (f64, (T, B)) for the caller to sum in row
// order, for the same reason.
//
// Layouts (time-major, rows of B): z, zh, act, dzx, dzh (T, B, G·H); h, c, tc (T, B, H);
// dh, dc (B, H) carried between steps; Wh (H, G·H); WhT (G·H, H). Byte addresses.

import { sgemm } from './kernels.as';
import { saddAbove, sbiasTanh, sgruBackward, sgruForward, slstmBackward, slstmForward, stanhBackward } from './steps.as';

/** Which step: the tanh Elman cell, LSTM or GRU (contract.ts SequenceStep, in this order). */
const TANH = 0;
const LSTM = 1;
const GRU = 2;

@inline function gatesOf(step: i32): i32 {
  return step == LSTM ? 4 : step == GRU ? 3 : 1;
}

/**
 * Forward over T steps: for t > 0, z[t] += h[t−1]·Wh (GRU: zh[t] = h[t−1]·Wh, kept apart; zh[0]
 * = 0), then the cell's step writes h[t] (and c[t], tc[t]; gate activations stay in z).
 */
export function ssequenceForward(step: i32, z: usize, zh: usize, wh: usize, bx: usize, bh: usize, h: usize, c: usize, tc: usize, B: i32, T: i32, H: i32, r0: i32, r1: i32): void {
  const rows = r1 - r0;
  if (rows <= 0) return;
  const GH = gatesOf(step) * H;
  const zRow = <usize>GH << 2; // bytes of one row of z
  const hRow = <usize>H << 2;
  for (let t = 0; t < T; t++) {
    const zt = z + (<usize>(t * B + r0)) * zRow;
    const zht = zh + (<usize>(t * B + r0)) * zRow;
    const ht = h + (<usize>(t * B + r0)) * hRow;
    const hp = ht - <usize>B * hRow; // h[t−1], same rows (only read when t > 0)
    if (step == GRU) {
      if (t > 0) sgemm(hp, H, 1, wh, GH, zht, GH, rows, H, GH, false);
      else memory.fill(zht, 0, <usize>rows * zRow);
    } else if (t > 0) {
      sgemm(hp, H, 1, wh, GH, zt, GH, rows, H, GH, true);
    }
    if (step == TANH) {
      sbiasTanh(zt, bx, ht, rows, H);
    } else if (step == LSTM) {
      const ct = c + (<usize>(t * B + r0)) * hRow;
      const tct = tc + (<usize>(t * B + r0)) * hRow;
      slstmForward(zt, bx, bh, ct, tct, ht, ct - <usize>B * hRow, t > 0, rows, H);
    } else {
      sgruForward(zt, zht, bx, bh, ht, hp, t > 0, rows, H);
    }
  }
}

/**
 * Backward over T steps, t = T−1 … 0, rows [r0, r1) of dh and dc (zero on entry): dh += above[t];
 * the cell's step writes dzx[t] (and dzh[t]); then, for t > 0, dh = dzh[t]·Whᵀ (GRU: += onto
 * its direct term dh ⊙ z). ‖dh[t]‖² of each row goes to dhNorm2[t·B + r], ‖dc[t]‖² to dcNorm2
 * (LSTM; f64 both).
 */
export function ssequenceBackward(
  step: i32,
  dh: usize,
  dc: usize,
  above: usize,
  act: usize,
  zh: usize,
  h: usize,
  c: usize,
  tc: usize,
  dzx: usize,
  dzh: usize,
  whT: usize,
  dhNorm2: usize,
  dcNorm2: usize,
  B: i32,
  T: i32,
  H: i32,
  r0: i32,
  r1: i32,
): void {
  const rows = r1 - r0;
  if (rows <= 0) return;
  const GH = gatesOf(step) * H;
  const zRow = <usize>GH << 2;
  const hRow = <usize>H << 2;
  const dhRows = dh + <usize>r0 * hRow;
  const dcRows = dc + <usize>r0 * hRow;
  for (let t = T - 1; t >= 0; t--) {
    const hasPrev = t > 0;
    const at = <usize>(t * B + r0); // row index of (t, r0) in a (T, B, ·) buffer
    for (let r = 0; r < rows; r++) {
      const dhr = dhRows + <usize>r * hRow;
      const hr = (at + <usize>r) * hRow;
      const zr = (at + <usize>r) * zRow;
      const norm = dhNorm2 + ((at + <usize>r) << 3);
      if (step == TANH) {
        store<f64>(norm, stanhBackward(dhr, above + hr, h + hr, dzx + zr, H));
      } else if (step == LSTM) {
        store<f64>(norm, saddAbove(dhr, above + hr, H));
        const dcn = slstmBackward(dhr, dcRows + <usize>r * hRow, act + zr, c + hr - <usize>B * hRow, hasPrev, tc + hr, dzx + zr, 1, H);
        store<f64>(dcNorm2 + ((at + <usize>r) << 3), dcn);
      } else {
        store<f64>(norm, saddAbove(dhr, above + hr, H));
        sgruBackward(dhr, act + zr, zh + zr, h + hr - <usize>B * hRow, hasPrev, dzx + zr, dzh + zr, 1, H);
      }
    }
    if (!hasPrev) break;
    // dh for step t−1, these rows: dzh[t] (rows, G·H) · Whᵀ (G·H, H)
    sgemm(dzh + at * zRow, GH, 1, whT, H, dhRows, H, rows, GH, H, step == GRU);
  }
}
