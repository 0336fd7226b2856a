"""The "Upload documents (optional)" page: one file at a time with what it is and a short description, and a
Remove button for each file already uploaded. The refusal messages follow GOV.UK's file upload component."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import Field, HiddenField
from wtforms.validators import InputRequired, Length, Regexp

from forms.base import JourneyForm
from forms.common import as_choices, radios, text

DESCRIPTION_MAX = 200
KIND_CHOICES = [
    ("decision_letter", _l("The police's letter telling you about the decision")),
    ("other", _l("Another document or photo")),
]
PERMISSION_CHOICE = ("permission", _l("The victim's written permission for you to act for them"))


class FileUploadInput(GovFileInput):
    """GOV.UK's file upload, with its visually hidden "Error:" in the page's language. A plain file input:
    it works without JavaScript."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        if params.get("errorMessage"):
            params["errorMessage"]["visuallyHiddenText"] = gettext("Error")
        return params


class UploadForm(JourneyForm):
    document = FileField(
        _l("Upload a file"),
        validators=[FileRequired(message=_l("Select a file"))],
        widget=FileUploadInput(),  # its hint names the size limit: set by the view from the settings
    )
    kind = radios(
        _l("What is this file?"),
        KIND_CHOICES,
        required=_l("Select what the file is"),
    )
    description = text(
        _l("Describe the file"),
        required=_l("Enter a short description of the file"),
        max_length=DESCRIPTION_MAX,
        hint=_l("For example, letter from the police dated 3 March 2026, or photo of the damage to the door"),
    )

    def __init__(self, *args: Any, representative: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only someone acting for the victim has the victim's written permission to send.
        self.kind.choices = as_choices([PERMISSION_CHOICE, *KIND_CHOICES] if representative else KIND_CHOICES)


class ContinueForm(FlaskForm):
    """The documents page's "Continue": the CSRF token only (it carries no answer to guard; the upload form on
    the same page has the form guards, and two sets would repeat their ids)."""


class RemoveForm(FlaskForm):
    """One Remove button: the file's id and the CSRF token, nothing else."""

    upload_id = HiddenField(validators=[InputRequired(), Length(max=32), Regexp(r"^[0-9a-f]{32}$")])


def megabytes(size: int) -> str:
    from app.languages import format_locale

    return format_decimal(round(size / (1024 * 1024), 1), locale=format_locale())


def document_hint(max_file: int) -> str:
    return gettext(
        "A PDF, JPG, PNG, HEIC, Word (DOCX) or text (TXT) file, smaller than %(size)s MB", size=megabytes(max_file)
    )


def refusal(reason: str, max_file: int, max_files: int, max_total: int) -> str:
    """The message for a refused file (``app.uploads.content.Refused.reason``), in the page's language."""
    messages = {
        "empty": lambda: gettext("The selected file is empty"),
        "too_big": lambda: gettext("The selected file must be smaller than %(size)s MB", size=megabytes(max_file)),
        "type": lambda: gettext("The selected file must be a PDF, JPG, PNG, HEIC, Word (DOCX) or text (TXT) file"),
        "unreadable": lambda: gettext("The selected file could not be opened – check it is not damaged and try again"),
        "virus": lambda: gettext("The selected file contains a virus"),
        "scanner": lambda: gettext(
            "The selected file could not be checked for viruses – try again later, or send it to the police by email"
        ),
        "pdf_script": lambda: gettext(
            "The selected PDF contains JavaScript, which could be harmful – save it as a new PDF without it "
            "(for example, print it to PDF) and upload that"
        ),
        "pdf_embedded": lambda: gettext(
            "The selected PDF has other files attached inside it – upload each of those files on its own, and "
            "the PDF saved again without them"
        ),
        "pdf_password": lambda: gettext(
            "The selected file is protected with a password – save it without the password and upload it again"
        ),
        "macros": lambda: gettext(
            "The selected file contains macros – save it as a Word document (DOCX) or PDF without macros and "
            "upload that"
        ),
        "too_many": lambda: gettext(
            "You can upload up to %(count)s files – remove a file before you upload another", count=max_files
        ),
        "total_too_big": lambda: gettext(
            "Your files must be %(size)s MB or smaller in total – remove a file, or send this one to the police "
            "by email",
            size=megabytes(max_total),
        ),
    }
    return messages[reason]()


def type_name(media_type: str) -> str:
    """How check your answers, the PDFs and this page name a stored file's type."""
    names = {
        "application/pdf": lambda: gettext("PDF"),
        "image/jpeg": lambda: gettext("JPG image"),
        "image/png": lambda: gettext("PNG image"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": lambda: gettext("Word document"),
        "text/plain": lambda: gettext("Text file"),
    }
    return names[media_type]() if media_type in names else media_type


def size_text(size: int) -> str:
    """1.2 MB, or 340 KB, in the reader's language."""
    from app.languages import format_locale

    if size >= 1024 * 1024:
        return gettext("%(size)s MB", size=megabytes(size))
    return gettext("%(size)s KB", size=format_decimal(max(1, round(size / 1024)), locale=format_locale()))
