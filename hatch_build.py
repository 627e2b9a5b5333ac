"""Wheel build hook: the classifier's hot modules compiled with mypyc (hatch-mypyc), and
the forests' walk (``segkit/classify/_forest.c``) compiled as a C extension.

A wheel carries ``segkit/features``, ``classify`` and ``wordlists`` as C extensions beside
their ``.py`` files (Python imports the extension first): about twice as fast. The C walk
takes a page's rows through every tree in one call, nearly three times as fast as the
compiled linked nodes (``classify/trees.py`` falls back to them without it). Editable
installs stay pure Python. Where compiling fails (no C compiler or Python headers, or
a mypy error in the compiled modules: they must type-check) the wheel is pure Python,
with a warning that pip shows only with -v; ``SEGKIT_REQUIRE_MYPYC=1`` (CI) makes that
an error, ``SEGKIT_NO_MYPYC=1`` skips compiling.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatch_mypyc.plugin import MypycBuildHook

FOREST_SOURCE = "src/segkit/classify/_forest.c"
FOREST_MODULE = "segkit.classify._forest"
# setuptools (which hatch-mypyc brings into the build environment) compiles the walk.
_SETUP = """from setuptools import Extension, setup
setup(name="segkit_forest", ext_modules=[Extension({module!r}, [{source!r}])])
"""


class SegkitMypycHook(MypycBuildHook):
    PLUGIN_NAME = "custom"
    compiled = False
    forest_dir: str | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" or os.environ.get("SEGKIT_NO_MYPYC") == "1":
            return
        required = os.environ.get("SEGKIT_REQUIRE_MYPYC") == "1"
        try:
            super().initialize(version, build_data)
        except Exception as exc:
            if required:
                raise
            self.clean([version])
            print(f"segkit: mypyc failed, building a pure-Python wheel (a slower classifier); "
                  f"set SEGKIT_REQUIRE_MYPYC=1 to stop here instead:\n{exc}", file=sys.stderr)
        else:
            self.compiled = True
        try:
            self._build_forest(build_data)
        except (OSError, subprocess.CalledProcessError) as exc:
            if required:
                raise
            out = getattr(exc, "stdout", b"") or b""
            print(f"segkit: the forests' C walk did not compile; trees.py walks them in "
                  f"Python:\n{exc}\n{out.decode(errors='replace')}", file=sys.stderr)

    def _build_forest(self, build_data: dict[str, Any]) -> None:
        """Compile ``_forest.c`` in a scratch folder and add it to the wheel."""
        self.forest_dir = work = tempfile.mkdtemp(prefix="segkit-forest-")
        setup = Path(work, "setup.py")
        setup.write_text(_SETUP.format(module=FOREST_MODULE,
                                       source=str(Path(self.root, FOREST_SOURCE))))
        lib = Path(work, "lib")
        subprocess.run([sys.executable, str(setup), "build_ext", "--build-lib", str(lib),
                        "--build-temp", str(Path(work, "tmp"))], cwd=work, check=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        built = next(lib.glob("segkit/classify/_forest*"), None)
        if built is None:
            raise OSError(f"setuptools built no {FOREST_MODULE} in {lib}")
        build_data["force_include"][str(built)] = f"segkit/classify/{built.name}"
        build_data["infer_tag"] = True
        build_data["pure_python"] = False

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        # hatch-mypyc compiles in place: once the extensions are in the wheel, take them
        # out of the source tree, or an editable install of it would import them.
        if self.compiled:
            self.clean([version])
        if self.forest_dir is not None:
            shutil.rmtree(self.forest_dir, ignore_errors=True)


def get_build_hook() -> type[SegkitMypycHook]:
    return SegkitMypycHook
