"""Runs exported projects' train.py in one Python process, so torch is imported once: each as
`python train.py --out RUNS --quiet [ARGS]` runs it (runpy, as __main__, from its own folder),
in order, so that a later one may resume from an earlier one's checkpoint.

    python3 runProjects.py PROJECT RUNS [PROJECT RUNS ...]
    python3 runProjects.py --json FILE    # [{"dir": PROJECT, "runsDir": RUNS, "args": [...]}, ...]

An argument with a * is the first path it matches when that project starts. Prints one line per
project: "PROJECT exit CODE".
"""
import glob
import json
import runpy
import sys

args = sys.argv[1:]
if args[:1] == ["--json"]:
    with open(args[1], encoding="utf-8") as f:
        projects = json.load(f)
else:
    projects = [{"dir": p, "runsDir": r} for p, r in zip(args[::2], args[1::2])]
worst = 0
for p in projects:
    project = p["dir"]
    extra = [sorted(glob.glob(a))[0] if "*" in a and glob.glob(a) else a for a in p.get("args", [])]
    sys.path.insert(0, project)
    sys.modules.pop("rnn_lab_io", None)  # each project's own copy
    sys.argv = [f"{project}/train.py", "--out", p["runsDir"], "--quiet", *extra]
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
