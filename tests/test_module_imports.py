"""Data flows one way, and so do imports: a layer never imports the layers that consume it.

Read from each module's source with :mod:`ast` (imports inside functions included), so a
lazy import cannot slip past.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "govbudget"

# package → the govbudget packages its modules must not import
FORBIDDEN = {
    "schema": ("parsers", "storage", "flows", "spiders", "changes", "demo"),
    "parsers": ("storage", "flows", "spiders", "changes", "demo"),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_does_not_import_its_consumers(package):
    assert _modules(package), f"govbudget/{package} has no modules"
    wrong = []
    for path in _modules(package):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "govbudget" and len(parts) > 1 and parts[1] in FORBIDDEN[package]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_check_sees_a_forbidden_import(tmp_path):
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    from govbudget.storage.pull import load\n    import govbudget.flows\n")
    assert {"govbudget.storage.pull", "govbudget.flows"} <= _imports(lazy)
