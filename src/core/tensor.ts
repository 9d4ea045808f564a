// Flat, contiguous storage for every tensor the trainer touches. Shapes are carried
// alongside, never inside: a (T, B, F) sequence is one array indexed ((t·B)+b)·F + f.

export type DType = 'float64' | 'float32';
export type FloatArray = Float64Array | Float32Array;

export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** Python-style tuple, as the notebook printed shapes: (2, 4) and (8,). */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Nested row-major arrays (as in JSON files) → flat values, checking the shape. */
export function flatten(nested: unknown, shape: readonly number[]): number[] | string {
  const out: number[] = [];
  const walk = (value: unknown, depth: number): string | undefined => {
    if (depth === shape.length) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a finite number';
      out.push(value);
      return undefined;
    }
    if (!Array.isArray(value)) return `expected an array of shape ${formatShape(shape.slice(depth))}`;
    if (value.length !== shape[depth]) {
      return `expected shape ${formatShape(shape)}, found ${value.length} entries at depth ${depth + 1}`;
    }
    for (const item of value) {
      const problem = walk(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  };
  return walk(nested, 0) ?? out;
}

/** Flat values → nested row-major arrays of the given shape (the JSON weights layout). */
export function nest(values: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 1) return Array.from(values);
  const stride = shape.slice(1).reduce((a, b) => a * b, 1);
  const rows: unknown[] = [];
  for (let i = 0; i < shape[0]; i++) {
    rows.push(nest(Array.prototype.slice.call(values, i * stride, (i + 1) * stride), shape.slice(1)));
  }
  return rows;
}
