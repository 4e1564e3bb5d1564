"""Keep the translation catalogue in step with the code.

    python packaging/translations.py           # update the .ts from the sources, compile the .qm
    python packaging/translations.py --check   # exit 1 if the .ts or .qm is out of date

After an update, strings that are new in the code are marked ``unfinished`` in
``app/i18n/silicondesk_zh_CN.ts``: translate them (Qt Linguist, or any editor), run this
again, and commit both files. ``tests/test_translations.py`` runs the check.

English has a catalogue too, of plurals only: a ``tr("Imported %n conversation(s).", "",
n)`` needs its two English forms ("1 conversation", "2 conversations") written in
``app/i18n/silicondesk_en.ts``; every other English string is its source.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ROOT / "app" / "i18n" / "silicondesk_en.ts"
CATALOGUES = [ROOT / "app" / "i18n" / "silicondesk_zh_CN.ts", ENGLISH]
_SINGLE = re.compile(r"    <message>\n.*?</message>\n", re.S)  # not numerus="yes"
_EMPTY_CONTEXT = re.compile(r"<context>\n    <name>[^<]*</name>\n</context>\n")
TOOLS = Path(PySide6.__file__).parent


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py"))


def lupdate(ts: Path) -> None:
    language = ts.stem.split("_", 1)[1]
    subprocess.run([str(TOOLS / "lupdate"), *sources(), "-source-language", "en",
                    "-target-language", language, "-locations", "none", "-no-obsolete",
                    "-silent", "-ts", str(ts)], cwd=ROOT, check=True)
    if ts.name == ENGLISH.name:  # English: only the plural forms
        text = _EMPTY_CONTEXT.sub("", _SINGLE.sub("", ts.read_text(encoding="utf-8")))
        ts.write_text(text, encoding="utf-8")


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([str(TOOLS / "lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def check() -> list[str]:
    """What is out of date, in words ([] when the catalogues match the code)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for ts in CATALOGUES:
            fresh = Path(tmp) / ts.name
            shutil.copy(ts, fresh)
            lupdate(fresh)
            if fresh.read_bytes() != ts.read_bytes():
                problems.append(f"{ts.name} does not match the code's strings: run "
                                "`python packaging/translations.py` and translate what is new")
            qm = Path(tmp) / ts.with_suffix(".qm").name
            lrelease(ts, qm)
            if qm.read_bytes() != ts.with_suffix(".qm").read_bytes():
                problems.append(f"{ts.with_suffix('.qm').name} is not compiled from {ts.name}")
    return problems


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    for ts in CATALOGUES:
        lupdate(ts)
        lrelease(ts, ts.with_suffix(".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
