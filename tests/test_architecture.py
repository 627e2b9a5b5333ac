"""The shape of the package: stages in folders, data flowing one way, short functions.

Read from the source with ``ast``, so a new import or a long function fails here, not in
review. docs/architecture.md explains the rules these tests hold.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "segkit"
# The modules that may sit flat in src/segkit/: the command, the public API, the hook
# specs, the document model, the labels, the evidence types, one-document pipeline, and
# the snapshot helpers for users' tests.
MAX_FLAT_MODULES = 8
MAX_FUNCTION_LINES = 80
# Each stage may import only from the stages before it (and the bottom modules).
BOTTOM = {"segkit.labels", "segkit.document", "segkit.evidence", "segkit.hookspecs"}
ORDER = ["inputs", "html", "classify", "sites", "describe", "pipeline", "output", "corpus",
         "tools", "learn", "testing", "cli", "integrations"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, name: str) -> set[str]:
    """segkit modules ``path`` imports anywhere (top level or inside functions)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("segkit"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            if base.startswith("segkit"):
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
    known = modules()
    return {m for m in found if m in known and m != name}


def runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:`` (imports for annotations only)."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


def graph() -> dict[str, set[str]]:
    return {name: imports(path, name) for name, path in modules().items()}


def test_no_import_cycle() -> None:
    edges = graph()
    # A package's __init__ re-exporting its own modules is not a cycle of stages.
    edges = {m: {d for d in deps if not m.startswith(d + ".") and not d.startswith(m + ".")}
             for m, deps in edges.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(edges[m]):
            if state.get(d) == 1:
                cycle = [*stack[stack.index(d):], d]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def test_data_flows_one_way() -> None:
    bad = []
    for m, deps in graph().items():
        here = stage(m)
        for d in deps:
            there = stage(d)
            if d in BOTTOM or here is None or there is None or here == there:
                continue
            if ORDER.index(there) > ORDER.index(here):
                bad.append(f"{m} imports {d}")
    assert not bad, "a stage imports a later one:\n" + "\n".join(sorted(bad))


def test_integrations_use_only_the_public_api() -> None:
    """segkit.integrations.* sit on `import segkit` alone: what users call, nothing inside."""
    edges = graph()
    for m, deps in edges.items():
        if m.startswith("segkit.integrations."):
            assert deps <= {"segkit"}, f"{m} imports {sorted(deps - {'segkit'})}"


def test_bottom_modules_import_no_stage() -> None:
    edges = graph()
    for m in BOTTOM:
        assert not {d for d in edges[m] if stage(d)}, f"{m} must stay at the bottom"


def test_the_classifier_imports_no_parser() -> None:
    for name, path in modules().items():
        if name.startswith("segkit.classify"):
            text = path.read_text(encoding="utf-8")
            assert "selectolax" not in text and "segkit.html" not in text, name


def test_import_segkit_loads_no_html_parser() -> None:
    code = ("import sys, segkit; segkit.segment('A line of text\\nBy Jane Doe'); "
            "print(sorted(m for m in sys.modules if m.startswith(('selectolax', 'segkit.html'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_few_modules_sit_flat() -> None:
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= MAX_FLAT_MODULES, flat


def test_no_long_function() -> None:
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} "
                                f"({length} lines)")
    assert not long, "functions over 80 lines:\n" + "\n".join(long)
