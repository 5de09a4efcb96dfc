"""YAML text to plain data plus the line (1-based) and raw text of every node, keyed by path tuple.

Composed with libyaml (`CSafeLoader`) when PyYAML has it — about ten times faster — and with the
pure-Python loader otherwise. A file libyaml refuses is read again by the pure-Python loader, so the
syntax messages (with their lines and contexts) are the same whichever composed it.
"""

from __future__ import annotations

import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Located:
    """Parsed YAML plus the line and raw text of every node, keyed by path tuple."""

    def __init__(self, text: str):
        try:
            self._load(FAST_LOADER, text)
        except yaml.YAMLError:
            if FAST_LOADER is yaml.SafeLoader:
                raise
            self._load(yaml.SafeLoader, text)  # the same file again, for the pure-Python loader's message

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
                out[key] = self._walk(loader, value_node, path + (key,))
                self.lines[path + (key,)] = key_node.start_mark.line + 1
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
