"""Forms for the facilitator's pages. They parse input; the agreements services check and decide,
and their objections come back on these forms (see `core.forms.submit`)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from taskforce.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementTemplate,
    Commitment,
    Party,
    ProtocolSubject,
)
from taskforce.agreements.selectors import AgreementFilters
from taskforce.core.forms import DateInput
from taskforce.directory.models import Organization, Person, ServiceCategory
from taskforce.governance.forms import PersonChoiceField


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organization: Organization = obj
        return organization.display_name


# --- Finding agreements --------------------------------------------------------------------------


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label="Words in the title or purpose", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Every kind"), *AgreementKind.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *AgreementStatus.choices]
    )
    organization = OrganizationChoiceField(
        label="Party", required=False, queryset=Organization.objects.none(), empty_label="Any"
    )
    due = forms.BooleanField(label="Due for renewal or review soon", required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrganizationChoiceField, self.fields["organization"]).queryset = organizations

    def filters(self) -> AgreementFilters:
        """What was asked for; a value that does not parse is left out rather than refused."""
        self.is_valid()
        kept = self.cleaned_data
        organization = kept.get("organization")
        return AgreementFilters(
            kind=kept.get("kind", ""),
            status=kept.get("status", ""),
            organization=organization.pk if organization else None,
            q=kept.get("q", "").strip(),
            due=bool(kept.get("due")),
        )


# --- Agreements ----------------------------------------------------------------------------------


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Choose the kind"), *AgreementKind.choices])
    subject = forms.ChoiceField(
        label="Subject of the protocol",
        required=False,
        choices=[("", "Not an operational protocol"), *ProtocolSubject.choices],
        help_text="Operational protocols only: what the protocol governs",
    )
    title = forms.CharField(max_length=200)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the parties make this agreement, in a few sentences",
    )
    task_force_wide = forms.BooleanField(
        label="Task-force-wide",
        required=False,
        help_text="Once in effect, every member of the task force may read it",
    )
    expires_on = forms.DateField(label="Expires on", required=False, widget=DateInput)
    review_on = forms.DateField(
        label="Review on",
        required=False,
        widget=DateInput,
        help_text="When the parties review it; on or before the expiry date",
    )

    def __init__(self, *args: Any, kind_fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind_fixed:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = "Fixed once a version has been circulated"

    @staticmethod
    def initial_for(agreement: Agreement) -> dict[str, Any]:
        return {
            "kind": agreement.kind,
            "subject": agreement.subject,
            "title": agreement.title,
            "purpose": agreement.purpose,
            "task_force_wide": agreement.task_force_wide,
            "expires_on": agreement.expires_on,
            "review_on": agreement.review_on,
        }


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        template: AgreementTemplate = obj
        return f"{template.name} ({template.get_kind_display().lower()})"


# What a chosen template fills in when left empty.
FROM_TEMPLATE = ("kind", "subject", "title", "purpose")


class StartAgreementForm(AgreementForm):
    """Starting an agreement: a template, when chosen, supplies the kind, subject, title and
    purpose left empty, and the first draft's sections and clauses."""

    template = TemplateChoiceField(
        label="Start from a template",
        required=False,
        queryset=AgreementTemplate.objects.none(),
        empty_label="No template: an empty draft",
        help_text="Its sections and clauses become the first draft; it also fills in the kind, "
        "title and purpose you leave empty",
    )
    facilitator = PersonChoiceField(
        queryset=Person.objects.none(),
        help_text="Drafts the text, invites the parties and circulates versions",
    )

    def __init__(
        self,
        *args: Any,
        templates: QuerySet[AgreementTemplate],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(TemplateChoiceField, self.fields["template"]).queryset = templates
        cast(PersonChoiceField, self.fields["facilitator"]).queryset = people
        for name in ("kind", "title", "purpose"):
            self.fields[name].required = False
        self.order_fields(["template"])

    @staticmethod
    def initial_from(template: AgreementTemplate) -> dict[str, Any]:
        return {
            "template": template.pk,
            "kind": template.kind,
            "subject": template.subject,
            "title": template.title,
            "purpose": template.purpose,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        template: AgreementTemplate | None = cleaned.get("template")
        if template is not None:
            for name in FROM_TEMPLATE:
                if not cleaned.get(name) and name not in self.errors:
                    cleaned[name] = getattr(template, name)
        for name in ("kind", "title", "purpose"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        return cleaned

    def agreement_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "template"}


class HandOverForm(forms.Form):
    successor = PersonChoiceField(
        label="New facilitator",
        queryset=Person.objects.none(),
        help_text="An active member with an account; you keep reading the agreement only as "
        "your organization's party",
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["successor"]).queryset = people


# --- Parties -------------------------------------------------------------------------------------


class PartyForm(forms.Form):
    """Inviting a party (with `organizations`) or changing one. Whether the party must sign is
    the facilitator's to decide; its own representative or signatory only names its people."""

    required = forms.BooleanField(
        label="Must sign",
        required=False,
        initial=True,
        help_text="The agreement takes effect when every party that must sign has signed",
    )
    representative = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not named yet",
        help_text="Reviews the text for the party: accepts, objects, proposes wording",
    )
    signatory = PersonChoiceField(
        label="Authorized signatory",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not named yet",
        help_text="Signs for the party; needed before the final version is circulated",
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        organizations: QuerySet[Organization] | None = None,
        decides_required: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("representative", "signatory"):
            cast(PersonChoiceField, self.fields[name]).queryset = people
        if not decides_required:
            del self.fields["required"]
        if organizations is not None:
            self.fields["organization"] = OrganizationChoiceField(
                queryset=organizations,
                empty_label="Choose an organization",
                help_text="A member organization",
            )
            self.order_fields(["organization"])

    @staticmethod
    def initial_for(party: Party) -> dict[str, Any]:
        return {
            "required": party.required,
            "representative": party.representative_id,
            "signatory": party.signatory_id,
        }

    def party_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "organization"}


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label="Withdrew on", widget=DateInput)
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the party leaves; it stays on the record",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


# --- The working draft ---------------------------------------------------------------------------


class SectionForm(forms.Form):
    heading = forms.CharField(max_length=200, help_text="e.g. “Information sharing”")


class ClauseForm(forms.Form):
    heading = forms.CharField(max_length=200, required=False, help_text="Optional")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))


class CommitmentForm(forms.Form):
    organization = OrganizationChoiceField(
        label="Party", queryset=Organization.objects.none(), empty_label="Choose the party"
    )
    description = forms.CharField(
        label="What it commits to",
        max_length=300,
        help_text="e.g. “Provides 24/7 emergency shelter for adult victims”",
    )
    service_category = forms.ModelChoiceField(
        label="Directory category",
        queryset=ServiceCategory.objects.none(),
        required=False,
        empty_label="None",
        help_text="To compare the commitment with the capacity the party lists in the directory",
    )
    quantity = forms.IntegerField(required=False, min_value=1)
    unit = forms.CharField(max_length=40, required=False, help_text="e.g. beds, investigators")
    around_the_clock = forms.BooleanField(label="Available 24/7", required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrganizationChoiceField, self.fields["organization"]).queryset = organizations
        cast(
            forms.ModelChoiceField, self.fields["service_category"]
        ).queryset = ServiceCategory.objects.order_by("sort_order", "name")

    @staticmethod
    def initial_for(commitment: Commitment) -> dict[str, Any]:
        return {
            "organization": commitment.organization_id,
            "description": commitment.description,
            "service_category": commitment.service_category_id,
            "quantity": commitment.quantity,
            "unit": commitment.unit,
            "around_the_clock": commitment.around_the_clock,
        }


# --- Versions, objections, review, templates -----------------------------------------------------


class CirculateForm(forms.Form):
    change_note = forms.CharField(
        label="What changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the parties: what this version changes and why",
    )
    final = forms.BooleanField(
        label="Final, for signature",
        required=False,
        help_text="The parties sign this text without another round of review",
    )

    def __init__(self, *args: Any, letter: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if letter:
            self.fields["final"].label = "Final, to be issued"
            self.fields[
                "final"
            ].help_text = (
                "A letter of understanding is not signed: the final text is issued to the parties"
            )


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        label="How it was resolved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. the party agreed on a call that the clause may stand",
    )

    @staticmethod
    def prefix_for(answer_pk: int) -> str:
        return f"answer-{answer_pk}"


class ReviewForm(forms.Form):
    next_review_on = forms.DateField(label="Next review on", widget=DateInput)
    note = forms.CharField(
        label="What the review concluded",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who reviewed it and what they concluded",
    )


class SaveTemplateForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="When to use it",
    )
