// The pointwise work of one float32 recurrent time step, four lanes at a time: Elman's bias +
// tanh, LSTM's and GRU's gates, forward and backward. Each kernel computes what its namesake
// in ../../pointwise.ts (the reference, same argument order, byte addresses instead of arrays
// and offsets) computes, to float32 rounding; the tests compare them on odd sizes.
// Math.tanh alone cost a fifth of a medium Elman step before these existed.
//
// A row of H units runs in vectors of 4 and a scalar tail; the tail goes through the same
// vector code with one live lane (load32_splat in, lane 0 out), so both compute alike.

import { sigmoidf4, tanhf4 } from './mathf4.as';

@inline function ld(p: usize, vec: bool): v128 {
  return vec ? v128.load(p) : v128.load32_splat(p);
}

@inline function st(p: usize, v: v128, vec: bool): void {
  if (vec) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

/** Sum of the lanes that hold data (all four, or lane 0 of a tail), in float64. */
@inline function lanes(v: v128, vec: bool): f64 {
  const a = <f64>f32x4.extract_lane(v, 0);
  return vec ? a + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3) : a;
}

/** z[r, j] += b[j]; h = tanh(z), for rows × cols (forward of one time step). */
export function sbiasTanh(z: usize, b: usize, h: usize, rows: i32, cols: i32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const zr = z + (<usize>(r * cols) << 2);
    const hr = h + (<usize>(r * cols) << 2);
    for (let j = 0; j < c4; j += 4) {
      const o = <usize>j << 2;
      const v = f32x4.add(v128.load(zr + o), v128.load(b + o));
      v128.store(zr + o, v);
      v128.store(hr + o, tanhf4(v));
    }
    for (let j = c4; j < cols; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(zr + o) + load<f32>(b + o);
      store<f32>(zr + o, v);
      store<f32>(hr + o, f32x4.extract_lane(tanhf4(f32x4.splat(v)), 0));
    }
  }
}

/**
 * Backward of one time step of a tanh layer over n values: dh += above; dz = dh·(1 − h²).
 * Returns ‖dh‖² (the gradient-flow statistic).
 */
export function stanhBackward(dh: usize, above: usize, h: usize, dz: usize, n: i32): f64 {
  const n4 = n & ~3;
  let acc = f32x4.splat(0);
  const one = f32x4.splat(1);
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const g = f32x4.add(v128.load(dh + o), v128.load(above + o));
    v128.store(dh + o, g);
    acc = f32x4.add(acc, f32x4.mul(g, g));
    const hv = v128.load(h + o);
    v128.store(dz + o, f32x4.mul(g, f32x4.sub(one, f32x4.mul(hv, hv))));
  }
  let norm2: f64 = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) + <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(dh + o) + load<f32>(above + o);
    store<f32>(dh + o, g);
    norm2 += <f64>g * <f64>g;
    const hv = load<f32>(h + o);
    store<f32>(dz + o, g * (1 - hv * hv));
  }
  return norm2;
}

/** dh (n) += above; returns ‖dh‖². */
export function saddAbove(dh: usize, above: usize, n: i32): f64 {
  let norm2: f64 = 0;
  const n4 = n & ~3;
  for (let i = 0; i < n; i++) {
    const vec = i < n4;
    const o = <usize>i << 2;
    const g = f32x4.add(ld(dh + o, vec), ld(above + o, vec));
    st(dh + o, g, vec);
    norm2 += lanes(f32x4.mul(g, g), vec);
    if (vec) i += 3;
  }
  return norm2;
}

// ── LSTM ─────────────────────────────────────────────────────────────────────────────────
// z/act rows are (4H): [i f g o]; c, tc, h, cPrev rows are (H). Hb = H in bytes.

@inline function lstmForwardAt(z: usize, bx: usize, bh: usize, c: usize, tc: usize, h: usize, cp: usize, hasPrev: bool, Hb: usize, o: usize, vec: bool): void {
  const zi = z + o;
  const bi = bx + o;
  const ci = bh + o;
  const i = sigmoidf4(f32x4.add(f32x4.add(ld(zi, vec), ld(bi, vec)), ld(ci, vec)));
  const f = sigmoidf4(f32x4.add(f32x4.add(ld(zi + Hb, vec), ld(bi + Hb, vec)), ld(ci + Hb, vec)));
  const g = tanhf4(f32x4.add(f32x4.add(ld(zi + 2 * Hb, vec), ld(bi + 2 * Hb, vec)), ld(ci + 2 * Hb, vec)));
  const og = sigmoidf4(f32x4.add(f32x4.add(ld(zi + 3 * Hb, vec), ld(bi + 3 * Hb, vec)), ld(ci + 3 * Hb, vec)));
  st(zi, i, vec);
  st(zi + Hb, f, vec);
  st(zi + 2 * Hb, g, vec);
  st(zi + 3 * Hb, og, vec);
  const ig = f32x4.mul(i, g);
  const ct = hasPrev ? f32x4.add(f32x4.mul(f, ld(cp + o, vec)), ig) : ig;
  const t = tanhf4(ct);
  st(c + o, ct, vec);
  st(tc + o, t, vec);
  st(h + o, f32x4.mul(og, t), vec);
}

/** pointwise.lstmForward for B rows: z (B, 4H), c/tc/h (B, H), cPrev (B, H) unless !hasPrev. */
export function slstmForward(z: usize, bx: usize, bh: usize, c: usize, tc: usize, h: usize, cPrev: usize, hasPrev: bool, B: i32, H: i32): void {
  const Hb = <usize>H << 2;
  const H4 = H & ~3;
  for (let r = 0; r < B; r++) {
    const zr = z + <usize>r * 4 * Hb;
    const hr = <usize>r * Hb;
    for (let j = 0; j < H; j++) {
      const vec = j < H4;
      lstmForwardAt(zr, bx, bh, c + hr, tc + hr, h + hr, cPrev + hr, hasPrev, Hb, <usize>j << 2, vec);
      if (vec) j += 3;
    }
  }
}

@inline function lstmBackwardAt(dh: usize, dc: usize, act: usize, cp: usize, hasPrev: bool, tc: usize, dz: usize, Hb: usize, o: usize, zo: usize, vec: bool): v128 {
  const one = f32x4.splat(1);
  const a = act + zo;
  const i = ld(a, vec);
  const f = ld(a + Hb, vec);
  const g = ld(a + 2 * Hb, vec);
  const og = ld(a + 3 * Hb, vec);
  const t = ld(tc + o, vec);
  const dhv = ld(dh + o, vec);
  // dc += dh ⊙ o ⊙ (1 − tanh²c)
  const dcv = f32x4.add(ld(dc + o, vec), f32x4.mul(f32x4.mul(dhv, og), f32x4.sub(one, f32x4.mul(t, t))));
  const cPrev = hasPrev ? ld(cp + o, vec) : f32x4.splat(0);
  const d = dz + zo;
  st(d, f32x4.mul(f32x4.mul(dcv, g), f32x4.mul(i, f32x4.sub(one, i))), vec);
  st(d + Hb, f32x4.mul(f32x4.mul(dcv, cPrev), f32x4.mul(f, f32x4.sub(one, f))), vec);
  st(d + 2 * Hb, f32x4.mul(f32x4.mul(dcv, i), f32x4.sub(one, f32x4.mul(g, g))), vec);
  st(d + 3 * Hb, f32x4.mul(f32x4.mul(dhv, t), f32x4.mul(og, f32x4.sub(one, og))), vec);
  st(dc + o, f32x4.mul(dcv, f), vec);
  return dcv;
}

/** pointwise.lstmBackward for B rows; returns ‖∂L/∂c[t]‖². */
export function slstmBackward(dh: usize, dc: usize, act: usize, cPrev: usize, hasPrev: bool, tc: usize, dz: usize, B: i32, H: i32): f64 {
  const Hb = <usize>H << 2;
  const H4 = H & ~3;
  let norm2: f64 = 0;
  for (let r = 0; r < B; r++) {
    const zr = <usize>r * 4 * Hb;
    const hr = <usize>r * Hb;
    for (let j = 0; j < H; j++) {
      const vec = j < H4;
      const o = <usize>j << 2;
      const dcv = lstmBackwardAt(dh + hr, dc + hr, act, cPrev + hr, hasPrev, tc + hr, dz, Hb, o, zr + o, vec);
      norm2 += lanes(f32x4.mul(dcv, dcv), vec);
      if (vec) j += 3;
    }
  }
  return norm2;
}

// ── GRU ──────────────────────────────────────────────────────────────────────────────────
// zx/zh/act rows are (3H): [r z n]; h, hPrev rows are (H).

@inline function gruForwardAt(zx: usize, zh: usize, bx: usize, bh: usize, h: usize, hp: usize, hasPrev: bool, Hb: usize, o: usize, zo: usize, vec: bool): void {
  const one = f32x4.splat(1);
  const x = zx + zo;
  const y = zh + zo;
  const r = sigmoidf4(f32x4.add(f32x4.add(ld(x, vec), ld(bx + o, vec)), f32x4.add(ld(y, vec), ld(bh + o, vec))));
  const z = sigmoidf4(f32x4.add(f32x4.add(ld(x + Hb, vec), ld(bx + Hb + o, vec)), f32x4.add(ld(y + Hb, vec), ld(bh + Hb + o, vec))));
  const hn = f32x4.add(ld(y + 2 * Hb, vec), ld(bh + 2 * Hb + o, vec));
  const n = tanhf4(f32x4.add(f32x4.add(ld(x + 2 * Hb, vec), ld(bx + 2 * Hb + o, vec)), f32x4.mul(r, hn)));
  st(x, r, vec);
  st(x + Hb, z, vec);
  st(x + 2 * Hb, n, vec);
  st(y + 2 * Hb, hn, vec);
  const keep = hasPrev ? f32x4.mul(z, ld(hp + o, vec)) : f32x4.splat(0);
  st(h + o, f32x4.add(f32x4.mul(f32x4.sub(one, z), n), keep), vec);
}

/** pointwise.gruForward for B rows: zx, zh (B, 3H), h (B, H), hPrev (B, H) unless !hasPrev. */
export function sgruForward(zx: usize, zh: usize, bx: usize, bh: usize, h: usize, hPrev: usize, hasPrev: bool, B: i32, H: i32): void {
  const Hb = <usize>H << 2;
  const H4 = H & ~3;
  for (let r = 0; r < B; r++) {
    const zr = <usize>r * 3 * Hb;
    const hr = <usize>r * Hb;
    for (let j = 0; j < H; j++) {
      const vec = j < H4;
      const o = <usize>j << 2;
      gruForwardAt(zx, zh, bx, bh, h + hr, hPrev + hr, hasPrev, Hb, o, zr + o, vec);
      if (vec) j += 3;
    }
  }
}

@inline function gruBackwardAt(dh: usize, act: usize, zh: usize, hp: usize, hasPrev: bool, dzx: usize, dzh: usize, Hb: usize, o: usize, zo: usize, vec: bool): void {
  const one = f32x4.splat(1);
  const a = act + zo;
  const r = ld(a, vec);
  const z = ld(a + Hb, vec);
  const n = ld(a + 2 * Hb, vec);
  const hn = ld(zh + zo + 2 * Hb, vec);
  const hPrev = hasPrev ? ld(hp + o, vec) : f32x4.splat(0);
  const g = ld(dh + o, vec);
  const dn = f32x4.mul(f32x4.mul(g, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
  const dr = f32x4.mul(f32x4.mul(dn, hn), f32x4.mul(r, f32x4.sub(one, r)));
  const dzg = f32x4.mul(f32x4.mul(g, f32x4.sub(hPrev, n)), f32x4.mul(z, f32x4.sub(one, z)));
  st(dzx + zo, dr, vec);
  st(dzh + zo, dr, vec);
  st(dzx + zo + Hb, dzg, vec);
  st(dzh + zo + Hb, dzg, vec);
  st(dzx + zo + 2 * Hb, dn, vec);
  st(dzh + zo + 2 * Hb, f32x4.mul(dn, r), vec);
  st(dh + o, f32x4.mul(g, z), vec);
}

/** pointwise.gruBackward for B rows: dh (B, H) in, the direct part of ∂L/∂h[t−1] out. */
export function sgruBackward(dh: usize, act: usize, zh: usize, h: usize, hasPrev: bool, dzx: usize, dzh: usize, B: i32, H: i32): void {
  const Hb = <usize>H << 2;
  const H4 = H & ~3;
  for (let r = 0; r < B; r++) {
    const zr = <usize>r * 3 * Hb;
    const hr = <usize>r * Hb;
    for (let j = 0; j < H; j++) {
      const vec = j < H4;
      const o = <usize>j << 2;
      gruBackwardAt(dh + hr, act, zh, h + hr, hasPrev, dzx, dzh, Hb, o, zr + o, vec);
      if (vec) j += 3;
    }
  }
}

// ── Gate saturation ──────────────────────────────────────────────────────────────────────
// Counts are exact in any order, and for float32 data `a < 0.1` in JavaScript (a double 0.1)
// picks the same values as `a < f32(0.1)` here (no float32 lies between the two), likewise 0.9.

let highCount: i32 = 0;

/**
 * pointwise.saturationCounts: of act[r·stride + column + j] (float32), r < rows, j < width,
 * returns how many are below 0.1; how many are above 0.9 is then saturationHigh().
 */
export function ssaturationCounts(act: usize, rows: i32, stride: i32, column: i32, width: i32): i32 {
  const lowT = f32x4.splat(0.1);
  const highT = f32x4.splat(0.9);
  const w4 = width & ~3;
  let lowV = i32x4.splat(0);
  let highV = i32x4.splat(0);
  let low = 0;
  let high = 0;
  for (let r = 0; r < rows; r++) {
    const row = act + (<usize>(r * stride + column) << 2);
    for (let j = 0; j < w4; j += 4) {
      const v = v128.load(row + (<usize>j << 2));
      // a true lane is −1: subtracting the mask counts it
      lowV = i32x4.sub(lowV, f32x4.lt(v, lowT));
      highV = i32x4.sub(highV, f32x4.gt(v, highT));
    }
    for (let j = w4; j < width; j++) {
      const a = load<f32>(row + (<usize>j << 2));
      if (a < <f32>0.1) low++;
      else if (a > <f32>0.9) high++;
    }
  }
  low += i32x4.extract_lane(lowV, 0) + i32x4.extract_lane(lowV, 1) + i32x4.extract_lane(lowV, 2) + i32x4.extract_lane(lowV, 3);
  highCount = high + i32x4.extract_lane(highV, 0) + i32x4.extract_lane(highV, 1) + i32x4.extract_lane(highV, 2) + i32x4.extract_lane(highV, 3);
  return low;
}

/** The count above 0.9 of the latest ssaturationCounts. */
export function saturationHigh(): i32 {
  return highCount;
}
