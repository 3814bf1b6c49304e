"""The package build step that compiles the gettext catalogs (tanka/locale/<lang>/LC_MESSAGES/tanka.po
→ tanka.mo), so that every wheel and every `pip install .` ships them (pyproject.toml,
[tool.setuptools.cmdclass]). The .mo files are built, never committed: an editable install
(`make setup`) compiles them beside their .po files; a wheel gets them in its build folder.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _i18n() -> Any:
    """tanka/i18n.py on its own: the package's dependencies are not installed while it is built."""
    spec = importlib.util.spec_from_file_location("_tanka_i18n", HERE / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        source = HERE / "locale"
        if getattr(self, "editable_mode", False):
            _i18n().compile_catalogs(source)
        else:
            _i18n().compile_catalogs(source, Path(self.build_lib) / "tanka" / "locale")
