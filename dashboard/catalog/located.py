"""YAML text to plain data plus the line (1-based) and raw text of every node, keyed by path tuple.

Composed with libyaml (`CSafeLoader`) when PyYAML has it — about five times faster — and with the
pure-Python loader otherwise. A file libyaml refuses is read again by the pure-Python loader, so the
syntax messages (with their lines and contexts) are the same whichever composed it.

The result for a given text is kept in a cache (`$DASHBOARD_CACHE`, else ~/.cache/dashboard; a folder
only its owner may read), keyed by a hash of the text and of this module's own source, so the next
command or app start that reads the same unchanged file skips composing. A cache that cannot be read or
written is not used; nothing else changes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

import yaml

CACHE_ENV = "DASHBOARD_CACHE"
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
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            self.lines: dict[tuple, int] = {}
            self.raw: dict[tuple, str] = {}
            self.duplicates: list[tuple[tuple, int]] = []
            self.data = self._walk(loader, node, ()) if node is not None else None
        finally:
            loader.dispose()

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
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, TypeError, AttributeError) as exc:  # e.g. 2018-13-45 looks like a date but is none
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value  # left as text: the schema then says "expected a date YYYY-MM-DD"
            raise yaml.constructor.ConstructorError(None, None, f'cannot read "{node.value}" ({exc})',
                                                    node.start_mark) from None

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


# ---------------------------------------------------------------- the cache


def _cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "dashboard") / "catalog"


def _cache_file(text: str) -> Path:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16, key=_CODE.encode()).hexdigest()
    return _cache_dir() / f"{digest}.pickle"


def _cache_get(text: str):
    if len(text) < 100_000:  # small files compose in milliseconds
        return None
    try:
        path = _cache_file(text)
        if path.parent.stat().st_mode & 0o077 or path.parent.stat().st_uid != os.getuid():
            return None  # only a folder nobody else can write is trusted
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None


def _cache_put(text: str, value) -> None:
    if len(text) < 100_000:
        return
    try:
        folder = _cache_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _cache_file(text))
    except OSError:
        return
