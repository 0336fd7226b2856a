"""One form per eligibility question. Each has a single field named after the question id."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import Optional

from forms.base import JourneyForm
from forms.common import radios, too_long
from forms.fields import CharacterCount, GovukDateField, RadioInput, RequiredDate
from forms.validators import NoControlCharacters, Required, strip_multiline


class QuestionForm(JourneyForm):
    """Base: ``question`` is the field name; ``hints`` are per-choice hint texts.

    A question about the victim is worded for a representative, who is not the victim
    (``representative_wording``: the heading, and how error messages name the answer).
    """

    question: ClassVar[str]
    heading: Any  # the class wording; an instance holds the wording for the person asked
    hints: ClassVar[dict[str, Any]] = {}
    representative_wording: ClassVar[tuple[Any, Any] | None] = None

    def __init__(self, *args: Any, who: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heading = self.heading_for(who)
        field = self[self.question]
        field.label.text = self.heading
        if who == "representative" and self.representative_wording:
            field.what = self.representative_wording[1]

    @classmethod
    def heading_for(cls, who: str | None) -> Any:
        """The question as this person is asked it (check answers and the PDFs use the same words)."""
        if who == "representative" and cls.representative_wording:
            return cls.representative_wording[0]
        return cls.heading


def _follow_up(field: Any) -> RadioField:
    """A follow-up question revealed under one answer (GOV.UK conditional reveal). Optional here: if it is
    left unanswered, its own page asks it next, so the journey works the same with or without JavaScript."""
    return RadioField(
        field.args[0],
        choices=field.kwargs["choices"],
        validators=[Optional()],
        widget=RadioInput(),
        description=field.kwargs.get("description", ""),
    )


class WhoForm(QuestionForm):
    question = "who"
    heading = _l("Who is asking for the review?")
    hints: ClassVar[dict[str, Any]] = {
        "victim": _l("The crime happened to you."),
        "bereaved": _l("For example, their husband, wife, partner, parent, child or sibling."),
        "parent": _l("The victim is under 18."),
        "spokesperson": _l("The victim has a disability, or is so badly hurt that they cannot communicate."),
        "officer": _l("You are a police officer and the crime happened to you."),
        "business": _l("The business was the victim and you are its named contact."),
        "representative": _l(
            "For example, a solicitor, an MP, a relative or a friend. You will need the victim's written permission."
        ),
        "group": _l("For example, a campaign group that wants cases in its area of interest reviewed."),
    }
    who = radios(
        heading,
        [
            ("victim", _l("I am the victim")),
            ("bereaved", _l("I am a close relative of someone who died because of the crime")),
            ("parent", _l("I am the parent or guardian of the victim")),
            ("spokesperson", _l("I speak for the family of the victim")),
            ("officer", _l("I am a police officer who was the victim")),
            ("business", _l("I am asking for a business that was the victim")),
            ("representative", _l("I am acting for the victim with their permission")),
            ("group", _l("I am asking for a group or organisation")),
        ],
        _l("Select who is asking for the review"),
    )


class RepresentativeTypeForm(QuestionForm):
    question = "representative_type"
    heading = _l("How are you acting for the victim?")
    representative_type = radios(
        heading,
        [
            ("solicitor", _l("I am their solicitor or legal representative")),
            ("mp", _l("I am their MP, or work for their MP")),
            ("relative_friend", _l("I am a relative or friend")),
            ("other", _l("Something else")),
        ],
        _l("Select how you are acting for the victim"),
    )


class SuspectInterviewedForm(QuestionForm):
    question = "suspect_interviewed"
    heading = _l("Did the police identify a suspect and interview them under caution?")
    suspect_interviewed = radios(
        heading,
        [("yes", _l("Yes")), ("no", _l("No")), ("not_sure", _l("I'm not sure"))],
        _l("Select if the police interviewed a suspect under caution"),
        hint=_l(
            "An interview under caution is when the police formally question a suspect about the crime, after "
            "arresting them or by arrangement. Being asked a few questions, for example during a stop and "
            "search, does not count."
        ),
    )


class DecisionForm(QuestionForm):
    question = "decision"
    heading = _l("What did the police decide?")
    hints: ClassVar[dict[str, Any]] = {
        "no_charge": _l(
            "The police had the power to charge but decided not to. This is sometimes called 'no further action'."
        ),
        "not_referred": _l("The police decided the case was not strong enough to ask the CPS to decide on a charge."),
        "cps": _l("A prosecutor from the CPS made the decision not to charge."),
        "out_of_court": _l("For example, a caution, a conditional caution or a community resolution."),
        "other": _l("The police will check what was decided."),
    }
    decision = radios(
        heading,
        [
            ("no_charge", _l("They decided not to charge the suspect")),
            ("not_referred", _l("They decided not to send the case to the Crown Prosecution Service (CPS)")),
            ("cps", _l("The Crown Prosecution Service (CPS) decided not to charge")),
            ("partial_charge", _l("Some suspects or some crimes were charged, but not all")),
            ("different_offence", _l("The suspect was charged with a different crime from the one recorded")),
            ("out_of_court", _l("The suspect was dealt with outside court")),
            ("withdrew", _l("The case was closed because the victim withdrew or did not support it")),
            ("not_recorded", _l("They did not record a crime")),
            ("stopped_investigation", _l("They stopped investigating before deciding whether to charge")),
            ("other", _l("Something else")),
            ("not_sure", _l("I'm not sure")),
        ],
        _l("Select what the police decided"),
        divider_before="not_sure",
    )


class WithdrawalReinstatedForm(QuestionForm):
    question = "withdrawal_reinstated"
    heading = _l("Did the victim later say they wanted the case to go ahead?")
    withdrawal_reinstated = radios(
        heading,
        [("yes", _l("Yes")), ("no", _l("No")), ("not_sure", _l("I'm not sure"))],
        _l("Select if the victim later said they wanted the case to go ahead"),
        hint=_l(
            "For example, the victim withdrew their complaint but then told the police they supported the case "
            "again before the decision was made."
        ),
    )


class DecidedBefore2015Form(QuestionForm):
    question = "decided_before_2015"
    heading = _l("Was the decision made before 1 April 2015?")
    decided_before_2015 = radios(
        heading,
        [("yes", _l("Yes")), ("no", _l("No")), ("not_sure", _l("I'm not sure"))],
        _l("Select if the decision was made before 1 April 2015"),
    )


class ChildSexualAbuseForm(QuestionForm):
    question = "child_sexual_abuse"
    heading = _l("Is the case about child sexual abuse?")
    child_sexual_abuse = radios(
        heading,
        [("yes", _l("Yes")), ("no", _l("No"))],
        _l("Select if the case is about child sexual abuse"),
        hint=_l("This includes abuse that happened when the victim was a child, even if they are now an adult."),
    )


class ToldDateForm(QuestionForm):
    question = "told_date"
    heading = _l("When were you told about the decision?")
    representative_wording = (
        _l("When was the victim told about the decision?"),
        _l("the date the victim was told about the decision"),
    )
    told_date = GovukDateField(
        heading,
        [RequiredDate()],
        what=_l("the date you were told about the decision"),
        description=_l("For example, 27 3 2026. If you do not know the exact day, enter your best guess."),
    )


class LateReasonForm(QuestionForm):
    question = "late_reason"
    heading = _l("Why are you asking now?")
    error_name = _l("Why you are asking now")  # how error messages name the answer
    late_reason = TextAreaField(
        heading,
        [
            Required(_l("Enter why you are asking for a review now")),
            too_long(error_name, 2000),
            NoControlCharacters(allow_newlines=True, name=error_name),
        ],
        filters=[strip_multiline],
        widget=CharacterCount(2000),
        description=_l(
            "For example, you were unwell, you did not know about the scheme, or you were waiting for advice."
        ),
    )


# Each follow-up in FOLLOW_UPS is also asked in place, on the page of the question that leads to it.
WhoForm.representative_type = _follow_up(RepresentativeTypeForm.representative_type)
DecisionForm.withdrawal_reinstated = _follow_up(WithdrawalReinstatedForm.withdrawal_reinstated)
DecidedBefore2015Form.child_sexual_abuse = _follow_up(ChildSexualAbuseForm.child_sexual_abuse)

QUESTION_FORMS: dict[str, type[QuestionForm]] = {
    form.question: form
    for form in (
        WhoForm,
        RepresentativeTypeForm,
        SuspectInterviewedForm,
        DecisionForm,
        WithdrawalReinstatedForm,
        DecidedBefore2015Form,
        ChildSexualAbuseForm,
        ToldDateForm,
        LateReasonForm,
    )
}
