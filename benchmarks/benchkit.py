"""What the benchmark scripts share: the shared-data scorer, one pinned core, memory, versions."""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import os
import resource
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def trainer_arguments(doc: str | None, text_option: bool = False) -> argparse.Namespace:
    """The options of a script that trains one of describe/'s small models on the shared
    pages: where they are, a cache of their rendering, and whether to write the model
    (with ``text_option``, ``--text``: text mode's model)."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--write", action="store_true", help="write the shipped model file")
    if text_option:
        parser.add_argument("--text", action="store_true",
                            help="text mode's model, from the text/ renderings")
    return parser.parse_args()


def load_shared_data() -> ModuleType:
    """Import tests/shared_data.py by path: one loader and scorer for tests and benchmarks."""
    path = ROOT / "tests" / "shared_data.py"
    spec = importlib.util.spec_from_file_location("segkit_shared_data", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def pin_to_one_core() -> int | None:
    """Run on the first allowed CPU so that the figures are per core, not per machine."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def dist_version(dist: str) -> str:
    """The installed version of a distribution, or '?'."""
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


# segkit's code that no model training runs (relative to the package): the stages after
# the classifier, the metadata and its choosers' files, the plugins and the commands. A
# cache of trained models stays good through a change there (code_digest's ``skip``).
NOT_TRAINING = ("describe/", "sites/", "output/", "corpus/", "api/", "integrations/",
                "cli.py", "tools/explain.py", "tools/evaluate.py", "tools/scaffold.py")


def code_digest(roots: list[Path], skip: tuple[str, ...] = ()) -> str:
    """A digest of the files under ``roots`` (sources and gold) that training reads. A
    Python file counts by its syntax tree without docstrings, so an edit of comments or
    docstrings keeps the caches (of models that take up to 40 minutes to train). Paths
    below a root that start with one of ``skip`` are left out: code the cached models
    never ran."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and path.suffix in (".py", ".json", ".tsv", ".txt", ".csv") \
                    and "__pycache__" not in path.parts and path.name != "model.json" \
                    and not rel.as_posix().startswith(skip):
                digest.update(str(rel).encode())
                data = path.read_bytes()
                digest.update(code_form(data) if path.suffix == ".py" else data)
    return digest.hexdigest()


def code_form(source: bytes) -> bytes:
    """What a Python file does: its syntax tree, docstrings left out (comments never
    reach the tree); the bytes themselves when they do not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):  # ValueError: a null byte, on Python 3.11
        return source
    for node in ast.walk(tree):
        if isinstance(node, _DOCUMENTED) and _docstring(node.body):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


_DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _docstring(body: list[ast.stmt]) -> bool:
    first = body[0] if body else None
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
        and isinstance(first.value.value, str)
