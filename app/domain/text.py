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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Lookup = Callable[[str, str], str]


@dataclass(frozen=True)
class Text:
    context: str
    source: str
    args: tuple[tuple[str, Any], ...] = ()

    def format(self, **values: Any) -> Text:
        """This sentence with its ``{name}`` fields filled (values may be Text too)."""
        return Text(self.context, self.source, self.args + tuple(values.items()))

    def render(self, lookup: Lookup | None = None) -> str:
        """The sentence, translated by ``lookup(context, source)`` when one is given.

        A translation whose fields do not match the source falls back to the English
        sentence rather than losing the values.
        """
        values = {k: v.render(lookup) if isinstance(v, Text) else v for k, v in self.args}
        template = lookup(self.context, self.source) if lookup else self.source
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.source.format(**values)

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        args = {k: v.to_json() if isinstance(v, Text) else _plain(v) for k, v in self.args}
        return {"context": self.context, "source": self.source, "args": args}

    @classmethod
    def from_json(cls, data: object) -> Text | None:
        """A Text saved by :meth:`to_json`, or None when ``data`` is not one."""
        if not isinstance(data, Mapping):
            return None
        context, source, args = data.get("context"), data.get("source"), data.get("args", {})
        if not (isinstance(context, str) and isinstance(source, str)
                and isinstance(args, Mapping)):
            return None
        values: list[tuple[str, Any]] = []
        for key, value in args.items():
            nested = cls.from_json(value) if isinstance(value, Mapping) else None
            values.append((str(key), nested if nested is not None else value))
        return cls(context, source, tuple(values))


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
