"""Every module sits under a layers contract of ``pyproject.toml`` (import-linter): the module
itself or a package above it is named as a layer. A "never imports X" rule does not count, and
neither does being the container of the layers.

The server's Alembic scripts (``sync_server/migrations``) are no package: Alembic runs them by
path and nothing imports them. They are held to importing the schema only.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("fieldapp", "sync_server")
SCRIPTS = {"sync_server.migrations": "sync_server.db"}
"""Folders of scripts run by path, and the one package of ours they may import."""


def _layers_contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return [contract for contract in contracts if contract["type"] == "layers"]


def _named() -> tuple[set[str], set[str]]:
    """The modules named as layers, and the containers of layers."""
    layers: set[str] = set()
    containers: set[str] = set()
    for contract in _layers_contracts():
        within = [str(name) for name in contract.get("containers", [])]
        containers.update(within)
        for layer in contract["layers"]:
            for part in re.split(r"[|:]", str(layer)):
                tail = part.strip().strip("()").strip()
                layers.update([f"{c}.{tail}" for c in within] if within else [tail])
    return layers, containers


def _modules(package: str) -> list[str]:
    """Every Python file below ``package`` as a dotted name (a package by its folder)."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def _in_scripts(module: str) -> bool:
    return any(module == folder or module.startswith(folder + ".") for folder in SCRIPTS)


def unlayered(package: str, layers: set[str], containers: set[str]) -> list[str]:
    """The modules of ``package`` that no layers contract covers."""

    def covered(module: str) -> bool:
        parts = module.split(".")
        prefixes = {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
        return module in containers or bool(prefixes & layers)

    return [m for m in _modules(package) if not covered(m) and not _in_scripts(m)]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_is_named_in_a_layers_contract(package: str) -> None:
    layers, containers = _named()
    assert unlayered(package, layers, containers) == []


def test_the_check_names_a_module_that_no_layer_covers() -> None:
    layers, containers = _named()
    without_web = {name for name in layers if name != "sync_server.web"}
    missing = unlayered("sync_server", without_web, containers)
    assert "sync_server.web" in missing and "sync_server.web.routes_auth" in missing
    assert "sync_server.api.app" not in missing


def test_the_server_contract_puts_app_over_api_and_web_over_services_over_db() -> None:
    (server,) = [c for c in _layers_contracts() if c.get("containers") == ["sync_server"]]
    order = [str(layer) for layer in server["layers"]]

    def at(name: str) -> int:
        (index,) = [i for i, layer in enumerate(order) if name in re.split(r"\s*\|\s*", layer)]
        return index

    assert at("app") < at("api") == at("web") < at("services") < at("db")
    assert server.get("exhaustive") is True


@pytest.mark.parametrize("folder", sorted(SCRIPTS))
def test_scripts_run_by_path_import_only_what_they_may(folder: str) -> None:
    allowed = SCRIPTS[folder]
    ours = ("sync_server", "fieldapp")
    for path in sorted((ROOT / folder.replace(".", "/")).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [
            alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names
        ]
        imported += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        wrong = [
            name
            for name in imported
            if name.split(".")[0] in ours
            and not (name == allowed or name.startswith(allowed + "."))
        ]
        assert wrong == [], f"{path.relative_to(ROOT)} imports {wrong}"
