# What bench/torch_peer.py and bench/numpy_peer.py share: the workload's sizes (bench/workload.ts
# SIZES as (B, T, I, H)) and the timing rule of bench/peer.ts — a warm-up repeat, then the median
# of REPEATS timed repeats of whole steps lasting at least REPEAT_S each (--quick: one short one).
import sys
import time

SIZES = {'tiny': (2, 3, 4, 8), 'small': (32, 50, 16, 64), 'medium': (64, 100, 64, 256), 'large': (128, 200, 128, 512)}
QUICK = '--quick' in sys.argv
REPEAT_S = 0.05 if QUICK else 0.4
REPEATS = 1 if QUICK else 5


def measure(step):
    """(median steps/s, every repeat's steps/s) of `step`, after a warm-up repeat."""
    def repeat():
        t0 = time.perf_counter()
        steps = 0
        while True:
            step()
            steps += 1
            if time.perf_counter() - t0 >= REPEAT_S:
                return steps / (time.perf_counter() - t0)
    repeat()  # warm-up
    runs = [repeat() for _ in range(REPEATS)]
    return sorted(runs)[len(runs) // 2], runs
