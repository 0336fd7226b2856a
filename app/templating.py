"""Jinja set-up for speed: cheap macro imports, and memoised GOV.UK macro output.

GOV.UK Frontend's macros import other macros inside each macro body, so a question page imports a macro
module about 120 times. For each import Jinja compares the caller's globals with the template's globals
(a ``ChainMap``) one key at a time in Python, which cost about a sixth of a page's server time. The same
test done as one set operation gives the same answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask_babel.speaklater import LazyString
from jinja2 import Template
from jinja2.runtime import Context
from markupsafe import Markup


class ImportCachingTemplate(Template):
    def _get_default_module(self, ctx: Context | None = None) -> Any:
        # Jinja builds a fresh module only when the caller has globals this template lacks; otherwise it
        # returns the cached one. ``issubset`` answers that question at C speed.
        if ctx is not None and ctx.globals_keys.issubset(self.globals):
            ctx = None
        return super()._get_default_module(ctx)


class RenderCache:
    """A bounded, thread-safe memo of GOV.UK macro output, keyed by the macro and its exact parameters.

    GOV.UK macros are pure: the same parameters always give the same HTML. The page chrome (header,
    footer, banners) and every unanswered question are the same for everyone who reads a page in one
    language, yet rendering them was most of a page's server time. Only parameters holding nothing a
    person typed may be cached (the callers make sure of that), so no personal data is kept in memory.
    """

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def render(self, macro: Callable[[Any], Any], name: str, params: Any) -> Markup:
        try:
            key = (name, _frozen(params))
        except TypeError:  # something that cannot be compared safely: render it every time
            return macro(params)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit
        html: Markup = macro(params)  # Markup: the macro's template is autoescaped
        with self._lock:
            self._entries[key] = html
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._entries)


def _frozen(value: Any) -> Hashable:
    """A hashable copy that keeps apart what renders differently (Markup and text, True and 1)."""
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(v) for v in value))
    if value is None or isinstance(value, bool | int | float):
        return (type(value).__name__, value)
    if isinstance(value, LazyString):
        return str(value)  # rendering would translate it into the same, current, language
    raise TypeError(f"not cacheable: {type(value).__name__}")


render_cache = RenderCache()


def cached_macro(macro: Any, params: Any) -> Markup:
    """``{{ cached_macro(govukFooter, {...}) }}``: for page chrome whose parameters hold no personal data."""
    return render_cache.render(macro, macro.name, params)
