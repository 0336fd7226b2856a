"""The page-chrome render cache: faster, and never a different page."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from app.rendering import RenderCache, _frozen


class CountingMacro:
    name = "demo"

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, params: Any) -> str:
        self.calls += 1
        return f"<p>{params}</p>"


def test_markup_and_text_are_different_keys() -> None:
    # A Markup "text" renders unescaped, a plain one escaped: they must never share a cache entry.
    assert _frozen({"text": Markup("<b>")}) != _frozen({"text": "<b>"})


def test_true_and_one_are_different_keys() -> None:
    assert _frozen({"checked": True}) != _frozen({"checked": 1})


def test_key_ignores_dict_order_but_not_list_order() -> None:
    assert _frozen({"a": 1, "b": 2}) == _frozen({"b": 2, "a": 1})
    assert _frozen({"items": [1, 2]}) != _frozen({"items": [2, 1]})


def test_same_parameters_render_once() -> None:
    cache, macro = RenderCache(), CountingMacro()
    first = cache.render(macro, macro.name, {"text": "Hello"})
    second = cache.render(macro, macro.name, {"text": "Hello"})
    assert first == second == Markup("<p>{'text': 'Hello'}</p>")
    assert macro.calls == 1
    cache.render(macro, macro.name, {"text": "Goodbye"})
    assert macro.calls == 2


def test_cache_keeps_only_the_most_recent_entries() -> None:
    cache, macro = RenderCache(size=2), CountingMacro()
    for text in ("a", "b", "c"):
        cache.render(macro, macro.name, {"text": text})
    assert len(cache) == 2
    cache.render(macro, macro.name, {"text": "a"})  # evicted first, so rendered again
    assert macro.calls == 4


def test_parameters_it_cannot_compare_are_rendered_every_time() -> None:
    cache, macro = RenderCache(), CountingMacro()
    odd = {"value": object()}
    cache.render(macro, macro.name, odd)
    cache.render(macro, macro.name, odd)
    assert macro.calls == 2
    assert len(cache) == 0
