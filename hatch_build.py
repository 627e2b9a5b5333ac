"""Wheel build hook: the classifier's hot modules compiled with mypyc (hatch-mypyc).

A wheel carries ``segkit/features``, ``classify`` and ``wordlists`` as C extensions beside
their ``.py`` files (Python imports the extension first): about twice as fast. Editable
installs stay pure Python. Where compiling fails (no C compiler or Python headers, or
a mypy error in the compiled modules: they must type-check) the wheel is pure Python,
with a warning that pip shows only with -v; ``SEGKIT_REQUIRE_MYPYC=1`` (CI) makes that
an error, ``SEGKIT_NO_MYPYC=1`` skips compiling.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from hatch_mypyc.plugin import MypycBuildHook


class SegkitMypycHook(MypycBuildHook):
    PLUGIN_NAME = "custom"
    compiled = False

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" or os.environ.get("SEGKIT_NO_MYPYC") == "1":
            return
        try:
            super().initialize(version, build_data)
        except Exception as exc:
            if os.environ.get("SEGKIT_REQUIRE_MYPYC") == "1":
                raise
            self.clean([version])
            print(f"segkit: mypyc failed, building a pure-Python wheel (a slower classifier); "
                  f"set SEGKIT_REQUIRE_MYPYC=1 to stop here instead:\n{exc}", file=sys.stderr)
            return
        self.compiled = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        # hatch-mypyc compiles in place: once the extensions are in the wheel, take them
        # out of the source tree, or an editable install of it would import them.
        if self.compiled:
            self.clean([version])


def get_build_hook() -> type[SegkitMypycHook]:
    return SegkitMypycHook
