"""The layering of DESIGN.md, checked on the source: imports point down only, and the ui
takes from api/storage only what it shows (their errors and plain data types)."""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
RANK = {"domain": 0, "api": 1, "storage": 1, "render": 1, "services": 2, "ui": 3}
NO_QT = {"domain", "api"}
NO_WIDGETS = {"domain", "api", "storage", "render", "services"}

# The ui talks to api and storage through services. What it may still import from them:
# - any exception class (it picks its message by the error's type: STYLE.md, Errors),
# - these plain data types, which it shows or edits as they are,
# - anything under ``if TYPE_CHECKING:`` (annotations only; nothing runs).
UI_MAY_IMPORT_BELOW = ("app.api", "app.storage")
UI_DATA_TYPES = frozenset({
    "app.storage.settings.Settings",  # the settings dialog edits a copy and hands it back
})


@dataclass(frozen=True)
class Import:
    module: str  # absolute, relative imports resolved
    name: str | None  # None for ``import module``
    type_checking: bool  # inside ``if TYPE_CHECKING:``
    line: int


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _package(path: Path, root: Path) -> list[str]:
    return ["app", *path.relative_to(root).parent.parts]


def imports_of(path: Path, root: Path = APP) -> list[Import]:
    """Every import in the file, wherever it is (module level, functions, ``if`` blocks)."""
    found: list[Import] = []

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for statement in node.body:
                visit(statement, True)
            for statement in node.orelse:
                visit(statement, typing_only)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, None, typing_only, node.lineno)
                         for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _package(path, root)
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.extend(Import(module, alias.name, typing_only, node.lineno)
                         for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def imports(path: Path, root: Path = APP) -> list[str]:
    return [i.module for i in imports_of(path, root)]


def layer_problems(root: Path = APP) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        layer = path.relative_to(root).parts[0]
        if layer not in RANK:
            continue
        where = path.relative_to(root)
        for name in imports(path, root):
            parts = name.split(".")
            if parts[0] == "app" and len(parts) > 1 and parts[1] in RANK:
                target = parts[1]
                if target != layer and RANK[target] >= RANK[layer]:
                    problems.append(f"{where} imports {name}")
            if layer in NO_QT and parts[0] in ("PySide6", "qasync"):
                problems.append(f"{where} imports Qt ({name})")
            if layer in NO_WIDGETS and name.startswith("PySide6.QtWidgets"):
                problems.append(f"{where} imports widgets ({name})")
    return problems


def _shown_as_is(module: str, name: str) -> bool:
    """An error class, or one of the plain data types the ui may show."""
    if f"{module}.{name}" in UI_DATA_TYPES:
        return True
    try:
        value = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return False  # a submodule (``from app.api import client``) or a missing name
    return isinstance(value, type) and issubclass(value, BaseException)


def ui_reaching_below(root: Path = APP) -> list[str]:
    """What the ui imports from api/storage beyond their errors and plain data types."""
    problems = []
    for path in sorted((root / "ui").rglob("*.py")):
        for item in imports_of(path, root):
            below = any(item.module == p or item.module.startswith(p + ".")
                        for p in UI_MAY_IMPORT_BELOW)
            if not below or item.type_checking:
                continue
            if item.name is None or not _shown_as_is(item.module, item.name):
                what = item.module if item.name is None else f"{item.module}.{item.name}"
                problems.append(f"ui/{path.relative_to(root / 'ui')}:{item.line} {what}")
    return problems


def test_layers_import_down_only() -> None:
    assert layer_problems() == []


# Found when this check was written; the lead moves these behind services, then this
# xfail turns into a failure (strict) and is removed.
def test_ui_takes_only_errors_and_data_types_from_api_and_storage() -> None:
    assert ui_reaching_below() == []



def test_only_secrets_imports_keyring() -> None:
    users = [str(path.relative_to(APP)) for path in APP.rglob("*.py")
             if any(n.split(".")[0] == "keyring" for n in imports(path))]
    assert users in ([], ["storage/secrets.py"])


def _plant(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


def test_the_layer_check_catches_a_planted_violation(tmp_path: Path) -> None:
    _plant(tmp_path, "domain/bad.py", "from PySide6.QtWidgets import QLabel\n"
                                      "import app.ui.main_window\n")
    _plant(tmp_path, "api/fine.py", "from app.domain.chat import Role\n")
    _plant(tmp_path, "services/up.py", "from ..ui import main_window\n")
    assert layer_problems(tmp_path) == [
        "domain/bad.py imports Qt (PySide6.QtWidgets)",
        "domain/bad.py imports widgets (PySide6.QtWidgets)",
        "domain/bad.py imports app.ui.main_window",
        "services/up.py imports app.ui",
    ]


def test_the_ui_check_catches_a_planted_violation(tmp_path: Path) -> None:
    _plant(tmp_path, "ui/bad.py", """\
from typing import TYPE_CHECKING

import app.storage.history
from app.api.client import ApiClient
from app.api.errors import ApiError, AuthenticationFailed, error_from_response
from app.storage.importer import ImportFailed
from app.storage.settings import Settings, SettingsStore
from ..api import snippets
from ..storage.secrets import SecretsError

if TYPE_CHECKING:
    from app.api.client import Timeouts
    from app.storage.history import HistoryStore


def later() -> None:
    from app.api.snippets import as_curl
""")
    assert ui_reaching_below(tmp_path) == [
        "ui/bad.py:3 app.storage.history",
        "ui/bad.py:4 app.api.client.ApiClient",
        "ui/bad.py:5 app.api.errors.error_from_response",
        "ui/bad.py:7 app.storage.settings.SettingsStore",
        "ui/bad.py:8 app.api.snippets",
        "ui/bad.py:17 app.api.snippets.as_curl",
    ]
