"""Fields and thin widget adapters on top of govuk-frontend-wtf.

The adapters exist where govuk-frontend-wtf's markup is not right for us: the date input's labels are
hard-coded in English, and its error summary link must point at the day box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from babel.lists import format_list
from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from markupsafe import Markup
from wtforms import Field, Form, StringField, TextAreaField, ValidationError
from wtforms.fields import DateField

from app.rendering import render_cache


def ascii_digits(text: str) -> str:
    """Turn any Unicode decimal digit (Eastern Arabic ٣, Extended Arabic-Indic ۳, Bengali ৩ …) into 0-9."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


# govuk-frontend-wtf's one-line wrapper templates, and the GOV.UK macro each of them calls.
_MACROS = {
    f"govuk_frontend_wtf/{template}.html": (f"govuk_frontend_jinja/components/{component}/macro.html", macro)
    for template, component, macro in (
        ("input", "input", "govukInput"),
        ("date", "date-input", "govukDateInput"),
        ("radios", "radios", "govukRadios"),
        ("checkboxes", "checkboxes", "govukCheckboxes"),
        ("charactercount", "character-count", "govukCharacterCount"),
        ("select", "select", "govukSelect"),
    )
}


class PristineParams(dict[str, Any]):
    """Parameters of a field that shows nothing a person gave: the same HTML for everyone in one language."""


def shows_nothing_given(field: Field) -> bool:
    return not field.errors and not field.raw_data and field.data in (None, "", False)


class TranslatedErrorPrefix:
    """GOV.UK error messages start with a visually hidden "Error:"; say it in the page's language.

    Also renders the widget by calling its GOV.UK macro directly (public Jinja: a template's module and its
    macro). govuk-frontend-wtf calls Flask's ``render_template`` for every field, which runs every context
    processor and builds a new template context each time: about a third of a question page's server time.
    A field that shows nothing a person gave (decided here, from the field itself, not by any caller) renders
    the same for everyone in one language, so its HTML comes from the render cache (app/rendering.py).
    """

    template: str

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        if params.get("errorMessage"):
            params["errorMessage"]["visuallyHiddenText"] = gettext("Error")
        return PristineParams(params) if shows_nothing_given(field) else params

    def render(self, params: dict[str, Any]) -> Markup:
        path, name = _MACROS[self.template]
        macro = getattr(current_app.jinja_env.get_template(path).module, name)
        if isinstance(params, PristineParams):
            return render_cache.render(macro, name, params)
        html: Markup = macro(params)  # Markup: the macro's template is autoescaped
        return html


class TextInput(TranslatedErrorPrefix, GovTextInput):
    pass


class AnswerNamed:
    """A field that knows its short name: "Title" where its label says "Title (optional)".

    Check your answers and the PDF copies use it as the row's key; error messages name the field with it too.
    """

    def __init__(self, *args: Any, answer_name: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer_name = answer_name


class NamedStringField(AnswerNamed, StringField):
    pass


class NamedTextAreaField(AnswerNamed, TextAreaField):
    pass


DATE_PARTS = ("day", "month", "year")
ERROR_CLASS = "govuk-input--error"


class LocalisedDateInput(TranslatedErrorPrefix, GovDateInput):
    """GOV.UK date input with translated Day/Month/Year labels and optional autocomplete tokens.

    Only the boxes in error get the error class (GOV.UK: "highlight the day, month or year field where the
    information is missing or incomplete"); the whole date when the problem is with the date as a whole.
    """

    def __init__(self, autocomplete: str | None = None) -> None:
        self.autocomplete = autocomplete

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        labels = (_l("Day"), _l("Month"), _l("Year"))
        in_error = (getattr(field, "error_parts", ()) or DATE_PARTS) if field.errors else ()
        for item, label, part in zip(params["items"], labels, DATE_PARTS, strict=True):
            item["label"] = str(label)
            item["inputmode"] = "numeric"
            classes = [c for c in item.get("classes", "").split() if c != ERROR_CLASS]
            item["classes"] = " ".join([*classes, ERROR_CLASS] if part in in_error else classes)
            if self.autocomplete:
                item["autocomplete"] = f"{self.autocomplete}-{part}"
        return params


class GovukDateField(AnswerNamed, DateField):
    """Three boxes (day, month, year), with GOV.UK's specific error messages.

    Every problem is named in one message ("The month must be between 1 and 12 and the year must include
    4 numbers"), and ``error_parts`` says which boxes it is about (empty: the date as a whole).
    ``error_href`` points the error summary at the first box in error.
    """

    widget = LocalisedDateInput()

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        *,
        what: Any,
        autocomplete: str | None = None,
        not_in_future: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, format="%d %m %Y", **kwargs)
        self.what = what  # e.g. "the date you were told about the decision"
        self.not_in_future = not_in_future
        self.error_parts: tuple[str, ...] = ()
        if autocomplete:
            self.widget = LocalisedDateInput(autocomplete)

    @property
    def error_href(self) -> str:
        first = self.error_parts[0] if self.errors and self.error_parts else "day"
        return f"#{self.name}-{first}"

    def process_formdata(self, valuelist: list[str]) -> None:
        # Always three parts, whatever was sent (a missing field, or extra values from a bot).
        parts = [ascii_digits(v).strip() for v in [*valuelist[:3], "", "", ""][:3]]
        self.raw_data = parts
        self.data = None
        self.error_parts = ()
        if not any(parts):
            return
        given = dict(zip(DATE_PARTS, parts, strict=True))
        missing = [part for part in DATE_PARTS if not given[part]]
        wrong = [part for part in DATE_PARTS if given[part] and not _plausible(part, given[part])]
        if missing or wrong:
            problems = [_PART_PROBLEMS[part] for part in wrong]
            if missing:  # "the date of birth must include a day and month"
                what_is_missing = _listed(map(_part, missing))
                problems.insert(0, _l("%(what)s must include a %(part)s", what=self.what, part=what_is_missing))
            self.error_parts = tuple(part for part in DATE_PARTS if part in missing or part in wrong)
            raise ValueError(sentence(_listed(problems)))
        try:
            self.data = date(int(given["year"]), int(given["month"]), int(given["day"]))
        except ValueError as exc:  # each part is possible, the date is not (31 April): the date as a whole
            raise ValueError(sentence(_l("%(what)s must be a real date", what=self.what))) from exc

    def post_validate(self, form: Form, validation_stopped: bool) -> None:
        from app.clock import today

        if self.data and self.not_in_future and self.data > today() and not self.errors:
            self.errors.append(sentence(_l("%(what)s must be today or in the past", what=self.what)))


_PART_PROBLEMS = {
    "day": _l("the day must be between 1 and 31"),
    "month": _l("the month must be between 1 and 12"),
    "year": _l("the year must include 4 numbers"),
}


def _plausible(part: str, value: str) -> bool:
    """A day 1 to 31, a month 1 to 12, a year of 4 numbers (any digits: ``ascii_digits`` made them 0-9)."""
    if not (value.isascii() and value.isdigit()):
        return False
    if part == "year":
        return len(value) == 4
    return 1 <= int(value) <= (31 if part == "day" else 12)


def _listed(items: Iterable[Any]) -> str:
    """ "a and b", "a, b and c" in the page's language (CLDR list patterns)."""
    from app.languages import format_locale

    return format_list([str(item) for item in items], locale=format_locale())


def sentence(message: Any) -> str:
    """A message that may start with a placeholder ("the date …"): capitalise it once it is translated."""
    text = str(message)
    return text[:1].upper() + text[1:]


def _part(name: str) -> str:
    return str({"day": _l("day"), "month": _l("month"), "year": _l("year")}[name])


class RequiredDate:
    """Date is required: ``Enter <what>``."""

    def __call__(self, form: Form, field: GovukDateField) -> None:
        if field.data is None and not field.errors and not any(field.raw_data or []):
            raise ValidationError(_l("Enter %(what)s", what=field.what))


class CharacterCount(TranslatedErrorPrefix, GovCharacterCount):
    """GOV.UK character count with its limit taken from the field (works without JavaScript too)."""

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        params.setdefault("maxlength", self.max_length)
        # GOV.UK's own placeholder is %{count}; these strings are never %-formatted in Python.
        params.setdefault("textareaDescriptionText", gettext("You can enter up to %{count} characters"))
        params.setdefault(
            "charactersUnderLimitText",
            {
                "one": gettext("You have %{count} character remaining"),
                "other": gettext("You have %{count} characters remaining"),
            },
        )
        params.setdefault("charactersAtLimitText", gettext("You have 0 characters remaining"))
        params.setdefault(
            "charactersOverLimitText",
            {
                "one": gettext("You have %{count} character too many"),
                "other": gettext("You have %{count} characters too many"),
            },
        )
        params.setdefault("rows", 8 if self.max_length > 2000 else 5)
        return params


def _drop_empty_hint(params: dict[str, Any]) -> dict[str, Any]:
    """govuk-frontend-wtf always sends a hint for radios and checkboxes; an empty one renders an empty
    element that ``aria-describedby`` points at. Drop it."""
    hint = params.get("hint")
    if hint is not None and not (hint.get("text") or hint.get("html")):
        params.pop("hint")
    return params


class RadioInput(TranslatedErrorPrefix, GovRadioInput):
    """GOV.UK radios; ``divider_before`` puts the pattern's "or" before an answer such as "I'm not sure"."""

    def __init__(self, divider_before: str | None = None) -> None:
        super().__init__()
        self.divider_before = divider_before

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params = _drop_empty_hint(super().map_gov_params(field, **kwargs))
        items = params.get("items") or []
        for index, item in enumerate(items):
            if self.divider_before is not None and item.get("value") == self.divider_before:
                params["items"] = [*items[:index], {"divider": gettext("or")}, *items[index:]]
                break
        return params


class CheckboxInput(TranslatedErrorPrefix, GovCheckboxInput):
    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        return _drop_empty_hint(super().map_gov_params(field, **kwargs))


class SelectInput(TranslatedErrorPrefix, GovSelect):
    pass
