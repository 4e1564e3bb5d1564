"""Sentences for people, marked for translation without Qt.

The layers below the UI (domain, api, storage) may not use Qt, yet what they say reaches
the window. They say it as a :class:`Text`: the English source, the context it is
translated in, and the values that fill its ``{name}`` fields. ``str(text)`` is the
English sentence (logs, the command line); the window shows it translated through Qt's
catalogue (``app.services.i18n.tr_text``).

The marker is called ``translate`` because that is a name Qt's ``lupdate`` extracts. Call
it with two string literals and nothing else — ``lupdate`` silently skips a call with
keyword arguments and would take an f-string's braces literally — then fill the fields
with ``.format(...)``. ``tests/test_translations.py`` checks every call.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Lookup = Callable[[str, str], str]
MAX_NESTING = 16  # Texts inside Texts; ours go two or three deep
_FORMATTER = string.Formatter()


def fill(template: str, values: Mapping[str, Any]) -> str | None:
    """``template`` with each ``{name}`` replaced by its value (as ``str.format`` does);
    None when a field is anything but a plain name, names a missing value, or the braces
    do not pair. ``{{`` and ``}}`` stand for braces, as in ``str.format``."""
    out: list[str] = []
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return None
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if spec or conversion or not name.isidentifier() or name not in values:
            return None
        out.append(format(values[name], ""))
    return "".join(out)


_ENDING = re.compile(r"\((s|es)\)")


def english_count(source: str, n: int) -> str:
    """The English of a counted sentence: ``%n`` is the number, and a ``(s)`` after a word
    its plural ending ("%n conversation(s)": "1 conversation", "2 conversations")."""
    return _ENDING.sub("" if n == 1 else r"\1", source).replace("%n", str(n))


@dataclass(frozen=True)
class Text:
    context: str
    source: str
    args: tuple[tuple[str, Any], ...] = ()
    count: int | None = None  # the ``%n`` of a counted sentence

    def format(self, **values: Any) -> Text:
        """This sentence with its ``{name}`` fields filled (values may be Text too)."""
        return Text(self.context, self.source, self.args + tuple(values.items()), self.count)

    def counting(self, n: int) -> Text:
        """This sentence counting ``n`` things: its ``%n`` is ``n``, its nouns agree.

        Qt's ``lupdate`` gives a ``translate`` call one translation, not plural forms, so
        a counted sentence is written with ``(s)`` endings: English comes from
        :func:`english_count`, other languages from their one translation (Chinese has a
        single form)."""
        return Text(self.context, self.source, self.args, n)

    def render(self, lookup: Lookup | None = None) -> str:
        """The sentence, translated by ``lookup(context, source)`` when one is given.

        A translation whose fields do not match the source falls back to the English
        sentence rather than losing the values.

        A template is only text and ``{name}`` fields: one with a format spec, a
        conversion, an index or an attribute (``{a:>2000000000}``, ``{a!r}``,
        ``{a.__class__}``) is not filled, since a stored or imported Text may come from
        anywhere. Then the English source is used, and failing that the source as it is.
        """
        values = {k: v.render(lookup) if isinstance(v, Text) else v for k, v in self.args}
        template = lookup(self.context, self.source) if lookup else self.source
        if self.count is not None:
            english = english_count(self.source, self.count)
            template = (english if template == self.source
                        else template.replace("%n", str(self.count)))
            source = english
        else:
            source = self.source
        for candidate in (template, source):
            filled = fill(candidate, values)
            if filled is not None:
                return filled
        return source

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        args = {k: v.to_json() if isinstance(v, Text) else _plain(v) for k, v in self.args}
        saved: dict[str, Any] = {"context": self.context, "source": self.source, "args": args}
        if self.count is not None:
            saved["count"] = self.count
        return saved

    @classmethod
    def from_json(cls, data: object, _depth: int = 0) -> Text | None:
        """A Text saved by :meth:`to_json`, or None when ``data`` is not one (or is
        nested deeper than any sentence of ours)."""
        if not isinstance(data, Mapping) or _depth > MAX_NESTING:
            return None
        context, source, args = data.get("context"), data.get("source"), data.get("args", {})
        if not (isinstance(context, str) and isinstance(source, str)
                and isinstance(args, Mapping)):
            return None
        values: list[tuple[str, Any]] = []
        for key, value in args.items():
            nested = cls.from_json(value, _depth + 1) if isinstance(value, Mapping) else None
            if nested is None and not isinstance(value, bool | int | float | str | None):
                value = "…"  # not a value :meth:`to_json` saves (a list, a too-deep Text)
            values.append((str(key), nested if nested is not None else value))
        count = data.get("count")
        return cls(context, source, tuple(values),
                   count if isinstance(count, int) and not isinstance(count, bool) else None)


class TextError(Exception):
    """An error whose message is a :class:`Text` (``str()`` gives the English)."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def translate(context: str, source: str) -> Text:
    """Mark ``source`` for translation in ``context`` (see the module's docstring)."""
    return Text(context, source)


def plain(text: str) -> Text:
    """Words that are not ours to translate (a server's message, a file name)."""
    return Text("", "{text}", (("text", text),))
