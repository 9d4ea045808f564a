// float32 elementwise math four lanes at a time, for the fused step kernels (gates.as.ts,
// kernels.as.ts). Cephes' expf/tanhf: within ~2 ulp of the float64 functions rounded.

// ── float32 tanh, four lanes at a time (Cephes tanhf/expf; max. error ~2 ulp) ────────────────

@inline export function expf4(x: v128): v128 {
  // e^x = 2^n · e^r, n = round(x / ln 2), r = x − n·ln 2 in two parts (Cody–Waite).
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  // × 2^n: add n to the exponent bits.
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

@inline export function tanhf4(x: v128): v128 {
  const ax = f32x4.abs(x);
  // |x| ≥ 0.625: 1 − 2/(e^{2|x|} + 1), with |x| capped where tanh is 1 in float32 anyway.
  const e = expf4(f32x4.min(f32x4.add(ax, ax), f32x4.splat(40)));
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  // |x| < 0.625: x + x³·P(x²)
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  // Sign of x onto the large-|x| result, then pick by |x|.
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** σ(x) = ½ + ½·tanh(x/2): the identity keeps σ within tanhf's accuracy, with no overflow. */
@inline export function sigmoidf4(x: v128): v128 {
  const half = f32x4.splat(0.5);
  return f32x4.add(half, f32x4.mul(half, tanhf4(f32x4.mul(half, x))));
}
