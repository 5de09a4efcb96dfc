"""Messages rendered in the user's language at the edge.

The core (figures, store) never builds a sentence: it records a `Msg` - a label key of the
translation table (`dashboard/labels/store.py`) and its parameters - and the page or command
renders it with the user's language (`Msg.render(lang)`). A parameter may be a `Both` (a text in
both languages, e.g. an indicator's name and English name), another `Msg`, or a list of them.

`str()` of a message (and of the exceptions that carry one) is its English rendering: what a log or
a caller that has no language sees. The command line renders with ``--lang`` or the environment
variable ``DASHBOARD_LANG`` (`env_lang`, default zh).

>>> m = Msg.of("store.value.share", name=Both("服务业比重", "Services share"), found="120")
>>> print(m.render("zh")); print(m.render("en"))
“服务业比重”是比重，应在 0 至 100 之间（%），实际为 120
expected a share from 0 to 100 for Services share (%), found 120
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dashboard.i18n import DEFAULT_LANG, LANGS, t

ENV_LANG = "DASHBOARD_LANG"


def env_lang(lang: str | None = None) -> str:
    """`lang` if given and known, else $DASHBOARD_LANG if known, else the default (zh)."""
    for candidate in (lang, os.environ.get(ENV_LANG)):
        if candidate and candidate.strip().lower() in LANGS:
            return candidate.strip().lower()
    return DEFAULT_LANG


@dataclass(frozen=True)
class Both:
    """A text in both languages; English falls back to the Chinese text when there is none."""

    zh: str
    en: str | None = None

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Msg:
    """A label key and its parameters (a tuple of pairs, so that messages can be compared and hashed)."""

    key: str
    params: tuple = ()

    @classmethod
    def of(cls, key: str, **params) -> Msg:
        return cls(key, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang).format(**{k: _param(v, lang) for k, v in self.params})

    def __str__(self) -> str:
        return self.render("en")


def _param(value, lang: str) -> str:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, Both):
        return value.get(lang)
    if isinstance(value, tuple):
        return t("store.list_sep", lang).join(_param(v, lang) for v in value)
    return str(value)


class MessageError(Exception):
    """An exception that carries a `Msg`: `render(lang)` for people, `str()` in English."""

    def __init__(self, msg: Msg | str, **params):
        self.msg = msg if isinstance(msg, Msg) else Msg.of(msg, **params)
        super().__init__(self.msg)

    def __str__(self) -> str:  # rendered when shown, not when raised (a batch may refuse many cells)
        return self.render("en")

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return self.msg.render(lang)
