"""Memoised GOV.UK macro output: the same parameters always give the same HTML.

Two users, neither able to put what a person typed in it: ``templates/base.html`` for the page chrome (header,
footer, banners: parameters written in the template), and forms/fields.py for a field that shows nothing a
person gave (no data, nothing sent, no error: decided by the field itself). A test types distinctive answers on
every step, errors included, and checks that none of them is ever in here (tests/integration/test_render_cache.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask_babel.speaklater import LazyString
from markupsafe import Markup


class RenderCache:
    """A bounded, thread-safe memo of GOV.UK macro output, keyed by the macro and its exact parameters.

    GOV.UK macros are pure: the same parameters always give the same HTML. The page chrome and every
    unanswered question are the same for everyone who reads a page in one language.
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
