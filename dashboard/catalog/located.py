"""YAML text to plain data plus the line (1-based) and raw text of every node, keyed by path tuple.

Built straight from libyaml's parse events (`CSafeLoader`) when PyYAML has it — about eight times faster than
the pure-Python loader; a file with what only composing handles (a complex key, several documents) is composed
by libyaml and walked, and the pure-Python loader is used when PyYAML has no libyaml. A file libyaml refuses
is read again by the pure-Python loader, so the syntax messages (with their lines and contexts) are the same
whichever read it.

The result for a given text is kept in a cache (`$DASHBOARD_CACHE`, else ~/.cache/dashboard; a folder
only its owner may read), keyed by a hash of the text and of this module's own source, so the next
command or app start that reads the same unchanged file skips composing. A cache that cannot be read or
written is not used; nothing else changes.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import yaml

from dashboard.catalog import cache

CACHE_ENV = cache.CACHE_ENV
_CODE = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


_TAGS: dict = {}
_STR = "tag:yaml.org,2002:str"
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The first characters an implicit resolver is registered for (None: a wildcard one, or path resolvers —
# then every plain scalar goes through the resolvers as before).
_FIRST = (None if None in _BASE.yaml_implicit_resolvers or _BASE.yaml_path_resolvers
          else frozenset(_BASE.yaml_implicit_resolvers))


class _MemoLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader whose tag resolution of plain scalars is remembered: a catalog repeats the same
    few hundred scalars (years, kinds, directions) thousands of times, and resolving each runs regexes."""

    def resolve(self, kind, value, implicit, _tags=_TAGS, _scalar=yaml.ScalarNode, _first=_FIRST):
        if kind is _scalar:
            if not implicit[0] or (_first is not None and value[:1] not in _first):
                return _STR  # quoted, or plain with a first character no implicit resolver starts with
            key = (value, implicit)
            tag = _tags.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_tags) < 100_000:
                    _tags[key] = tag
            return tag
        return super().resolve(kind, value, implicit)


_SCALAR, _MAPPING, _MAPPING_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent


_DUPLICATE = object()


class _Unusual(Exception):
    """Raised by the event builder for what only composing handles (aliases, complex keys, several documents)."""


FAST_LOADER = _MemoLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


class Located:
    """Parsed YAML plus the line and raw text of every node, keyed by path tuple."""

    def __init__(self, text: str):
        cached = _cache_get(text) if FAST_LOADER is not yaml.SafeLoader else None
        if cached is not None:
            self.data, self.lines, self.raw, self.duplicates = cached
            return
        try:
            self._load(FAST_LOADER, text)
        except yaml.YAMLError:
            if FAST_LOADER is yaml.SafeLoader:
                raise
            self._load(yaml.SafeLoader, text)  # the same file again, for the pure-Python loader's message
        if FAST_LOADER is not yaml.SafeLoader:
            _cache_put(text, (self.data, self.lines, self.raw, self.duplicates))

    def _load(self, loader_class, text: str) -> None:
        if loader_class is not yaml.SafeLoader:
            try:
                self._load_events(loader_class, text)
                return
            except _Unusual:
                pass  # anchors and aliases, complex keys, several documents: composed as below
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            self.lines: dict[tuple, int] = {}
            self.raw: dict[tuple, str] = {}
            self.duplicates: list[tuple[tuple, int]] = []
            self.data = self._walk(loader, node, ()) if node is not None else None
        finally:
            loader.dispose()

    def _load_events(self, loader_class, text: str) -> None:
        """The same data, lines and raw texts as `_walk` gives, built straight from libyaml's parse events,
        without composing a node tree first (about three times faster on a large catalog)."""
        loader = loader_class(text)
        self.lines, self.raw, self.duplicates = {}, {}, []
        lines, raw, duplicates, scalars = self.lines, self.raw, self.duplicates, {}
        get, resolve, scalar_node = loader.get_event, loader.resolve, yaml.ScalarNode
        log: list[tuple] = []  # (path, line, raw or None) in order, for replaying an anchored node at an alias
        anchors: dict[str, tuple] = {}

        def value_of(event, path):
            if event.anchor is not None and event.__class__ is not yaml.AliasEvent:
                start = len(log)
                value = built(event, path)
                anchors[event.anchor] = (path, value, start, len(log))
                return value
            return built(event, path)

        def built(event, path):
            cls = event.__class__
            if cls is _SCALAR:
                lines[path] = line = event.start_mark.line + 1
                raw[path] = text_value = event.value
                log.append((path, line, text_value))
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(scalar_node, text_value, event.implicit)
                if tag == _STR:
                    return text_value
                key = (tag, text_value)
                if key not in scalars:
                    scalars[key] = self._construct(loader, scalar_node(tag, text_value, event.start_mark,
                                                                       event.end_mark, event.style))
                return scalars[key]
            if cls is _MAPPING:
                lines[path] = line = event.start_mark.line + 1
                log.append((path, line, None))
                out = {}
                while True:
                    key_event = get()
                    if key_event.__class__ is not _SCALAR:
                        if key_event.__class__ is _MAPPING_END:
                            return out
                        raise _Unusual
                    key = key_event.value
                    key_path = path + (key,)
                    if key in out:
                        duplicates.append((key_path, key_event.start_mark.line + 1))
                        log.append((key_path, key_event.start_mark.line + 1, _DUPLICATE))
                    out[key] = value_of(get(), key_path)
                    lines[key_path] = line = key_event.start_mark.line + 1
                    log.append((key_path, line, None))
            if cls is _SEQUENCE:
                lines[path] = line = event.start_mark.line + 1
                log.append((path, line, None))
                out, i = [], 0
                while True:
                    item = get()
                    if item.__class__ is _SEQUENCE_END:
                        return out
                    out.append(value_of(item, path + (i,)))
                    i += 1
            if cls is yaml.AliasEvent and event.anchor in anchors:
                return replayed(anchors[event.anchor], path)
            raise _Unusual  # an alias of a node not yet complete

        def replayed(anchor, path):
            """An alias: the anchored node's data again (a copy, as composing gives) and its lines and raw texts
            again under the alias's path."""
            origin, value, start, end = anchor
            cut = len(origin)
            for old_path, line, text_value in log[start:end]:
                new_path = path + old_path[cut:]
                if text_value is _DUPLICATE:
                    duplicates.append((new_path, line))
                    continue
                lines[new_path] = line
                if text_value is not None:
                    raw[new_path] = text_value
                log.append((new_path, line, text_value))
            return copy.deepcopy(value)

        try:
            get()  # the stream starts
            first = get()
            if first.__class__ is yaml.StreamEndEvent:
                self.data = None
                return
            self.data = value_of(get(), ())
            get()  # the document ends
            if get().__class__ is not yaml.StreamEndEvent:
                raise _Unusual  # a second document: composing says so with its own message
        finally:
            loader.dispose()

    @staticmethod
    def _construct(loader, node):
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, TypeError, AttributeError) as exc:  # e.g. 2018-13-45 looks like a date but is none
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value  # left as text: the schema then says "expected a date YYYY-MM-DD"
            raise yaml.constructor.ConstructorError(None, None, f'cannot read "{node.value}" ({exc})',
                                                    node.start_mark) from None

    def _walk(self, loader, node, path):
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else loader.construct_object(key_node,
                                                                                                           deep=True)
                key = key if isinstance(key, str) else str(key)
                if key in out:
                    self.duplicates.append((path + (key,), key_node.start_mark.line + 1))
                key_path = path + (key,)
                out[key] = self._walk(loader, value_node, key_path)
                self.lines[key_path] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self._walk(loader, child, path + (i,)) for i, child in enumerate(node.value)]
        self.raw[path] = node.value
        if node.tag == _STR:
            return node.value
        return self._construct(loader, node)

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


# ---------------------------------------------------------------- the cache

BIG = 100_000  # characters: smaller files compose in milliseconds, no cache


def _cache_key(text: str) -> str:
    return cache.digest(_CODE.encode(), text.encode("utf-8"))


def _cache_get(text: str):
    return cache.get("catalog", _cache_key(text)) if len(text) >= BIG else None


def _cache_put(text: str, value) -> None:
    if len(text) >= BIG:
        cache.put("catalog", _cache_key(text), value)
