# numpy (on Debian's OpenBLAS) at one size of the speed comparison: the native anchor. `sgemm`
# times a 512³ float32 product; a size times the same Elman BPTT step as our trainer and
# bench/torch_peer.py — x·Wx for all steps in one product, h·Wh per step, dz·Whᵀ back per step,
# Xᵀ·dZ and H_prevᵀ·dZ in one product each, plain SGD — in float32. BLAS threads come from
# OPENBLAS_NUM_THREADS / OMP_NUM_THREADS (bench/speed.ts sets them). Prints one JSON line.
#   python3 bench/numpy_peer.py SIZE|sgemm [--threads N] [--quick]
import json
import resource
import sys

import numpy as np

from loaded_blas import loaded_blas
from peer_timing import SIZES, measure

THREADS = sys.argv[sys.argv.index('--threads') + 1] if '--threads' in sys.argv else '1'  # the env pins OpenBLAS
ARGS = [a for a in sys.argv[1:] if a not in ('--quick', '--threads', THREADS)]
F32 = np.float32


def elman_step(B, T, I, H):
    """One forward + full BPTT + SGD step of the workload; shapes in the comments."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (T * B, I)).astype(F32)  # (T·B, I), time-major
    y = rng.uniform(-1, 1, (B, 1)).astype(F32)
    glorot = lambda n, m: rng.uniform(-1, 1, (n, m)).astype(F32) * F32(np.sqrt(6 / (n + m)))
    Wx, Wh, b = glorot(I, H), glorot(H, H), np.zeros(H, F32)
    Wo, bo = glorot(H, 1), np.zeros(1, F32)
    hs = np.zeros((T + 1, B, H), F32)  # hs[0] = h₀ = 0, hs[t+1] = h at step t
    dz = np.empty((T, B, H), F32)
    lr = F32(0.001)

    def step():
        xw = (x @ Wx).reshape(T, B, H)  # (T, B, H): the input products of every step at once
        for t in range(T):
            z = hs[t] @ Wh
            z += xw[t]
            z += b
            np.tanh(z, out=hs[t + 1])
        d = (hs[T] @ Wo + bo - y) * F32(2 / B)  # (B, 1): dMSE/dout
        dWo, dbo = hs[T].T @ d, d.sum(0)
        dh = d @ Wo.T  # (B, H): gradient into h[T-1]
        for t in reversed(range(T)):
            np.multiply(dh, 1 - hs[t + 1] * hs[t + 1], out=dz[t])  # (B, H): through tanh
            dh = dz[t] @ Wh.T
        dZ = dz.reshape(T * B, H)
        dWx, dWh, db = x.T @ dZ, hs[:T].reshape(T * B, H).T @ dZ, dZ.sum(0)
        for w, g in ((Wx, dWx), (Wh, dWh), (b, db), (Wo, dWo), (bo, dbo)):
            w -= lr * g

    return step


def main():
    which = ARGS[0]
    if which == 'sgemm':
        n = 512
        a, b = np.random.rand(n, n).astype(F32), np.random.rand(n, n).astype(F32)
        rate, _ = measure(lambda: a @ b)
        out = {'peer': 'sgemm-numpy', 'gflops': 2 * n ** 3 * rate / 1e9}
    else:
        rate, runs = measure(elman_step(*SIZES[which]))
        out = {'peer': 'numpy', 'size': which, 'cell': 'rnn', 'stepsPerSecond': rate, 'repeats': runs}
    out['notes'] = f'numpy {np.__version__}, {loaded_blas()}'
    out['maxRssMB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


main()
