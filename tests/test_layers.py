"""No app imports another app's private names (`_x`) or views: what import-linter's
layers contract (pyproject.toml) cannot express, read from the source with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "spinepath"


def cross_app_private_imports(source: str, app: str) -> list[str]:
    """The imports in `source` (a module of spinepath.`app`) that reach into another app:
    a private name (`_x`, not a dunder such as `__version__`) or another app's views."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != "spinepath" or len(parts) < 2 or parts[1] == app:
            continue
        for alias in node.names:
            private = alias.name.startswith("_") and not alias.name.startswith("__")
            if private or "views" in parts[2:] or alias.name == "views":
                found.append(f"from {node.module} import {alias.name}")
    return found


def test_it_finds_the_private_import_that_used_to_decide_referral_patients() -> None:
    old = "from spinepath.patients.views import _patients_for_user\n"
    assert cross_app_private_imports(old, "referrals") == [
        "from spinepath.patients.views import _patients_for_user"
    ]


@pytest.mark.parametrize(
    ("source", "app"),
    [
        ("from spinepath.patients.access import patients_for\n", "referrals"),
        ("from spinepath.referrals.views import _referral_page\n", "referrals"),
        ("from spinepath import __version__\n", "referrals"),
    ],
)
def test_it_allows_public_own_app_and_dunder_imports(source: str, app: str) -> None:
    assert cross_app_private_imports(source, app) == []


@pytest.mark.parametrize(
    "source",
    [
        "from spinepath.patients.services import _helper\n",
        "from spinepath.patients import views\n",
        "from spinepath.patients.views import patient_list\n",
    ],
)
def test_it_refuses_other_apps_private_names_and_views(source: str) -> None:
    assert cross_app_private_imports(source, "assessments")


def test_it_holds_for_every_app_module() -> None:
    offences = []
    for path in sorted(SRC.glob("*/**/*.py")):
        app = path.relative_to(SRC).parts[0]
        if app == "web":  # the project glue: its urls import every app's views
            continue
        for line in cross_app_private_imports(path.read_text(), app):
            offences.append(f"{path.relative_to(SRC)}: {line}")
    assert offences == []
