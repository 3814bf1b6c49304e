"""The house's shape: five installed top-level names, no import cycle among the project's modules,
and README's layout section matching the tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP_LEVEL = ("tanka", "spiders", "pipelines", "store", "scheduler")


def modules() -> dict[str, Path]:
    """Every project module by dotted name (packages by their __init__)."""
    out = {"scheduler": ROOT / "scheduler.py"}
    for package in TOP_LEVEL[:-1]:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """Project modules `path` imports anywhere (functions included, TYPE_CHECKING blocks left out):
    `from a.b import c` counts as a.b.c when that is a module, else as a.b."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for block in ast.walk(tree) if _type_checking(block) for n in ast.walk(block)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])])
            targets |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}
    return {target for target in targets if target in known} - {name}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_import_cycle_among_the_projects_modules():
    known = modules()
    graph = {name: imported(path, name, set(known)) for name, path in known.items()}
    assert sum(map(len, graph.values())) > 100  # the walker sees the imports
    cycles = find_cycles(graph)
    assert cycles == [], " ; ".join(" → ".join(c) for c in cycles)


def test_the_root_holds_only_the_design_cards_python():
    loose = sorted(p.name for p in ROOT.glob("*.py"))
    assert loose == ["scheduler.py"]


def test_readme_layout_section_matches_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Layout", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    block = section.split("```", 2)[1]
    named = set(re.findall(r"^(\S+?)/?\s", block, re.M)) - {"text"}
    assert named, "no layout block in README"
    for entry in named:
        assert (ROOT / entry).exists(), f"README's layout names {entry}, which is not in the tree"
    for top in ("spiders", "pipelines", "store", "scheduler.py", "tests", "tanka", "scrapy.cfg", "pyproject.toml"):
        assert top in named, f"README's layout does not show {top}"
    listed = set(re.findall(r"tanka/(\w+(?:\.\w+)?)", block)) | set(re.findall(r"^\s+(\w+(?:\.py|/|\.toml))", block, re.M))
    for path in (ROOT / "tanka").iterdir():
        if path.name.startswith("__") or path.name == "__pycache__":
            continue
        name = path.name + ("/" if path.is_dir() else "")
        assert name in listed or path.name in listed, f"README's layout does not show tanka/{name}"
