# PyTorch at one size of the speed comparison: torch.nn.RNN (tanh), torch.nn.LSTM or
# torch.nn.GRU + nn.Linear on the last step, MSE, plain SGD, on N threads (torch.set_num_threads;
# bench/speed.ts also sets OPENBLAS_NUM_THREADS=N and OMP_NUM_THREADS=N). --intra-op 1 keeps
# torch's own pool at one thread while OpenBLAS has N: on a 2-core machine the two pools at N
# each contend for the cores, and this is PyTorch's best setting there. Prints one JSON line.
# Run by bench/speed.ts.
#   python3 bench/torch_peer.py SIZE|sgemm [rnn|lstm|gru] [--threads N] [--intra-op K] [--quick]
import json
import re
import resource
import sys

import torch

from loaded_blas import loaded_blas
from peer_timing import SIZES, measure

THREADS = int(sys.argv[sys.argv.index('--threads') + 1]) if '--threads' in sys.argv else 1
INTRA_OP = int(sys.argv[sys.argv.index('--intra-op') + 1]) if '--intra-op' in sys.argv else THREADS
ARGS = [a for i, a in enumerate(sys.argv[1:], 1) if a not in ('--quick', '--threads', '--intra-op') and sys.argv[i - 1] not in ('--threads', '--intra-op')]
# Same gate order and weight layout as our layers (i,f,g,o and r,z,n): the same computation.
CELLS = {
    'rnn': lambda i, h: torch.nn.RNN(i, h, nonlinearity='tanh', batch_first=False),
    'lstm': lambda i, h: torch.nn.LSTM(i, h, batch_first=False),
    'gru': lambda i, h: torch.nn.GRU(i, h, batch_first=False),
}
torch.set_num_threads(INTRA_OP)
torch.manual_seed(0)


def blas():
    """The BLAS this process loaded (bench/loaded_blas.py), torch's threads and its build's BLAS_INFO."""
    info = re.search(r'BLAS_INFO=(\w+)', torch.__config__.show())
    return f"{loaded_blas()}; torch {torch.__version__} on {torch.get_num_threads()} thread(s), BLAS_INFO={info.group(1) if info else '?'}"


def main():
    which = ARGS[0]
    cell = ARGS[1] if len(ARGS) > 1 else 'rnn'
    if which == 'sgemm':
        n = 512
        a, b = torch.rand(n, n), torch.rand(n, n)
        rate, _ = measure(lambda: torch.mm(a, b))
        out = {'peer': 'sgemm-torch', 'threads': THREADS, 'gflops': 2 * n ** 3 * rate / 1e9}
    else:
        B, T, I, H = SIZES[which]
        rnn = CELLS[cell](I, H)
        lin = torch.nn.Linear(H, 1)
        opt = torch.optim.SGD(list(rnn.parameters()) + list(lin.parameters()), lr=0.001)
        loss_fn = torch.nn.MSELoss()
        x = torch.rand(T, B, I) * 2 - 1
        y = torch.rand(B, 1) * 2 - 1

        def step():
            opt.zero_grad()
            out, _ = rnn(x)
            loss = loss_fn(lin(out[-1]), y)
            loss.backward()
            opt.step()

        rate, runs = measure(step)
        out = {'peer': 'torch' if INTRA_OP == THREADS else 'torch-blas', 'size': which, 'cell': cell, 'threads': THREADS, 'stepsPerSecond': rate, 'repeats': runs}
    out['notes'] = blas()
    out['maxRssMB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


main()
