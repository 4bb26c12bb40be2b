"""The phone packaging configuration (it cannot be built here: `flet build` needs the Flutter
SDK): identity, what stays out of the bundle, the one permission, no OS backup, the assets."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLET = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["flet"]


def test_the_app_has_a_fixed_identity() -> None:
    assert FLET["bundle_id"] == "nl.veldwerk.fieldapp"
    assert FLET["product"] == "Veldwerk"


def test_server_tests_and_tooling_stay_out_of_the_bundle() -> None:
    excluded = set(FLET["app"]["exclude"])
    assert {"sync_server", "tests", "benchmarks", "docs", "tools", ".venv"} <= excluded
    assert not excluded & {"fieldapp", "locales", "assets", "main.py"}  # needed at run time
    assert all(entry == entry.strip("/") and "*" not in entry for entry in excluded)


def test_network_is_the_only_permission_and_os_backup_is_off() -> None:
    android = FLET["android"]
    assert android["permission"] == {"android.permission.INTERNET": True}
    manifest = android["manifest_application"]
    # Written verbatim into the manifest: a TOML boolean would come out as "False".
    assert manifest["allowBackup"] == "false"
    assert manifest["fullBackupContent"] == "false"
    assert FLET["ios"]["info"]["UIFileSharingEnabled"] is False


def test_the_entry_module_and_the_assets_exist() -> None:
    module = FLET["app"]["module"]
    entry = REPO / f"{module}.py"
    tree = ast.parse(entry.read_text())
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert imported == ["fieldapp.__main__"]
    for name in ("icon.png", "icon_android.png", "icon_ios.png", "splash.png"):
        data = (REPO / "assets" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
