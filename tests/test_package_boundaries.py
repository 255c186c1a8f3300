"""intake/ uses only the public API of parsers/, and parsers/ never imports intake/ or store/."""

from __future__ import annotations

import ast
from pathlib import Path

import parsers

ROOT = Path(__file__).resolve().parents[1]
SHARED_TYPE_MODULES = frozenset({"parsers.models", "parsers.schema", "parsers.errors"})
"""Modules of shared types that are public as a whole, besides ``parsers`` itself."""


def non_public_imports(source: str) -> list[str]:
    """The imports in ``source`` that reach into ``parsers`` past its public API, as written."""
    bad: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "parsers":
                bad += [f"from parsers import {a.name}" for a in node.names if a.name not in parsers.__all__]
            elif node.module.startswith("parsers.") and node.module not in SHARED_TYPE_MODULES:
                bad.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Import):
            bad += [f"import {a.name}" for a in node.names
                    if a.name.startswith("parsers.") and a.name not in SHARED_TYPE_MODULES]
    return bad


def imported_packages(source: str) -> set[str]:
    """The top-level packages ``source`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
    return names


def test_the_checker_flags_imports_of_parser_internals() -> None:
    source = ("from parsers.form.fields import extract_fields\nimport parsers.mail.mime\n"
              "from parsers import extract_message, ReadOptions\nfrom parsers.schema import Limits\n")
    assert non_public_imports(source) == [
        "from parsers.form.fields import ...", "import parsers.mail.mime", "from parsers import ReadOptions"]


def test_intake_imports_only_the_public_api_of_parsers() -> None:
    found = {str(p.relative_to(ROOT)): non_public_imports(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "intake").rglob("*.py"))}
    assert len(found) > 20
    assert {path: bad for path, bad in found.items() if bad} == {}


def test_every_public_name_of_parsers_exists() -> None:
    assert all(hasattr(parsers, name) for name in parsers.__all__)


def test_parsers_never_imports_intake_or_store() -> None:
    found = {str(p.relative_to(ROOT)): imported_packages(p.read_text(encoding="utf-8")) & {"intake", "store"}
             for p in sorted((ROOT / "parsers").rglob("*.py"))}
    assert {path: bad for path, bad in found.items() if bad} == {}
