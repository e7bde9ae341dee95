"""Forms for the parties' pages. They parse input; the agreements services check and decide.

The fields a service validates (an objection's reason, the proposed wording, the signature's
name, title and date, the attestation) are optional here so that the service's own words, which
say what to do, are what people read.
"""

from __future__ import annotations

from typing import Any

from django import forms

from taskforce.agreements.models import ClauseResponse, ResponseKind
from taskforce.agreements.services import SIGNATURE_FIELDS
from taskforce.core.forms import DateInput

ANSWER_CHOICES = [
    (ResponseKind.ACCEPT.value, "Accept the clause as written"),
    (ResponseKind.OBJECT.value, "Object to the clause"),
    (ResponseKind.PROPOSE.value, "Propose other wording"),
]


class AnswerForm(forms.Form):
    """A party's answer to one clause. Each clause on the review page has its own form, told
    apart by a prefix naming the clause."""

    kind = forms.ChoiceField(
        label="Your answer",
        choices=ANSWER_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to object or to propose other wording: what the problem is",
    )
    proposed_text = forms.CharField(
        label="Wording you propose",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only when proposing other wording: the clause as you would have it read",
    )

    @staticmethod
    def prefix_for(clause_pk: int) -> str:
        return f"clause-{clause_pk}"

    @staticmethod
    def initial_for(answer: ClauseResponse | None) -> dict[str, Any]:
        if answer is None:
            return {}
        return {
            "kind": answer.kind,
            "reason": answer.reason,
            "proposed_text": answer.proposed_text,
        }


class SignatureForm(forms.Form):
    """The signature: typed name, title, date and the attestation of authority. The hidden
    `content_hash` carries the hash of the text the signer was shown, so a text that changed in
    the meantime is refused rather than signed unseen."""

    typed_name = forms.CharField(
        label="Your full name",
        max_length=200,
        required=False,
        help_text="Typed as your signature",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signer_title = forms.CharField(
        label="Your title",
        max_length=200,
        required=False,
        help_text="Your position in the organization, e.g. Chief of Police",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    signed_on = forms.DateField(label="Date", required=False, widget=DateInput)
    attested = forms.BooleanField(required=False, label_suffix="")
    content_hash = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organization: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "attested"
        ].label = (
            f"I confirm that I am authorized to sign this agreement on behalf of {organization}"
        )

    def signature_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in SIGNATURE_FIELDS}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why the organization will not sign",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The facilitator reads this and may offer the text as a letter of understanding",
    )
