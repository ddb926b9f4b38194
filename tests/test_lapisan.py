"""The four floors, imports pointing down only (DESIGN.md):

1. kotaku   - organisation, users and scope, money, dates, policy, and the ledger (kotaku/buku)
2. ksm      - groups, members, meetings, savings (ksm/tabungan), maturity
3. pinjaman - loans
4. laporan  - indicators, dashboards, year-end, the report pack, tasks
The root URLconf is the one place allowed to name every floor."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANTAI = {"kotaku": 1, "ksm": 2, "pinjaman": 3, "laporan": 4}
# The root URLconf is the wiring: it may name every floor.
WIRING = {Path("kotaku/urls.py")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _files() -> list[Path]:
    files = []
    for app in LANTAI:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if rel not in WIRING and "migrations" not in rel.parts:
                files.append(rel)
    return files


@pytest.mark.parametrize("rel", _files(), ids=str)
def test_imports_point_down_only(rel: Path) -> None:
    floor = LANTAI[rel.parts[0]]
    upward = sorted(name for name in _imports(ROOT / rel) if LANTAI.get(name, 0) > floor)
    assert upward == [], f"{rel} (lantai {floor}) mengimpor lantai di atasnya: {upward}"


def test_the_check_itself_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from pinjaman.models import Pinjaman\nimport laporan\n")
    assert _imports(bad) == {"pinjaman", "laporan"}
