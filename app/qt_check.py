"""Before Qt starts on Linux/X11: the system libraries its platform plugin needs.

Without them Qt aborts the process with "Could not load the Qt platform plugin xcb",
which tells a user nothing about what to install. This looks for the files in the usual
library folders (no subprocess, no Qt import: it costs well under a millisecond) and
names the Debian/Ubuntu packages. Where none of those folders exist (another layout),
it says nothing rather than guess.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Mapping

LIBRARY_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
                "/usr/lib", "/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/lib64", "/lib")
# What Qt's xcb plugin loads: library file prefix → the package that ships it.
XCB_NEEDS = {
    "libxcb-cursor.so": "libxcb-cursor0",
    "libxkbcommon-x11.so": "libxkbcommon-x11-0",
    "libxcb-icccm.so": "libxcb-icccm4",
    "libxcb-keysyms.so": "libxcb-keysyms1",
    "libxcb-shape.so": "libxcb-shape0",
    "libxcb-render-util.so": "libxcb-render-util0",
    "libxcb-image.so": "libxcb-image0",
    "libEGL.so": "libegl1",
    "libfontconfig.so": "libfontconfig1",
}


def missing_packages(environ: Mapping[str, str] | None = None,
                     dirs: tuple[str, ...] = LIBRARY_DIRS) -> list[str]:
    """The packages to install before the window can open here ([] when it can, or when
    this cannot be told)."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or (platform and not platform.startswith("xcb")):
        return []
    if env.get("WAYLAND_DISPLAY") and not platform:
        return []  # Qt prefers Wayland there
    present = [d for d in dirs if os.path.isdir(d)]
    if not present:
        return []
    return [package for prefix, package in XCB_NEEDS.items()
            if not any(glob.glob(os.path.join(d, prefix + "*")) for d in present)]


def explain(packages: list[str]) -> str:
    return ("SiliconDesk cannot open its window: Qt needs system libraries that are not "
            "installed.\nOn Debian or Ubuntu:\n\n    sudo apt install " + " ".join(packages) +
            "\n\n(Other systems: install the packages that provide "
            + ", ".join(p for p in packages) + ".)")
