"""The demo task force's agreement templates and the agreements its members have made with them.

Plain data, like `decisions_data.py`: organizations are named by their `OrganizationSpec` keys,
people by their `PersonSpec` keys, clauses by their headings, and the expiry and review dates are
offsets in days from the day the demo is built. The two templates are the demo's own texts, written
for this project. The scenario shows each stage an agreement goes through, in the order the steps
are listed here (the agreements services date each step the day it is taken, and a circulated
version's dates cannot be moved, so the whole history happens on the day the demo is built):

- the task-force-wide memorandum of understanding, from the comprehensive template: version 1 was
  circulated for review and the district attorney's office proposed other wording for the consent
  clause; version 2 adopted it and went out for signature; the FBI field office may not sign local
  memoranda, declined, and was issued the text as a letter of understanding; every other required
  party signed, so it is in effect (the hotel association, not required, has yet to sign);
- the victim referral protocol, from the protocol template, circulated for review with two
  objections open (one proposing other wording) while other parties have accepted clauses;
- a pilot memorandum between a shelter provider and a legal clinic, in effect until a date within
  sixty days, with its review date set, so the dashboard and the reminders show it due for renewal;
- a letter of understanding issued to a federal agency that cannot sign agreements locally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taskforce.agreements.models import AgreementKind, ProtocolSubject, ResponseKind

ACCEPT = ResponseKind.ACCEPT
OBJECT = ResponseKind.OBJECT
PROPOSE = ResponseKind.PROPOSE


# --- Specs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseSpec:
    heading: str
    text: str


@dataclass(frozen=True)
class SectionSpec:
    heading: str
    clauses: tuple[ClauseSpec, ...]


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    kind: str
    subject: str
    description: str
    title: str
    purpose: str
    sections: tuple[SectionSpec, ...]

    def sections_data(self) -> list[dict[str, Any]]:
        """The sections as `AgreementTemplate.sections` stores them."""
        return [
            {
                "heading": section.heading,
                "clauses": [
                    {"heading": clause.heading, "text": clause.text} for clause in section.clauses
                ],
            }
            for section in self.sections
        ]

    def clause_count(self) -> int:
        return sum(len(section.clauses) for section in self.sections)


@dataclass(frozen=True)
class PartySpec:
    organization: str  # an OrganizationSpec key
    representative: str | None  # a PersonSpec key; None when nobody answers for the party
    signatory: str | None = None  # defaults to the representative
    required: bool = True

    @property
    def signer(self) -> str | None:
        return self.signatory or self.representative


@dataclass(frozen=True)
class CommitmentSpec:
    organization: str
    description: str
    category: str = ""  # a ServiceCategory code, to compare with the directory's capacity
    quantity: int | None = None
    unit: str = ""
    around_the_clock: bool = False


@dataclass(frozen=True)
class ResponseSpec:
    """A party's answer to one clause; with `clause` "*", it accepts every clause not yet
    answered."""

    organization: str
    clause: str = "*"  # the clause's heading
    kind: str = ACCEPT
    reason: str = ""
    proposed_text: str = ""


@dataclass(frozen=True)
class AgreementSpec:
    kind: str
    title: str
    purpose: str
    facilitator: str  # a PersonSpec key with a coordinator's or administrator's login; starts it
    parties: tuple[PartySpec, ...]
    commitments: tuple[CommitmentSpec, ...]
    subject: str = ""
    task_force_wide: bool = False
    template: TemplateSpec | None = None
    sections: tuple[SectionSpec, ...] = ()  # the text, when not from a template
    expires_in_days: int | None = None
    review_in_days: int | None = None


@dataclass(frozen=True)
class RevisionSpec:
    clause: str  # the heading of the clause revised
    text: str
    change_note: str


# --- Template 1: the comprehensive task force memorandum of understanding ------------------------

INFORMATION_SHARING = "Information sharing and confidentiality"
CONSENT_CLAUSE = "Consent to share identifying information"
CONSENT_TEXT_V1 = (
    "A party shares personally identifying information about a victim with another party only with "
    "the victim's informed, written and time-limited consent. The consent names the information to "
    "be shared, the party that will receive it, the purpose and the date the consent ends, and the "
    "victim may withdraw it at any time."
)

TASK_FORCE_MOU_TEMPLATE = TemplateSpec(
    name="Comprehensive task force memorandum of understanding",
    kind=AgreementKind.MOU,
    subject="",
    description=(
        "The memorandum every member organization signs on joining: principles, governance, roles, "
        "information sharing, referrals, training, media, conflict resolution and term. Attach "
        "each party's commitments as structured rows."
    ),
    title="Memorandum of understanding among the member organizations of the task force",
    purpose=(
        "To set out how the member organizations of the task force work together to identify and "
        "protect victims of sex and labor trafficking, hold traffickers accountable and prevent "
        "exploitation, and what each organization commits to that work."
    ),
    sections=(
        SectionSpec(
            "Purpose and scope",
            (
                ClauseSpec(
                    "Purpose",
                    "The parties form the task force to identify and protect victims of sex and "
                    "labor trafficking, to hold traffickers accountable and to prevent "
                    "exploitation in the area its charter names. This memorandum records how the "
                    "parties work together to those ends.",
                ),
                ClauseSpec(
                    "Scope",
                    "This memorandum governs the parties' work together as members of the task "
                    "force: how they share information, refer victims, train, speak in public and "
                    "settle disagreements. Each party's own operations remain under its own laws, "
                    "policies and chain of command.",
                ),
                ClauseSpec(
                    "Nature of this memorandum",
                    "This memorandum records the parties' commitment to cooperate. It transfers no "
                    "funds and creates no partnership, joint venture or agency between the "
                    "parties. Nothing in it requires a party to act against the law, a court "
                    "order, a professional duty of confidentiality or the terms of its funding; "
                    "where a clause conflicts with any of these, the party tells the facilitator.",
                ),
            ),
        ),
        SectionSpec(
            "Guiding principles",
            (
                ClauseSpec(
                    "Victim-centered",
                    "The parties put the safety, wishes and wellbeing of victims first. A victim "
                    "decides whether to accept services and whether to take part in an "
                    "investigation or prosecution, and is told plainly what each choice may mean.",
                ),
                ClauseSpec(
                    "Trauma-informed",
                    "Staff who work with victims act to avoid causing further harm: they explain "
                    "what will happen next, keep interviews to as few as the case allows, and "
                    "offer the victim an advocate at interviews and hearings.",
                ),
                ClauseSpec(
                    "Sex and labor trafficking",
                    "The parties give equal attention to sex trafficking and labor trafficking, "
                    "and serve victims of every age, gender, nationality and immigration status. "
                    "Training, outreach and case review cover both forms of trafficking.",
                ),
            ),
        ),
        SectionSpec(
            "Membership and governance",
            (
                ClauseSpec(
                    "General body",
                    "Each party names one voting member and one alternate to the general body, "
                    "which meets at least quarterly, sets the task force's priorities and adopts "
                    "its protocols.",
                ),
                ClauseSpec(
                    "Executive board and committees",
                    "The executive board conducts the task force's business between meetings of "
                    "the general body. The standing committees carry out the work plans the "
                    "general body approves, and each party takes part in at least one committee.",
                ),
                ClauseSpec(
                    "Decisions",
                    "Each body decides by the rule the charter sets for it and for the kind of "
                    "question before it. Where this memorandum and the charter differ on "
                    "membership or governance, the charter prevails.",
                ),
            ),
        ),
        SectionSpec(
            "Roles and responsibilities",
            (
                ClauseSpec(
                    "Law enforcement",
                    "Law enforcement parties investigate trafficking, notify a victim service "
                    "party as soon as they identify a potential victim, and keep the victim "
                    "informed of the investigation as far as the investigation allows.",
                ),
                ClauseSpec(
                    "Prosecution",
                    "Prosecution parties advise on investigations, prosecute trafficking and "
                    "related offenses, provide victim-witness assistance, and weigh the victim's "
                    "safety and wishes in charging and plea decisions.",
                ),
                ClauseSpec(
                    "Victim services",
                    "Victim service parties provide or arrange emergency shelter, safety planning, "
                    "case management and accompaniment, and keep an emergency response available "
                    "around the clock where their listed services allow.",
                ),
                ClauseSpec(
                    "Other parties",
                    "Legal, health, labor, child welfare, education, faith, business and "
                    "community parties contribute the services and expertise in their "
                    "commitments, watch for signs of trafficking in their own work, and refer "
                    "potential victims as section 6 provides.",
                ),
                ClauseSpec(
                    "Schedule of commitments",
                    "Each party's specific commitments, with quantities where they apply, are "
                    "listed in the schedule of commitments that forms part of this memorandum. A "
                    "party that can no longer meet a commitment tells the facilitator promptly.",
                ),
            ),
        ),
        SectionSpec(
            INFORMATION_SHARING,
            (
                ClauseSpec(
                    "Need to know",
                    "The parties share information about an individual victim only with those who "
                    "need it to provide a service or carry out a duty under this memorandum, and "
                    "only as much as that purpose requires.",
                ),
                ClauseSpec(CONSENT_CLAUSE, CONSENT_TEXT_V1),
                ClauseSpec(
                    "Consent is never a condition of service",
                    "No party makes a victim's consent to share information, or the victim's "
                    "cooperation with law enforcement, a condition of shelter or of any other "
                    "service.",
                ),
                ClauseSpec(
                    "De-identified case log",
                    "The task force keeps a de-identified case log for coordination and "
                    "reporting. It holds no name, date of birth, address or other detail that "
                    "could identify a victim, and the data and evaluation committee keeps it.",
                ),
                ClauseSpec(
                    "Security and unauthorized disclosure",
                    "Each party keeps the information it receives under this memorandum secure, "
                    "and tells the facilitator and the party that shared it within two business "
                    "days of learning of any unauthorized disclosure.",
                ),
            ),
        ),
        SectionSpec(
            "Referrals and cross-reporting",
            (
                ClauseSpec(
                    "Referral to services",
                    "A party that identifies a potential victim offers a referral to a victim "
                    "service party under the task force's victim referral protocol. A victim who "
                    "declines to report a crime continues to receive services.",
                ),
                ClauseSpec(
                    "Children and mandated reporting",
                    "This memorandum does not change any party's legal duty to report suspected "
                    "abuse or neglect. When a potential victim is under eighteen, the party that "
                    "identifies them notifies child welfare as the law requires and tells the "
                    "victim service party it has done so.",
                ),
                ClauseSpec(
                    "Cross-reporting among law enforcement",
                    "A law enforcement party that learns of trafficking within another agency's "
                    "jurisdiction notifies that agency and the chair of the law enforcement "
                    "committee, so that victims are not interviewed twice and operations do not "
                    "conflict.",
                ),
            ),
        ),
        SectionSpec(
            "Training",
            (
                ClauseSpec(
                    "Foundation training",
                    "Each party ensures that its staff who may meet victims complete the task "
                    "force's foundation training on sex and labor trafficking within six months "
                    "of the party joining or of the staff member starting in the role.",
                ),
                ClauseSpec(
                    "Cross-training",
                    "Each party offers at least one session a year on its own work, so that the "
                    "other parties understand what it can and cannot do. Survivor advisors review "
                    "training materials made under this memorandum before they are used.",
                ),
            ),
        ),
        SectionSpec(
            "Media and public statements",
            (
                ClauseSpec(
                    "Speaking for the task force",
                    "A party speaks in public only for itself. Statements for the task force are "
                    "made by the spokesperson the executive board names, after consulting the "
                    "parties involved; statements about an open investigation or prosecution are "
                    "left to the agency responsible for it.",
                ),
                ClauseSpec(
                    "Protecting victims' identities",
                    "No party releases a victim's name or image, or details from which a victim "
                    "could be identified, without the victim's written consent, and no party "
                    "invites the media to an operation or to the place where a victim is found.",
                ),
            ),
        ),
        SectionSpec(
            "Conflict resolution",
            (
                ClauseSpec(
                    "Resolving disagreements",
                    "Parties first try to settle a disagreement about this memorandum between the "
                    "staff involved, within ten business days. A disagreement not settled that "
                    "way goes to the facilitator, who may bring the parties' signatories together "
                    "or refer it to the executive board, whose decision closes the matter within "
                    "the task force.",
                ),
                ClauseSpec(
                    "Victims are not kept waiting",
                    "A disagreement about an individual victim's care never delays the victim's "
                    "access to emergency services while it is resolved.",
                ),
            ),
        ),
        SectionSpec(
            "Term, review, amendment and withdrawal",
            (
                ClauseSpec(
                    "Term",
                    "This memorandum takes effect when every party the facilitator has marked as "
                    "required has signed it, and remains in effect for three years. The parties "
                    "may renew it for further terms.",
                ),
                ClauseSpec(
                    "Annual review",
                    "The parties review this memorandum and the schedule of commitments each "
                    "year, and record whether it stands as it is or needs to be amended.",
                ),
                ClauseSpec(
                    "Amendment and joining",
                    "An amendment is made by a new version of this memorandum, circulated to every "
                    "party and signed in the same way. An organization admitted to the task force "
                    "joins by signing the version in effect.",
                ),
                ClauseSpec(
                    "Withdrawal",
                    "A party may withdraw by giving the facilitator at least thirty days' written "
                    "notice with its reasons. Its commitments end when it withdraws; its duty of "
                    "confidentiality for information already received continues.",
                ),
            ),
        ),
        SectionSpec(
            "Signatures",
            (
                ClauseSpec(
                    "Authority and form of signature",
                    "Each person who signs confirms that they are authorized to commit the party "
                    "they sign for. The parties may sign separately and electronically; each "
                    "signature applies to the exact text of this version.",
                ),
            ),
        ),
    ),
)


# --- Template 2: the victim referral protocol ----------------------------------------------------

EMERGENCY_CLAUSE = "Emergency referrals"
CAPACITY_CLAUSE = "Keeping capacity current"

REFERRAL_PROTOCOL_TEMPLATE = TemplateSpec(
    name="Victim referral protocol",
    kind=AgreementKind.PROTOCOL,
    subject=ProtocolSubject.REFERRAL_PATHWAYS,
    description=(
        "An operational protocol for referring a potential victim from the member who meets them "
        "to the member who can help: triggers, consent, urgency and response times, capacity, "
        "language access, follow-up and review."
    ),
    title="Victim referral protocol",
    purpose=(
        "To make sure that a potential victim identified by any member is referred quickly, with "
        "consent and only the information needed, to the member best placed to help, and that the "
        "referring member learns the referral was received."
    ),
    sections=(
        SectionSpec(
            "Scope",
            (
                ClauseSpec(
                    "Who this protocol applies to",
                    "This protocol applies to every party that refers potential victims of sex or "
                    "labor trafficking to another party, or receives such referrals, whatever the "
                    "victim's age, gender, nationality or immigration status.",
                ),
                ClauseSpec(
                    "Relationship to the memorandum",
                    "This protocol puts into practice the referral and information-sharing "
                    "clauses of the task force memorandum of understanding. Where the two differ, "
                    "the memorandum prevails.",
                ),
            ),
        ),
        SectionSpec(
            "Referral triggers",
            (
                ClauseSpec(
                    "Indicators",
                    "Staff offer a referral when they see indicators of trafficking listed in the "
                    "task force's screening guide: among them, someone who is not free to leave "
                    "work or housing, whose documents are held by another, who owes a debt they "
                    "cannot repay, or who is under eighteen and trading sex.",
                ),
                ClauseSpec(
                    "Who may refer",
                    "Any staff member or volunteer of a party may start a referral; they need not "
                    "be certain that a person is a victim. A person may also refer themselves "
                    "through any party or the task force's crisis line.",
                ),
                ClauseSpec(
                    "Children",
                    "When the person may be under eighteen, the referring party also notifies "
                    "child welfare as the law requires, and the receiving party is told that "
                    "child welfare has been notified.",
                ),
            ),
        ),
        SectionSpec(
            "Consent and the need-to-know packet",
            (
                ClauseSpec(
                    "Consent before referral",
                    "The referring party explains the referral and obtains the person's consent "
                    "before sharing anything that identifies them. Consent is written, names the "
                    "receiving party, and ends after thirty days unless renewed.",
                ),
                ClauseSpec(
                    "The need-to-know packet",
                    "A referral carries only what the receiving party needs to respond: a first "
                    "name or chosen name, preferred language, immediate needs, safety concerns, "
                    "and a safe way and time to make contact. Nothing more is sent unless the "
                    "person has consented to it.",
                ),
                ClauseSpec(
                    "Referral without identifying details",
                    "When the person does not consent, the referring party may still consult the "
                    "receiving party without identifying details, and gives the person the "
                    "receiving party's contact information to use when they choose.",
                ),
                ClauseSpec(
                    "Consent is not a condition",
                    "Refusing consent, or refusing to speak with law enforcement, never costs a "
                    "person a service from any party.",
                ),
            ),
        ),
        SectionSpec(
            "Urgency levels and response times",
            (
                ClauseSpec(
                    EMERGENCY_CLAUSE,
                    "A referral is an emergency when the person is in immediate danger or has no "
                    "safe place to stay tonight. The receiving party calls back within thirty "
                    "minutes and meets the person within two hours, at any hour.",
                ),
                ClauseSpec(
                    "Urgent referrals",
                    "A referral is urgent when the person is safe tonight but needs shelter, "
                    "medical care or legal advice soon. The receiving party makes contact within "
                    "twenty-four hours.",
                ),
                ClauseSpec(
                    "Routine referrals",
                    "Every other referral is routine. The receiving party makes contact within "
                    "three business days.",
                ),
            ),
        ),
        SectionSpec(
            "Capacity and 24/7 response",
            (
                ClauseSpec(
                    CAPACITY_CLAUSE,
                    "Each receiving party updates the capacity of its services in the task force "
                    "directory at least once a day, and at once when a service becomes full or "
                    "reopens.",
                ),
                ClauseSpec(
                    "Around-the-clock contact",
                    "Each party that accepts emergency referrals keeps a contact who answers at "
                    "any hour and lists it in the directory as on call.",
                ),
                ClauseSpec(
                    "No closed doors",
                    "A receiving party without capacity does not simply decline: it helps the "
                    "referring party find another party that can respond, and stays in contact "
                    "until it has.",
                ),
            ),
        ),
        SectionSpec(
            "Language access",
            (
                ClauseSpec(
                    "Interpretation",
                    "Referrals and first contacts take place in the person's preferred language, "
                    "through a qualified interpreter at no cost to the person. Family members, "
                    "children and the person's employer are never used as interpreters.",
                ),
                ClauseSpec(
                    "Written materials",
                    "Consent forms and information about services are available in the languages "
                    "most spoken in the region, and read aloud to anyone who asks.",
                ),
            ),
        ),
        SectionSpec(
            "Follow-up and closing the loop",
            (
                ClauseSpec(
                    "Acknowledgement",
                    "The receiving party confirms to the referring party that it received the "
                    "referral, within the response time for its urgency level.",
                ),
                ClauseSpec(
                    "Outcome",
                    "Within five business days the receiving party tells the referring party "
                    "whether contact was made and whether the person accepted services, and "
                    "nothing further unless the person has consented.",
                ),
                ClauseSpec(
                    "When contact fails",
                    "When the receiving party cannot reach the person after three attempts, it "
                    "tells the referring party, which tries again through the safe contact the "
                    "person gave.",
                ),
            ),
        ),
        SectionSpec(
            "Data and review",
            (
                ClauseSpec(
                    "Referral log",
                    "Each referral is entered in the task force's de-identified case log with its "
                    "date, urgency level, the parties involved and the time to first contact.",
                ),
                ClauseSpec(
                    "Quarterly review",
                    "The victim services committee reviews response times and referrals that did "
                    "not reach services each quarter, and reports to the general body.",
                ),
                ClauseSpec(
                    "Review of this protocol",
                    "The parties review this protocol each year, and sooner when the quarterly "
                    "review shows that a response time is not being met.",
                ),
            ),
        ),
    ),
)

TEMPLATES: tuple[TemplateSpec, ...] = (TASK_FORCE_MOU_TEMPLATE, REFERRAL_PROTOCOL_TEMPLATE)


# --- The task-force-wide memorandum --------------------------------------------------------------

# Members that are not parties: the federal prosecutor and HSI work with the task force under
# letters of understanding, and the defender, the university and the inactive, prospective and
# withdrawn members have not joined.
TASK_FORCE_MOU = AgreementSpec(
    kind=AgreementKind.MOU,
    title="Harbor Region Anti-Trafficking Task Force memorandum of understanding",
    purpose=TASK_FORCE_MOU_TEMPLATE.purpose,
    facilitator="administrator",
    task_force_wide=True,
    template=TASK_FORCE_MOU_TEMPLATE,
    # Three years, reviewed each year (clauses 10.1 and 10.2).
    expires_in_days=3 * 365,
    review_in_days=365,
    parties=(
        PartySpec("police", "detective", "leader"),
        PartySpec("sheriff", "sheriff-sergeant"),
        PartySpec("fbi", "fbi-agent"),
        PartySpec("district-attorney", "prosecutor"),
        PartySpec("lantern-house", "vscoord", "lantern-director"),
        PartySpec("tidewell", "advocate", "tidewell-manager"),
        PartySpec("legal-aid", "legal-aid-attorney"),
        PartySpec("immigration-legal", "immigration-attorney"),
        PartySpec("child-welfare", "dcfs-manager"),
        PartySpec("juvenile-probation", "probation-supervisor"),
        PartySpec("behavioral-health", "bh-supervisor"),
        PartySpec("health-clinic", "clinic-director"),
        PartySpec("workers-center", "workers-director"),
        PartySpec("farmworkers", "farmworker-organizer"),
        PartySpec("lgbtq-youth", "lgbtq-director"),
        PartySpec("faith-shelter", "faith-director"),
        PartySpec("homeless-services", "homeless-director"),
        PartySpec("survivor-collective", "survivor-leader"),
        PartySpec("school-district", "school-wellness"),
        PartySpec("county-board", "administrator", "supervisor"),
        PartySpec("hotel-association", "hotel-director", required=False),
    ),
    commitments=(
        CommitmentSpec(
            "police",
            "Assigns one full-time investigator from the trafficking unit to task force cases",
            quantity=1,
            unit="investigators",
        ),
        CommitmentSpec(
            "police",
            "Answers task force members through the trafficking unit's duty sergeant",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "sheriff",
            "Names a Special Victims Bureau deputy as liaison for cases in unincorporated areas",
            quantity=1,
            unit="liaisons",
        ),
        CommitmentSpec(
            "fbi",
            "Makes its victim specialist available to victims in federal trafficking cases",
            category="case-management",
        ),
        CommitmentSpec(
            "district-attorney",
            "Assigns a deputy district attorney to advise on trafficking investigations",
            quantity=1,
            unit="prosecutors",
        ),
        CommitmentSpec(
            "district-attorney",
            "Victim-witness advocates accompany victims at court hearings",
            category="legal-criminal",
            quantity=10,
            unit="clients",
        ),
        CommitmentSpec(
            "lantern-house",
            "24/7 emergency shelter for adult victims",
            category="emergency-housing",
            quantity=4,
            unit="beds",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "lantern-house",
            "Crisis line and safety planning for victims referred by any member",
            category="safety-planning",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "tidewell",
            "Mobile advocacy and accompaniment for referred victims",
            category="case-management",
            quantity=5,
            unit="clients",
        ),
        CommitmentSpec(
            "tidewell",
            "Transitional apartments for survivors leaving emergency shelter",
            category="long-term-housing",
            quantity=2,
            unit="apartments",
        ),
        CommitmentSpec(
            "legal-aid",
            "Civil legal help for survivors referred by task force members",
            category="legal-civil",
            quantity=3,
            unit="new cases per month",
        ),
        CommitmentSpec(
            "immigration-legal",
            "T and U visa consultations for referred foreign national victims",
            category="legal-immigration",
            quantity=2,
            unit="new cases per month",
        ),
        CommitmentSpec(
            "immigration-legal",
            "Interpretation in Mam, K'iche' and Spanish at first contact",
            category="interpretation",
        ),
        CommitmentSpec(
            "child-welfare",
            "Emergency response for children who may be commercially sexually exploited",
            category="case-management",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "juvenile-probation",
            "Screens youth on its caseload for exploitation and refers them to victim services",
        ),
        CommitmentSpec(
            "behavioral-health",
            "Mobile crisis team responds to task force requests",
            category="mental-health",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "health-clinic",
            "Same-week trauma-informed primary care appointments for referred victims",
            category="medical",
        ),
        CommitmentSpec(
            "workers-center",
            "Labor trafficking screening and wage claims for referred workers",
            category="legal-civil",
        ),
        CommitmentSpec(
            "farmworkers",
            "Family emergency shelter for labor trafficking victims at Casa Campo",
            category="emergency-housing",
            quantity=4,
            unit="beds",
            around_the_clock=True,
        ),
        # More than the six beds the center lists in the directory: the matrix flags it.
        CommitmentSpec(
            "lgbtq-youth",
            "Overnight emergency shelter for LGBTQ+ youth",
            category="emergency-housing",
            quantity=8,
            unit="beds",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "faith-shelter",
            "Emergency shelter for minors at Casa Wren, with Spanish-speaking staff on every shift",
            category="emergency-housing",
            quantity=2,
            unit="beds",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "homeless-services",
            "Street outreach workers screen for trafficking and refer potential victims",
            category="case-management",
        ),
        CommitmentSpec(
            "homeless-services",
            "Transport for referred victims to shelter and appointments",
            category="transportation",
        ),
        CommitmentSpec(
            "survivor-collective",
            "Peer mentors for survivors who ask for one",
            category="case-management",
            quantity=3,
            unit="mentoring matches",
        ),
        CommitmentSpec(
            "school-district",
            "Trains school counselors and nurses on trafficking indicators each school year",
            category="education",
        ),
        CommitmentSpec(
            "county-board",
            "Funds the task force administrator and provides meeting space",
        ),
        CommitmentSpec(
            "hotel-association",
            "Offers indicator training to member hotels' staff twice a year",
            category="education",
        ),
    ),
)

OBJECTING_AGENCY = "district-attorney"
MOU_OBJECTION_REASON = (
    "Prosecutors must disclose evidence to the defense and comply with court orders whether or not "
    "the victim consents. As written, this clause would put our office in breach of the memorandum "
    "each time it meets those duties, and we cannot sign it."
)
MOU_PROPOSED_TEXT = (
    CONSENT_TEXT_V1 + " This clause does not limit a disclosure that the law or a court order "
    "requires. A party that must make such a disclosure tells the victim's advocate beforehand "
    "whenever the law allows."
)
MOU_REVIEW: tuple[ResponseSpec, ...] = (
    ResponseSpec("lantern-house"),
    ResponseSpec("police"),
    ResponseSpec("tidewell"),
    ResponseSpec("child-welfare"),
    ResponseSpec(
        OBJECTING_AGENCY,
        CONSENT_CLAUSE,
        PROPOSE,
        MOU_OBJECTION_REASON,
        MOU_PROPOSED_TEXT,
    ),
    ResponseSpec(OBJECTING_AGENCY),
    ResponseSpec("legal-aid"),
    ResponseSpec("faith-shelter"),
    ResponseSpec("behavioral-health"),
    ResponseSpec("farmworkers"),
    ResponseSpec("survivor-collective"),
    ResponseSpec("sheriff"),
    ResponseSpec("lgbtq-youth"),
    ResponseSpec("county-board"),
)
MOU_REVISION = RevisionSpec(
    clause=CONSENT_CLAUSE,
    text=(
        CONSENT_TEXT_V1 + " This clause does not limit a disclosure that the law or a court order "
        "requires, including a prosecutor's duty of disclosure to the defense. A party that must "
        "make such a disclosure tells the victim's advocate beforehand whenever the law allows, so "
        "that the victim can prepare."
    ),
    change_note=(
        "Clause 5.2 now provides for disclosures required by law or court order, including a "
        "prosecutor's duty of disclosure, as the district attorney's office proposed. No other "
        "clause changed. Circulated for signature."
    ),
)
DECLINING_AGENCY = "fbi"
MOU_DECLINE_REASON = (
    "Field office policy does not allow the office to sign memoranda of understanding with local "
    "task forces; such agreements are made by headquarters. The office will keep taking part and "
    "would accept the text as a letter of understanding."
)
# In the order they sign, after the FBI has declined and been issued its letter; every required
# party signs, and the last signature puts the memorandum in effect.
MOU_SIGNATURES: tuple[str, ...] = (
    "lantern-house",
    "tidewell",
    "police",
    "child-welfare",
    OBJECTING_AGENCY,
    "legal-aid",
    "immigration-legal",
    "behavioral-health",
    "faith-shelter",
    "farmworkers",
    "survivor-collective",
    "sheriff",
    "lgbtq-youth",
    "health-clinic",
    "workers-center",
    "homeless-services",
    "juvenile-probation",
    "school-district",
    "county-board",
)


# --- The victim referral protocol, in negotiation ------------------------------------------------

REFERRAL_PROTOCOL = AgreementSpec(
    kind=AgreementKind.PROTOCOL,
    subject=ProtocolSubject.REFERRAL_PATHWAYS,
    title="Harbor Region victim referral protocol",
    purpose=REFERRAL_PROTOCOL_TEMPLATE.purpose,
    facilitator="vscoord",
    template=REFERRAL_PROTOCOL_TEMPLATE,
    parties=(
        PartySpec("lantern-house", "vscoord", "lantern-director"),
        PartySpec("tidewell", "advocate", "tidewell-manager"),
        PartySpec("police", "detective", "leader"),
        PartySpec("district-attorney", "prosecutor"),
        PartySpec("faith-shelter", "faith-director"),
        PartySpec("lgbtq-youth", "lgbtq-director"),
        PartySpec("immigration-legal", "immigration-attorney"),
        PartySpec("child-welfare", "dcfs-manager"),
    ),
    commitments=(
        CommitmentSpec(
            "lantern-house",
            "Accepts emergency referrals of adult victims at any hour",
            category="emergency-housing",
            quantity=4,
            unit="beds",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "tidewell",
            "Advocate meets emergency referrals in person",
            category="case-management",
        ),
        CommitmentSpec(
            "faith-shelter",
            "Accepts emergency referrals of minors at Casa Wren",
            category="emergency-housing",
            quantity=2,
            unit="beds",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "lgbtq-youth",
            "Accepts overnight referrals of LGBTQ+ youth",
            category="emergency-housing",
            quantity=2,
            unit="beds",
            around_the_clock=True,
        ),
        CommitmentSpec(
            "immigration-legal",
            "Interpreters for Mam, K'iche' and Spanish at first contact",
            category="interpretation",
        ),
        CommitmentSpec(
            "police",
            "Officers refer every potential victim they meet, whatever the victim decides about "
            "reporting",
        ),
    ),
)
PROTOCOL_REVIEW: tuple[ResponseSpec, ...] = (
    ResponseSpec("lantern-house"),
    ResponseSpec("lgbtq-youth"),
    ResponseSpec("tidewell", "Who this protocol applies to"),
    ResponseSpec("tidewell", "Relationship to the memorandum"),
    ResponseSpec("tidewell", "Indicators"),
    ResponseSpec("tidewell", "Consent before referral"),
    ResponseSpec("tidewell", "The need-to-know packet"),
    ResponseSpec("police", "Who this protocol applies to"),
    ResponseSpec("police", "Indicators"),
    ResponseSpec("police", "Who may refer"),
    ResponseSpec(
        "police",
        EMERGENCY_CLAUSE,
        PROPOSE,
        "At night an officer may be holding a victim at a scene or at the station with nowhere "
        "safe to take them. Two hours is too long to wait without an advocate; in Harbor County "
        "the shelters are close enough to do better.",
        "A referral is an emergency when the person is in immediate danger or has no safe place "
        "to stay tonight. The receiving party calls back within fifteen minutes and meets the "
        "person within one hour in Harbor County and within two hours elsewhere, at any hour.",
    ),
    ResponseSpec(
        "faith-shelter",
        CAPACITY_CLAUSE,
        OBJECT,
        "Our overnight staff are volunteers without access to the directory, so we cannot promise "
        "a daily update. We can update it each weekday morning and whenever the shelter fills or "
        "reopens, if the clause allows that.",
    ),
    ResponseSpec("immigration-legal", "Interpretation"),
    ResponseSpec("immigration-legal", "Written materials"),
)


# --- A memorandum due for renewal ----------------------------------------------------------------

# A pilot with a fixed end date: in effect, and due for renewal within the 60 days the dashboard and
# the reminders look ahead.
RENEWAL_DUE_IN_DAYS = 50
RENEWAL_REVIEW_IN_DAYS = 21
SHELTER_LEGAL_MOU = AgreementSpec(
    kind=AgreementKind.MOU,
    title="Lantern House and Harbor Legal Aid Clinic: pilot of legal clinic hours at the shelter",
    purpose=(
        "To bring free civil legal help to survivors staying at Lantern House or receiving its "
        "case management, through clinic hours at the shelter and direct referrals, as a pilot "
        "the parties then decide whether to renew."
    ),
    facilitator="vscoord",
    expires_in_days=RENEWAL_DUE_IN_DAYS,
    review_in_days=RENEWAL_REVIEW_IN_DAYS,
    parties=(
        PartySpec("lantern-house", "vscoord", "lantern-director"),
        PartySpec("legal-aid", "legal-aid-attorney"),
    ),
    commitments=(
        CommitmentSpec(
            "legal-aid",
            "Weekly legal clinic hours at the shelter, and civil cases for referred residents",
            category="legal-civil",
            quantity=2,
            unit="new cases per month",
        ),
        CommitmentSpec(
            "lantern-house",
            "A private room at the shelter for clinic hours and consultations",
        ),
    ),
    sections=(
        SectionSpec(
            "Purpose",
            (
                ClauseSpec(
                    "Purpose",
                    "Lantern House and the Clinic work together so that survivors in Lantern "
                    "House's shelter or case management can get free civil legal help without "
                    "leaving a safe place.",
                ),
            ),
        ),
        SectionSpec(
            "What each party does",
            (
                ClauseSpec(
                    "Clinic hours",
                    "The Clinic holds legal clinic hours at the shelter one afternoon a week and "
                    "takes on the civil cases listed in its commitments, such as protective "
                    "orders, housing, public benefits and debts incurred through trafficking.",
                ),
                ClauseSpec(
                    "Referrals",
                    "Lantern House tells residents about the clinic hours and, with a resident's "
                    "consent, refers them to the Clinic with only the information the resident "
                    "agrees to share.",
                ),
                ClauseSpec(
                    "Conflicts of interest",
                    "The Clinic checks each referral for conflicts of interest. When it cannot "
                    "take a matter it tells Lantern House only that, and helps the resident find "
                    "other counsel.",
                ),
            ),
        ),
        SectionSpec(
            "Confidentiality",
            (
                ClauseSpec(
                    "Privilege",
                    "Consultations are confidential between the resident and the Clinic. Lantern "
                    "House staff attend only when the resident asks them to, and the Clinic "
                    "explains beforehand what their presence may mean for privilege.",
                ),
                ClauseSpec(
                    "Records",
                    "Each party keeps its own records under its own confidentiality duties; "
                    "neither receives the other's case files.",
                ),
            ),
        ),
        SectionSpec(
            "Term",
            (
                ClauseSpec(
                    "Pilot term and review",
                    "This memorandum runs as a pilot until the expiry date recorded with it. The "
                    "parties review the pilot at least four weeks before that date, using the "
                    "number of residents seen and cases opened, and decide whether to renew it "
                    "for two years.",
                ),
                ClauseSpec(
                    "Ending early",
                    "Either party may end this memorandum with thirty days' written notice; "
                    "residents' open cases continue with the Clinic.",
                ),
            ),
        ),
    ),
)
SHELTER_LEGAL_REVIEW: tuple[ResponseSpec, ...] = (
    ResponseSpec("lantern-house"),
    ResponseSpec("legal-aid"),
)
SHELTER_LEGAL_SIGNATURES: tuple[str, ...] = ("lantern-house", "legal-aid")


# --- A letter of understanding -------------------------------------------------------------------

HSI_LETTER = AgreementSpec(
    kind=AgreementKind.LETTER,
    title="Letter of understanding: HSI and Port Wren police on foreign national victims",
    purpose=(
        "To state what Homeland Security Investigations and the Port Wren Police Department "
        "expect of each other when a potential victim of trafficking may be a foreign national. "
        "HSI's policy does not allow its office to sign local agreements."
    ),
    facilitator="leader",
    review_in_days=365,
    parties=(
        PartySpec("hsi", None),
        PartySpec("police", "detective", "leader"),
    ),
    commitments=(
        CommitmentSpec(
            "hsi",
            "Requests Continued Presence for eligible foreign national victims",
            category="legal-immigration",
        ),
        CommitmentSpec(
            "police",
            "Tells HSI within 24 hours when a potential victim may be a foreign national",
        ),
    ),
    sections=(
        SectionSpec(
            "Expectations",
            (
                ClauseSpec(
                    "Notification",
                    "The police department tells HSI's duty agent within twenty-four hours when "
                    "a potential victim it identifies may be a foreign national, with the "
                    "victim's consent where identifying details are shared.",
                ),
                ClauseSpec(
                    "Continued Presence",
                    "HSI considers a request for Continued Presence for every eligible victim the "
                    "police department identifies, and tells the victim's advocate the outcome.",
                ),
                ClauseSpec(
                    "Victim assistance",
                    "HSI's victim assistance specialist takes part in interviews of foreign "
                    "national victims when the victim agrees.",
                ),
            ),
        ),
        SectionSpec(
            "Nature of this letter",
            (
                ClauseSpec(
                    "Not a contract",
                    "This letter is not signed and creates no obligations. It records what each "
                    "agency expects of the other, and the agencies review it together each year.",
                ),
            ),
        ),
    ),
)


def all_agreements() -> tuple[AgreementSpec, ...]:
    return (TASK_FORCE_MOU, REFERRAL_PROTOCOL, SHELTER_LEGAL_MOU, HSI_LETTER)
