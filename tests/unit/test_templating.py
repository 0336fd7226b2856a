"""The render cache and the import-caching template: faster, and never a different page."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment
from markupsafe import Markup

from app.templating import ImportCachingTemplate, RenderCache, _frozen


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


def _environment() -> Environment:
    env = Environment(
        autoescape=True,
        loader=DictLoader(
            {
                "lib.html": "{% macro greet() %}{{ greeting | default('hello') }}{% endmacro %}",
                "page.html": "{% from 'lib.html' import greet %}{{ greet() }}",
                "nested.html": "{% macro outer() %}{% from 'lib.html' import greet %}{{ greet() }}{% endmacro %}"
                "{{ outer() }}{{ outer() }}",
            }
        ),
    )
    env.template_class = ImportCachingTemplate
    return env


def test_imports_see_the_globals_of_the_template_that_imports_them() -> None:
    env = _environment()
    assert env.get_template("page.html").render() == "hello"
    # A template with a global of its own gets a fresh module that sees it (Jinja's own rule) …
    assert env.get_template("page.html", globals={"greeting": "shwmae"}).render() == "shwmae"
    # … and that module is not reused for a template without it.
    env2 = _environment()
    env2.get_template("page.html", globals={"greeting": "shwmae"}).render()
    assert env2.get_template("nested.html").render() == "hellohello"


def test_an_import_inside_a_macro_reuses_the_cached_module() -> None:
    env = _environment()
    lib = env.get_template("lib.html")
    env.get_template("nested.html").render()
    cached = lib.module
    env.get_template("nested.html").render()
    assert lib.module is cached
