"""The house's layering, checked from the code's own imports: no circles, geo below ui, subpackages in order."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "geo"

# A subpackage may import its own modules and any with a lower rank, never a higher one
# (docs/ARCHITECTURE.md, "The map of the house"). The store sits above spend because prepare
# builds the postcode and company indexes with spend's own parsers.
RANK = {"levels": 0, "errors": 0, "paths": 0, "fmt": 0, "spend": 1, "store": 2, "analysis": 3,
        "present": 4, "cli": 5, "__main__": 6}  # fmt: skip
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every geo module (or package) a file imports, at any depth (function-level imports too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                if (ROOT / Path(*sub.split("."))).with_suffix(".py").exists():
                    names.append(sub)
            out.update(n for n in names if n == "geo" or n.startswith("geo."))
            out.update(n for n in names if n.split(".")[0] in ("streamlit", "ui"))
        elif isinstance(node, ast.Import):
            out.update(
                a.name
                for a in node.names
                if a.name.startswith("geo.") or a.name.split(".")[0] in ("streamlit", "ui")
            )
    return out


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in GEO.rglob("*.py")}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_geo_never_imports_streamlit_or_ui() -> None:
    bad = {
        m: sorted(t for t in ts if t.split(".")[0] in ("streamlit", "ui"))
        for m, ts in _graph().items()
    }
    assert not {m: t for m, t in bad.items() if t}


def test_no_import_circle() -> None:
    graph = {m: {t for t in ts if t in _graph_keys()} for m, ts in _graph().items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert not cycles


def _graph_keys() -> set[str]:
    return {_module_name(p) for p in GEO.rglob("*.py")}


def test_subpackages_import_downwards_only() -> None:
    wrong = []
    for module, targets in _graph().items():
        src = _room(module)
        for t in targets:
            if not t.startswith("geo.") or t.split(".")[0] != "geo":
                continue
            dst = _room(t)
            if dst != src and RANK.get(dst, 0) > RANK.get(src, 0):
                wrong.append(f"{module} -> {t}")
    assert not wrong


@pytest.mark.parametrize("folder", ["geo", "ui", "pages"])
def test_no_module_over_the_limit(folder: str) -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long


def _geo_from_imports(path: Path) -> list[tuple[str, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] in ("geo", "ui")
        ):
            out += [(node.module, a.name) for a in node.names]
    return out


@pytest.mark.parametrize("folder", ["geo", "ui", "pages", "bench", "tests"])
def test_every_project_import_resolves(folder: str) -> None:
    """A moved module leaves no caller behind (pages only fail when a page runs)."""
    import importlib

    missing = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for module, name in _geo_from_imports(path):
            try:
                mod = importlib.import_module(module)
            except ImportError:
                missing.append(f"{path.relative_to(ROOT)}: {module}")
                continue
            if not hasattr(mod, name):
                try:
                    importlib.import_module(f"{module}.{name}")
                except ImportError:
                    missing.append(f"{path.relative_to(ROOT)}: {module}.{name}")
    assert not missing


def _download_calls() -> list[tuple[str, int, ast.Call]]:
    calls = []
    for folder in ("pages", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "download_button"
                ):
                    calls.append((str(path.relative_to(ROOT)), node.lineno, node))
    return calls


def test_every_deferred_download_leaves_the_page_alone() -> None:
    # A download whose file is built when clicked (a callable) must not rerun the page: the
    # rerun drops the deferred file before the browser fetches it ("MediaFileStorageError:
    # Deferred file … not found"), and the button spins forever with no file. Seen on the Data
    # page (three area tables clicked in turn) and on Compare & leakage (LM3 CSV, Trafford).
    calls = _download_calls()
    assert len(calls) >= 10
    wrong = [
        f"{path}:{line}"
        for path, line, call in calls
        if not any(
            k.arg == "on_click" and isinstance(k.value, ast.Constant) and k.value.value == "ignore"
            for k in call.keywords
        )
    ]
    assert not wrong, f"download buttons that rerun the page: {wrong}"
