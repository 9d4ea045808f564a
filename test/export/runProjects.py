"""Runs exported projects' train.py in one Python process, so torch is imported once: each as
`python train.py --out RUNS --quiet` runs it (runpy, as __main__, from its own folder).

    python3 runProjects.py PROJECT RUNS [PROJECT RUNS ...]

Prints one line per project: "PROJECT exit CODE".
"""
import runpy
import sys

args = sys.argv[1:]
worst = 0
for project, runs in zip(args[::2], args[1::2]):
    sys.path.insert(0, project)
    sys.modules.pop("rnn_lab_io", None)  # each project's own copy
    sys.argv = [f"{project}/train.py", "--out", runs, "--quiet"]
    try:
        runpy.run_path(f"{project}/train.py", run_name="__main__")
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    finally:
        sys.path.remove(project)
    print(f"{project} exit {code}", flush=True)
    worst = max(worst, code)
sys.exit(worst)
