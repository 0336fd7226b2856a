"""Dataclasses of answers to and from JSON-ready mappings: dates as ISO strings, unknown keys ignored."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any, TypeVar, cast

T = TypeVar("T")


@cache
def _date_fields(cls: Any) -> frozenset[str]:
    hints = typing.get_type_hints(cls)
    return frozenset(name for name, hint in hints.items() if date in typing.get_args(hint) or hint is date)


def to_mapping(answers: Any) -> dict[str, Any]:
    """Every field, dates as ISO strings (the shape stored in drafts and requests)."""
    return {
        field.name: value.isoformat() if isinstance(value, date) else value
        for field in dataclasses.fields(answers)
        for value in (getattr(answers, field.name),)
    }


def from_mapping(cls: type[T], data: Mapping[str, Any]) -> T:
    """``cls`` from a stored mapping. A key the class does not have (a field since removed) is ignored; a date
    that does not parse is None, as if it had not been answered."""
    dates = _date_fields(cast(Any, cls))
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name not in data:
            continue
        value = data[field.name]
        if field.name in dates and isinstance(value, str):
            value = _date_or_none(value)
        values[field.name] = value
    return cls(**values)


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
