"""The layering of DESIGN.md, checked on the source: imports point down only."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
RANK = {"domain": 0, "api": 1, "storage": 1, "render": 1, "services": 2, "ui": 3}
NO_QT = {"domain", "api"}
NO_WIDGETS = {"domain", "api", "storage", "render", "services"}


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def modules() -> list[tuple[str, Path]]:
    return [(p.relative_to(APP).parts[0], p) for p in APP.rglob("*.py")
            if p.relative_to(APP).parts[0] in RANK]


def test_layers_import_down_only() -> None:
    problems = []
    for layer, path in modules():
        for name in imports(path):
            parts = name.split(".")
            if parts[0] == "app" and len(parts) > 1 and parts[1] in RANK:
                target = parts[1]
                if target != layer and RANK[target] >= RANK[layer]:
                    problems.append(f"{path.relative_to(APP)} imports {name}")
            if layer in NO_QT and parts[0] in ("PySide6", "qasync"):
                problems.append(f"{path.relative_to(APP)} imports Qt ({name})")
            if layer in NO_WIDGETS and name.startswith("PySide6.QtWidgets"):
                problems.append(f"{path.relative_to(APP)} imports widgets ({name})")
    assert problems == []


def test_only_secrets_imports_keyring() -> None:
    users = [str(path.relative_to(APP)) for path in APP.rglob("*.py")
             if any(n.split(".")[0] == "keyring" for n in imports(path))]
    assert users in ([], ["storage/secrets.py"])


def test_the_check_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QLabel\nimport app.ui.main_window\n")
    assert imports(bad) == ["PySide6.QtWidgets", "app.ui.main_window"]
