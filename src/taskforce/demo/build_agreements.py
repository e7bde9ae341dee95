"""Build the demo's agreement templates and the agreements its members have made.

Every agreement goes through the agreements services, acting as the person who would do it: the
facilitator starts it, invites the parties, circulates and revises it; each party's representative
answers clause by clause; its authorized signatory signs or declines. Signing checks the text
against its hash exactly as it does for real users.

Acting for a party needs an account, and in the directory only a few demo people have one. The
people the agreements name as representatives or signatories get a member account here, opened as
an administrator would (recorded, and linked to their directory entry by the directory's own
receiver). They are not printed with the demo's logins and have no usable password: they exist so
that what each organization did is done by one of its own people.

The templates are the demo's own texts (`agreements_data`); no service writes a template from
scratch (one is saved from a circulated version), so they are loaded like the directory, with their
creation recorded.

The services date each step the day it is taken, and unlike a decision's, an agreement's history
cannot be moved back afterwards: a circulated version refuses any change but its move to final, and
a signature refuses every change. So the whole history happens on the day the demo is built: the
versions are circulated, answered and signed that day, and a signature cannot be dated before its
version was final. The dates that look ahead (expiry, review) are set through the services' data.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from taskforce.accounts.models import Role, User
from taskforce.accounts.signals import account_created
from taskforce.agreements import services
from taskforce.agreements.models import (
    Agreement,
    AgreementTemplate,
    AgreementVersion,
    Clause,
    Party,
    Signature,
)
from taskforce.core import audit
from taskforce.demo import agreements_data as spec
from taskforce.demo import data
from taskforce.directory.models import Organization, Person, ServiceCategory


@dataclass(frozen=True)
class AgreementCounts:
    templates: int
    agreements: int
    accounts: int
    signatures: int


def _acting_people(agreement: spec.AgreementSpec) -> set[str]:
    keys = {agreement.facilitator}
    for party in agreement.parties:
        keys.update(key for key in (party.representative, party.signatory) if key)
    return keys


class _AgreementBuilder:
    def __init__(self, people: Mapping[str, Person], today: datetime.date) -> None:
        self.people = people
        self.today = today
        self.organizations = {
            org.key: Organization.objects.get(name=org.name) for org in data.ORGANIZATIONS
        }
        self.categories = {category.code: category for category in ServiceCategory.objects.all()}
        self.admin = self.user("administrator")
        self.templates: dict[str, AgreementTemplate] = {}
        self.accounts = 0

    # People ------------------------------------------------------------------------------------

    def person(self, key: str) -> Person:
        # Fresh from the database: accounts are linked after the directory was loaded.
        return Person.objects.select_related("user").get(pk=self.people[key].pk)

    def user(self, key: str) -> User:
        user = self.person(key).user
        if user is None:
            raise RuntimeError(f"{key} has no account in the demo.")
        return user

    def open_accounts(self) -> None:
        """A member account for everyone the agreements name who has none yet."""
        keys = set().union(*(_acting_people(agreement) for agreement in spec.all_agreements()))
        for key in sorted(keys):
            person = self.person(key)
            if person.user is not None:
                continue
            account = User(
                username=key,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                role=Role.MEMBER,
            )
            account.set_unusable_password()
            account.full_clean()
            account.save()
            audit.record(
                self.admin,
                "accounts.user.created",
                account,
                changes={
                    "username": account.username,
                    "email": account.email,
                    "role": account.role,
                    "via": "demo",
                },
            )
            account_created.send(sender=User, actor=self.admin, user=account, request=None)
            if self.person(key).user_id != account.pk:
                raise RuntimeError(f"The account for {person} was not linked to the directory.")
            self.accounts += 1

    # Templates ---------------------------------------------------------------------------------

    def load_templates(self) -> None:
        for template_spec in spec.TEMPLATES:
            template = AgreementTemplate(
                name=template_spec.name,
                kind=template_spec.kind,
                subject=template_spec.subject,
                description=template_spec.description,
                title=template_spec.title,
                purpose=template_spec.purpose,
                sections=template_spec.sections_data(),
            )
            template.full_clean()
            template.save()
            audit.record(
                self.admin,
                "agreements.template.created",
                template,
                changes={
                    "name": {"to": template.name},
                    "clauses": {"to": template_spec.clause_count()},
                },
            )
            self.templates[template.name] = template

    # The steps of an agreement -----------------------------------------------------------------

    def facilitator(self, agreement_spec: spec.AgreementSpec) -> User:
        return self.user(agreement_spec.facilitator)

    def party(self, agreement: Agreement, organization: str) -> Party:
        return Party.objects.select_related("agreement").get(
            agreement=agreement, organization=self.organizations[organization]
        )

    def party_spec(self, agreement_spec: spec.AgreementSpec, organization: str) -> spec.PartySpec:
        return next(p for p in agreement_spec.parties if p.organization == organization)

    def start(self, agreement_spec: spec.AgreementSpec) -> Agreement:
        """The agreement, its first draft's text, its parties and their commitments."""
        facilitator = self.facilitator(agreement_spec)
        template = agreement_spec.template
        agreement = services.create_agreement(
            facilitator,
            {
                "kind": agreement_spec.kind,
                "subject": agreement_spec.subject,
                "title": agreement_spec.title,
                "purpose": agreement_spec.purpose,
                "task_force_wide": agreement_spec.task_force_wide,
                "facilitator": self.person(agreement_spec.facilitator),
                "expires_on": self.day_in(agreement_spec.expires_in_days),
                "review_on": self.day_in(agreement_spec.review_in_days),
            },
            template=self.templates[template.name] if template else None,
        )
        draft = services.working_draft(agreement)
        assert draft is not None  # a new agreement starts with its draft
        for section_spec in agreement_spec.sections:
            section = services.add_section(facilitator, draft, section_spec.heading)
            for clause in section_spec.clauses:
                services.add_clause(
                    facilitator, section, {"heading": clause.heading, "text": clause.text}
                )
        for party in agreement_spec.parties:
            services.add_party(
                facilitator,
                agreement,
                self.organizations[party.organization],
                {
                    "required": party.required,
                    "representative": self.maybe_person(party.representative),
                    "signatory": self.maybe_person(party.signer),
                },
            )
        for commitment in agreement_spec.commitments:
            services.add_commitment(
                facilitator,
                draft,
                {
                    "organization": self.organizations[commitment.organization],
                    "description": commitment.description,
                    "service_category": self.categories[commitment.category]
                    if commitment.category
                    else None,
                    "quantity": commitment.quantity,
                    "unit": commitment.unit,
                    "around_the_clock": commitment.around_the_clock,
                },
            )
        return agreement

    def maybe_person(self, key: str | None) -> Person | None:
        return self.person(key) if key else None

    def day_in(self, days: int | None) -> datetime.date | None:
        return None if days is None else self.today + datetime.timedelta(days=days)

    def circulate(
        self,
        agreement_spec: spec.AgreementSpec,
        agreement: Agreement,
        *,
        final: bool = False,
        change_note: str = "",
    ) -> AgreementVersion:
        draft = services.working_draft(agreement)
        assert draft is not None
        return services.circulate(self.facilitator(agreement_spec), draft, change_note, final=final)

    def answer(
        self,
        agreement_spec: spec.AgreementSpec,
        agreement: Agreement,
        version: AgreementVersion,
        response: spec.ResponseSpec,
    ) -> None:
        representative = self.party_spec(agreement_spec, response.organization).representative
        if representative is None:
            raise RuntimeError(f"{response.organization} has nobody to answer for it.")
        actor = self.user(representative)
        party = self.party(agreement, response.organization)
        if response.clause == "*":
            services.accept_remaining(actor, party)
        else:
            services.respond(
                actor,
                party,
                Clause.objects.get(version=version, heading=response.clause),
                response.kind,
                response.reason,
                response.proposed_text,
            )

    def sign(
        self, agreement_spec: spec.AgreementSpec, agreement: Agreement, organization: str
    ) -> None:
        signer_key = self.party_spec(agreement_spec, organization).signer
        if signer_key is None:
            raise RuntimeError(f"{organization} has no signatory.")
        signer = self.person(signer_key)
        assert signer.user is not None
        version = services.latest_frozen(agreement)
        assert version is not None
        services.sign(
            signer.user,
            self.party(agreement, organization),
            version,
            {
                "typed_name": f"{signer.first_name} {signer.last_name}",
                "signer_title": signer.title,
                "signed_on": self.today,
            },
            attested=True,
            content_hash=version.content_hash,
        )

    # The agreements ----------------------------------------------------------------------------

    def task_force_mou(self) -> Agreement:
        """Reviewed, revised after the district attorney's objection, issued to the FBI, which may
        not sign, as a letter of understanding, and signed by every required party."""
        mou = spec.TASK_FORCE_MOU
        agreement = self.start(mou)
        first = self.circulate(mou, agreement)
        for response in spec.MOU_REVIEW:
            self.answer(mou, agreement, first, response)

        revision = spec.MOU_REVISION
        facilitator = self.facilitator(mou)
        draft = services.start_revision(facilitator, agreement)
        services.update_clause(
            facilitator,
            Clause.objects.get(version=draft, heading=revision.clause),
            {"text": revision.text},
        )
        self.circulate(mou, agreement, final=True, change_note=revision.change_note)

        representative = self.party_spec(mou, spec.DECLINING_AGENCY).representative
        assert representative is not None
        services.decline(
            self.user(representative),
            self.party(agreement, spec.DECLINING_AGENCY),
            spec.MOU_DECLINE_REASON,
        )
        services.issue_letter(facilitator, self.party(agreement, spec.DECLINING_AGENCY))
        for organization in spec.MOU_SIGNATURES:
            self.sign(mou, agreement, organization)
        return agreement

    def referral_protocol(self) -> Agreement:
        """Circulated for review; two parties' objections are open."""
        protocol = spec.REFERRAL_PROTOCOL
        agreement = self.start(protocol)
        version = self.circulate(protocol, agreement)
        for response in spec.PROTOCOL_REVIEW:
            self.answer(protocol, agreement, version, response)
        return agreement

    def shelter_legal_mou(self) -> Agreement:
        """Accepted by both parties, called for signature and signed."""
        mou = spec.SHELTER_LEGAL_MOU
        agreement = self.start(mou)
        version = self.circulate(mou, agreement)
        for response in spec.SHELTER_LEGAL_REVIEW:
            self.answer(mou, agreement, version, response)
        services.call_for_signatures(self.facilitator(mou), version)
        for organization in spec.SHELTER_LEGAL_SIGNATURES:
            self.sign(mou, agreement, organization)
        return agreement

    def hsi_letter(self) -> Agreement:
        """A letter of understanding: circulated, then issued without signatures."""
        letter = spec.HSI_LETTER
        agreement = self.start(letter)
        self.circulate(letter, agreement)
        services.issue_letter_of_understanding(self.facilitator(letter), agreement)
        return agreement


def build_agreements(people: Mapping[str, Person], today: datetime.date) -> AgreementCounts:
    """Load the templates, open the accounts the parties act through, and build the agreements.

    Runs inside the caller's transaction, after the directory is loaded; `people` maps PersonSpec
    keys to directory entries. Ends by running the daily reminders, as the scheduled job would have
    done, so the memorandum due for renewal has been announced.
    """
    builder = _AgreementBuilder(people, today)
    builder.open_accounts()
    builder.load_templates()
    built = [
        builder.task_force_mou(),
        builder.referral_protocol(),
        builder.shelter_legal_mou(),
        builder.hsi_letter(),
    ]
    services.run_daily_duties(today)
    return AgreementCounts(
        templates=len(builder.templates),
        agreements=len(built),
        accounts=builder.accounts,
        signatures=Signature.objects.filter(party__agreement__in=built).count(),
    )
