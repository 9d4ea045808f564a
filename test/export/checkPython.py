"""Checks generated Python without training it, in one process (torch is imported once):

    python3 checkPython.py REQUEST.json

REQUEST is a JSON object with any of
  "parse":    [FILE, ...]                  each file through ast.parse
  "literals": [[LITERAL, EXPECTED], ...]   ast.literal_eval(LITERAL) == EXPECTED
  "slugs":    {"io": RNN_LAB_IO_PY, "names": [NAME, ...]}   rnn_lab_io._slug of each name
  "help":     [PROJECT, ...]               python PROJECT/train.py --help (runpy, as __main__)
and the answer, one JSON line on stdout, has the same keys: an error message or null per file,
a bool per literal, the slugs, {"code", "stdout", "error"} per project.
"""
import ast
import contextlib
import importlib.util
import io
import json
import runpy
import sys


def parse(files):
    errors = []
    for f in files:
        try:
            with open(f, encoding="utf-8") as source:
                ast.parse(source.read(), f)
            errors.append(None)
        except (SyntaxError, ValueError, UnicodeDecodeError) as err:
            errors.append(f"{type(err).__name__}: {err}")
    return errors


def literals(pairs):
    return [ast.literal_eval(literal) == expected for literal, expected in pairs]


def slugs(request):
    spec = importlib.util.spec_from_file_location("rnn_lab_io_for_slugs", request["io"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [module._slug(name) for name in request["names"]]


def help_texts(projects):
    answers = []
    for project in projects:
        sys.path.insert(0, project)
        sys.modules.pop("rnn_lab_io", None)
        sys.argv = [f"{project}/train.py", "--help"]
        out = io.StringIO()
        code, error = None, None
        try:
            with contextlib.redirect_stdout(out):
                runpy.run_path(f"{project}/train.py", run_name="__main__")
        except SystemExit as exit:
            code = exit.code
        except Exception as err:  # what a user would see as a traceback
            error = f"{type(err).__name__}: {err}"
        finally:
            sys.path.remove(project)
        answers.append({"code": code, "stdout": out.getvalue(), "error": error})
    return answers


with open(sys.argv[1], encoding="utf-8") as f:
    request = json.load(f)
checks = {"parse": parse, "literals": literals, "slugs": slugs, "help": help_texts}
print(json.dumps({key: checks[key](value) for key, value in request.items()}))
