# Which BLAS this Python process actually loaded (from /proc/self/maps, after a product has run),
# and how many threads OpenBLAS will use: the honest answer for bench/torch_peer.py and
# bench/numpy_peer.py, whatever Debian's libblas.so.3 alternative pointed to at build time.
import ctypes
import os
import re


def loaded_blas():
    """'OpenBLAS 0.3.21 … (path), 1 thread' or the loaded library's path; after a product has run."""
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            parts = line.split()
            if len(parts) >= 6 and re.search(r'openblas|/libblas|mkl|blis', parts[-1]):
                libs.add(parts[-1])
    openblas = sorted(lib for lib in libs if 'openblas' in lib)
    if openblas:
        lib = ctypes.CDLL(openblas[0])
        lib.openblas_get_config.restype = ctypes.c_char_p
        config = lib.openblas_get_config().decode().strip()
        threads = lib.openblas_get_num_threads()
        return f"OpenBLAS ({config}; {openblas[0]}), {threads} thread{'s' if threads != 1 else ''}"
    if not libs:
        return 'no BLAS library loaded (built-in kernels)'
    kind = 'reference BLAS (netlib)' if any('/blas/' in os.path.realpath(lib) for lib in libs) else 'BLAS'
    return f"{kind} ({', '.join(sorted(os.path.realpath(lib) for lib in libs))})"
