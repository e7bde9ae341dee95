"""Agreements between member organizations: MOUs, operational protocols and letters of
understanding, their numbered text in versions, the parties and what each commits to, the
responses parties give clause by clause, and the signatures that bind a party to one exact text.

The text of an agreement lives in its versions. The facilitator edits one working draft; circulating
it freezes it: its sections, clauses and commitments can no longer change, and its text is hashed
(`agreements.text`). Every signature carries the hash of the text it signs. The rows refuse changes
to a frozen version themselves, so no page, API operation, admin screen or shell bypasses it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from taskforce.directory.models import Organization, Person, ServiceCategory

FROZEN_TEXT = "This version has been circulated and its text can no longer change."
KEPT_AGREEMENT = "An agreement that has been circulated is kept."
SIGNATURE_FIXED = "A signature cannot be changed or removed."


class AgreementKind(models.TextChoices):
    MOU = "mou", "Memorandum of understanding"
    PROTOCOL = "protocol", "Operational protocol"
    LETTER = "letter", "Letter of understanding (unsigned)"


class ProtocolSubject(models.TextChoices):
    INFORMATION_EXCHANGE = "information_exchange", "Information exchange"
    CASE_RESPONSE = "case_response", "Roles when responding to a case"
    REFERRAL_PATHWAYS = "referral_pathways", "Referral pathways"
    MEDIA_CONTACT = "media_contact", "Media contact"
    CONFLICT_RESOLUTION = "conflict_resolution", "Conflict resolution"
    CONFIDENTIALITY = "confidentiality", "Confidentiality"
    LANGUAGE_ACCESS = "language_access", "Language access"
    OTHER = "other", "Other"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    NEGOTIATING = "negotiating", "In negotiation"
    SIGNING = "signing", "Awaiting signatures"
    EFFECTIVE = "effective", "Effective"


class AgreementTemplate(models.Model):
    """A starting text: sections, clauses and the kinds of commitment parties usually make."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=AgreementKind.choices)
    subject = models.CharField(max_length=30, choices=ProtocolSubject.choices, blank=True)
    description = models.TextField(blank=True)
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    # [{"heading": str, "clauses": [{"heading": str, "text": str}]}]
    sections = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgreementQuerySet(models.QuerySet["Agreement"]):
    """Deleting in bulk keeps circulated agreements as `Agreement.delete` does."""

    def delete(self) -> Any:
        if (
            AgreementVersion.objects.filter(agreement__in=self)
            .exclude(state=VersionState.DRAFT)
            .exists()
        ):
            raise ValidationError(KEPT_AGREEMENT)
        return super().delete()


class Agreement(models.Model):
    kind = models.CharField(max_length=10, choices=AgreementKind.choices)
    subject = models.CharField(
        max_length=30,
        choices=ProtocolSubject.choices,
        blank=True,
        help_text="What an operational protocol governs",
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    task_force_wide = models.BooleanField(
        default=False,
        help_text="Once in effect, every member may read it, not only the parties' staff",
    )
    facilitator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    effective_version = models.ForeignKey(
        "AgreementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    effective_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True, help_text="When the parties review it")
    expiry_reminded_for = models.DateField(null=True, blank=True, editable=False)
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                name="agreement_effective_has_version",
                condition=Q(status=AgreementStatus.EFFECTIVE, effective_version__isnull=False)
                | ~Q(status=AgreementStatus.EFFECTIVE),
            ),
            models.CheckConstraint(
                name="agreement_only_protocols_have_subject",
                condition=Q(kind=AgreementKind.PROTOCOL) | Q(subject=""),
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="agreement_status_expiry")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_letter(self) -> bool:
        return self.kind == AgreementKind.LETTER

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.versions.exclude(state=VersionState.DRAFT).exists():
            raise ValidationError(KEPT_AGREEMENT)
        return super().delete(*args, **kwargs)


class VersionState(models.TextChoices):
    DRAFT = "draft", "Working draft"
    REVIEW = "review", "Circulated for review"
    FINAL = "final", "Final, for signature"


# What circulation fixed on a version: its text's hash, the title and purpose it carries, its place
# among the agreement's versions and the record of its circulation.
FROZEN_VERSION_FIELDS = (
    "content_hash",
    "title",
    "purpose",
    "number",
    "agreement_id",
    "change_note",
    "circulated_at",
    "circulated_by_id",
)


class AgreementVersionQuerySet(models.QuerySet["AgreementVersion"]):
    """Bulk writes follow `AgreementVersion.save` and `delete`: a circulated version may only move
    on from review to final."""

    def update(self, **kwargs: Any) -> int:
        frozen = self.exclude(state=VersionState.DRAFT)
        allowed = {"state", "finalized_at"}
        if frozen.exists() and (
            set(kwargs) - allowed or ("state" in kwargs and kwargs["state"] != VersionState.FINAL)
        ):
            raise ValidationError(FROZEN_TEXT)
        return super().update(**kwargs)

    def delete(self) -> Any:
        if self.exclude(state=VersionState.DRAFT).exists():
            raise ValidationError(FROZEN_TEXT)
        return super().delete()


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(
        max_length=10, choices=VersionState.choices, default=VersionState.DRAFT
    )
    change_note = models.TextField(blank=True, help_text="What changed since the last version")
    # Frozen with the text when circulated; the working draft reads its agreement's.
    title = models.CharField(max_length=200, blank=True)
    purpose = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementVersionQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_number_unique"),
            # At most one working draft per agreement.
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(state=VersionState.DRAFT),
                name="one_working_draft",
            ),
            models.CheckConstraint(
                name="version_frozen_has_hash",
                condition=Q(state=VersionState.DRAFT, content_hash="")
                | (~Q(state=VersionState.DRAFT) & ~Q(content_hash="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored: dict[str, Any] | None = (
                AgreementVersion.objects.filter(pk=self.pk)
                .values("state", *FROZEN_VERSION_FIELDS)
                .first()
            )
            if stored is not None and stored["state"] != VersionState.DRAFT:
                changed = any(stored[name] != getattr(self, name) for name in FROZEN_VERSION_FIELDS)
                # Review may become final; nothing goes back.
                regressed = self.state == VersionState.DRAFT or (
                    stored["state"] == VersionState.FINAL and self.state != VersionState.FINAL
                )
                if changed or regressed:
                    raise ValidationError(FROZEN_TEXT)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if AgreementVersion.objects.filter(pk=self.pk).exclude(state=VersionState.DRAFT).exists():
            raise ValidationError(FROZEN_TEXT)
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.state != VersionState.DRAFT


class VersionTextQuerySet(models.QuerySet[Any]):
    """Bulk writes to the text of a version are refused when any row they touch is frozen."""

    def _touches_frozen(self) -> bool:
        return self.exclude(version__state=VersionState.DRAFT).exists()

    def update(self, **kwargs: Any) -> int:
        if self._touches_frozen():
            raise ValidationError(FROZEN_TEXT)
        # Nor may rows be moved into a circulated version.
        target = kwargs.get("version", kwargs.get("version_id"))
        if target is not None:
            self._refuse_frozen_versions({getattr(target, "pk", target)})
        return super().update(**kwargs)

    def delete(self) -> Any:
        if self._touches_frozen():
            raise ValidationError(FROZEN_TEXT)
        return super().delete()

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        self._refuse_frozen_versions({obj.version_id for obj in objs})
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        self._refuse_frozen_versions({obj.version_id for obj in objs})
        if self.filter(pk__in=[obj.pk for obj in objs])._touches_frozen():
            raise ValidationError(FROZEN_TEXT)
        return super().bulk_update(objs, *args, **kwargs)

    def _refuse_frozen_versions(self, version_ids: set[int]) -> None:
        frozen = AgreementVersion.objects.filter(pk__in=version_ids).exclude(
            state=VersionState.DRAFT
        )
        if frozen.exists():
            raise ValidationError(FROZEN_TEXT)


class VersionText(models.Model):
    """A piece of a version's text. `key` follows the piece from version to version, so versions
    can be compared piece by piece whatever their numbering."""

    key = models.UUIDField(default=uuid.uuid4)
    order = models.PositiveIntegerField(default=1)

    objects = VersionTextQuerySet.as_manager()

    class Meta:
        abstract = True

    version_id: int

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._version_is_frozen():
            raise ValidationError(FROZEN_TEXT)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._version_is_frozen():
            raise ValidationError(FROZEN_TEXT)
        return super().delete(*args, **kwargs)

    def _version_is_frozen(self) -> bool:
        """Whether the version the row names, or the one it is stored in, has been circulated
        (an instance pointed elsewhere in memory still belongs to its stored version)."""
        versions = Q(pk=self.version_id)
        if self.pk is not None:
            versions |= Q(pk__in=type(self).objects.filter(pk=self.pk).values("version_id"))
        return AgreementVersion.objects.filter(versions).exclude(state=VersionState.DRAFT).exists()


class Section(VersionText):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=200)

    class Meta:
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"


class Clause(VersionText):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="clauses")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="clauses")
    heading = models.CharField(max_length=200, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["version", "section__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="clause_key_unique"),
        ]

    def __str__(self) -> str:
        return self.heading or self.text[:60]


class Commitment(VersionText):
    """What one party commits to, as a row the responsibility matrix can read."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="commitments"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300)
    service_category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The directory category this commitment draws on, to compare with capacity",
    )
    quantity = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. beds, investigators")
    around_the_clock = models.BooleanField(default=False, help_text="Available 24/7")

    class Meta:
        ordering = ["version", "organization__name", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="commitment_key_unique"),
        ]

    def __str__(self) -> str:
        return self.description


class PartyStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    REVIEWING = "reviewing", "Reviewing"
    OBJECTED = "objected", "Objected"
    AGREED = "agreed", "Agreed"
    SIGNED = "signed", "Signed"
    DECLINED = "declined", "Declined to sign"
    LETTER = "letter", "Issued a letter of understanding"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Parties in these states take no further part in the text: no responses, no signature.
INACTIVE_PARTY_STATUSES = (PartyStatus.DECLINED, PartyStatus.LETTER, PartyStatus.WITHDRAWN)


class Party(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agreement_parties"
    )
    required = models.BooleanField(
        default=True, help_text="The agreement takes effect when every required party has signed"
    )
    representative = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Reviews the text for the party: accepts, objects, proposes wording",
    )
    signatory = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Authorized to sign for the party",
    )
    status = models.CharField(
        max_length=10, choices=PartyStatus.choices, default=PartyStatus.INVITED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.TextField(blank=True)
    letter_version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    letter_issued_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "organization__name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="party_once_per_agreement"
            ),
            models.CheckConstraint(
                name="party_withdrawal_recorded",
                condition=Q(status=PartyStatus.WITHDRAWN, withdrawn_on__isnull=False)
                | ~Q(status=PartyStatus.WITHDRAWN),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def is_active(self) -> bool:
        return self.status not in INACTIVE_PARTY_STATUSES


class ResponseKind(models.TextChoices):
    ACCEPT = "accept", "Accepts"
    OBJECT = "object", "Objects"
    PROPOSE = "propose", "Proposes other wording"


class ObjectionState(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    SUPERSEDED = "superseded", "Answered by a later version"


class ClauseResponse(models.Model):
    """One party's answer to one clause of one circulated version; the party may change it while
    the version is under review."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="responses"
    )
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="responses")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=10, choices=ResponseKind.choices)
    reason = models.TextField(blank=True)
    proposed_text = models.TextField(blank=True)
    state = models.CharField(
        max_length=10, choices=ObjectionState.choices, default=ObjectionState.OPEN
    )
    resolution = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["clause__section__order", "clause__order", "party__organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "party"], name="one_response_per_clause"),
            models.CheckConstraint(
                name="objection_has_reason",
                condition=Q(kind="accept") | ~Q(reason=""),
            ),
            models.CheckConstraint(
                name="proposal_has_text",
                condition=~Q(kind="propose") | ~Q(proposed_text=""),
            ),
        ]
        indexes = [models.Index(fields=["version", "state"], name="response_version_state")]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_kind_display()}"

    @property
    def is_objection(self) -> bool:
        return self.kind != ResponseKind.ACCEPT


class SignatureQuerySet(models.QuerySet["Signature"]):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(SIGNATURE_FIXED)

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(SIGNATURE_FIXED)

    def delete(self) -> Any:
        raise ValidationError(SIGNATURE_FIXED)


class Signature(models.Model):
    """A party's signature on one exact text: the version's hash at the moment of signing.

    Signatures are written once: the row refuses to change or to be deleted."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    typed_name = models.CharField(max_length=200)
    signer_title = models.CharField(max_length=200)
    signed_on = models.DateField()
    attested_authority = models.BooleanField()
    content_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["version", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_signature_per_party"),
            models.CheckConstraint(name="signature_attested", condition=Q(attested_authority=True)),
        ]

    def __str__(self) -> str:
        return f"{self.typed_name} for {self.party}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise ValidationError("A signature cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError("A signature cannot be removed.")
