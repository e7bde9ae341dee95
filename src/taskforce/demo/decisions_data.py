"""The demo task force's decision rules and a year of its decisions.

Plain data, like `governance_data.py`: people are named by their `PersonSpec` keys, bodies by the
keys in `governance_data`, and dates are offsets in days from the day the demo is built. The rules
show the ways task forces decide that the guidance describes:

- the executive board votes on membership, visitors, funding, policy, collaborative requests and
  data tracking by a majority of its voting members, with a quorum (and by two thirds on voting
  rules and terms of office);
- the leadership team seeks consensus; when consensus is blocked, the member with the most
  experience in the proposal's area counts twice, and a tie goes to a plain majority;
- the general body, under the decentralized charter, decides by a majority of the votes cast
  (protocols first by consensus, then by two thirds);
- the committees decide by consensus (victim services, with no fallback; legal services, then by
  majority), by majority (law enforcement, data and evaluation) or by advice (outreach: the chair
  decides after hearing the committee).

The charter is decentralized, so no organization leads and no rule here is "leadership decides":
under the charter's rules, leading organizations exist only under the centralized model.

A decision taken at a meeting names a decision item of one of the body's held meetings by its
title; its positions open a week before that meeting and close when the meeting ends. A position
is taken only by someone who could vote on the day positions opened; the builder leaves out the
others, so the demo builds the same way on any day.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskforce.demo import governance_data as bodies
from taskforce.governance import tally
from taskforce.governance.decision_models import CountBase, DecisionTopic

# Positions, as the tally reads them.
ENDORSE = tally.ENDORSE
MINOR_POINT = tally.MINOR_POINT
RESERVATIONS = tally.RESERVATIONS
MORE_DISCUSSION = tally.MORE_DISCUSSION
SERIOUS_DISAGREEMENT = tally.SERIOUS_DISAGREEMENT
BLOCK = tally.BLOCK
YES = tally.YES
NO = tally.NO
ABSTAIN = tally.ABSTAIN


# --- Specs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    method: str
    trigger: str = ""
    weight: str = "1"  # of the most experienced in the proposal's area
    numerator: int = 2
    denominator: int = 3


@dataclass(frozen=True)
class RuleSpec:
    body: str  # a body key
    topics: tuple[str, ...]  # "" is the body's rule for every topic without its own
    steps: tuple[StepSpec, ...]
    quorum_percent: int | None
    count_base: str = CountBase.CAST
    notes: str = ""


@dataclass(frozen=True)
class PositionSpec:
    person: str  # a PersonSpec key
    value: str = ""  # a gradient, yes/no/abstain, or an option's key ("o1" is the first option)
    reason: str = ""
    recused: bool = False


@dataclass(frozen=True)
class CommentSpec:
    author: str  # a PersonSpec key with a login
    text: str


@dataclass(frozen=True)
class AmendmentSpec:
    author: str  # a PersonSpec key with a login
    text: str
    reason: str
    accepted: bool | None  # None: still waiting for the proposer


@dataclass(frozen=True)
class DecisionSpec:
    body: str  # a body key
    topic: str
    title: str
    text: str
    proposer: str  # a PersonSpec key with a login
    positions: tuple[PositionSpec, ...] = ()
    area: str = ""  # an expertise area code
    options: tuple[str, ...] = ()  # several options to choose from, instead of yes or no
    # Taken at a meeting: the title of a decision item on one of the body's held meetings.
    meeting_item: str = ""
    # Otherwise, by a deadline: positions opened this many days before the demo is built.
    opened_days_ago: int = 0
    days_open: int = 7
    comments: tuple[CommentSpec, ...] = ()
    amendments: tuple[AmendmentSpec, ...] = ()
    rationale: str = ""
    review_in_days: int | None = None
    decider_call: str = ""  # under the advice rule
    closed_by_system: bool = False  # the deadline passed and the daily run closed it
    withdrawn_reason: str = ""  # withdrawn by the proposer, before the close


# --- Rules ---------------------------------------------------------------------------------------

BOARD_VOTE_TOPICS = (
    DecisionTopic.MEMBERSHIP,
    DecisionTopic.VISITORS,
    DecisionTopic.FUNDING,
    DecisionTopic.POLICY,
    DecisionTopic.COLLABORATIVE_REQUEST,
    DecisionTopic.DATA_TRACKING,
)

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        bodies.EXECUTIVE_BOARD,
        BOARD_VOTE_TOPICS,
        (StepSpec(tally.MAJORITY),),
        quorum_percent=60,
        count_base=CountBase.ELIGIBLE,
        notes="Bylaws, article 6: the board decides by a majority of its voting members; three "
        "in five must take part.",
    ),
    RuleSpec(
        bodies.EXECUTIVE_BOARD,
        (DecisionTopic.VOTING_RULES, DecisionTopic.TERMS_OF_OFFICE),
        (StepSpec(tally.SUPERMAJORITY),),
        quorum_percent=60,
        count_base=CountBase.ELIGIBLE,
        notes="Bylaws, article 6: who votes and how long officers serve change only by two "
        "thirds of the board's voting members.",
    ),
    RuleSpec(
        bodies.LEADERSHIP_TEAM,
        ("",),
        (
            StepSpec(tally.CONSENSUS),
            StepSpec(tally.MAJORITY, tally.BLOCKED, weight="2"),
            StepSpec(tally.MAJORITY, tally.TIE),
        ),
        quorum_percent=75,
        notes="The coordinators decide together. When consensus is blocked, the one with the most "
        "experience in the matter counts twice; a tied vote goes to a plain majority.",
    ),
    RuleSpec(
        bodies.GENERAL_BODY,
        ("",),
        (StepSpec(tally.MAJORITY),),
        quorum_percent=40,
        notes="Bylaws, article 4: every voting member has a voice; the body decides by a majority "
        "of the votes cast when two in five voting members take part.",
    ),
    RuleSpec(
        bodies.GENERAL_BODY,
        (DecisionTopic.PROTOCOLS,),
        (
            StepSpec(tally.CONSENSUS),
            StepSpec(tally.SUPERMAJORITY, tally.NO_CONSENSUS),
        ),
        quorum_percent=40,
        notes="Protocols bind every member's response, so the body seeks consensus first and "
        "adopts a protocol without it only by two thirds.",
    ),
    RuleSpec(
        bodies.LAW_ENFORCEMENT,
        ("",),
        (StepSpec(tally.MAJORITY),),
        quorum_percent=50,
    ),
    RuleSpec(
        bodies.VICTIM_SERVICES,
        ("",),
        (StepSpec(tally.CONSENSUS),),
        quorum_percent=50,
        notes="The committee acts only by consensus: one block stops a proposal.",
    ),
    RuleSpec(
        bodies.LEGAL_SERVICES,
        ("",),
        (StepSpec(tally.CONSENSUS), StepSpec(tally.MAJORITY, tally.NO_CONSENSUS)),
        quorum_percent=50,
    ),
    RuleSpec(
        bodies.OUTREACH,
        ("",),
        (StepSpec(tally.ADVICE),),
        quorum_percent=None,
        notes="The chair decides the committee's materials after hearing its members.",
    ),
    RuleSpec(
        bodies.DATA_EVALUATION,
        ("",),
        (StepSpec(tally.MAJORITY),),
        quorum_percent=50,
    ),
)


# --- A year of decisions, oldest first ------------------------------------------------------------

# The decision the expertise-weighted fallback settled.
EXPERIENCE_WEIGHTED_TITLE = "January awareness month: labor trafficking in farm towns"

PAST_DECISIONS: tuple[DecisionSpec, ...] = (
    DecisionSpec(
        bodies.OUTREACH,
        DecisionTopic.OTHER,
        "Hotel indicator poster",
        "Print the hotel and motel indicator poster for front desks and housekeeping rooms in "
        "English, Spanish and Vietnamese, with the 24/7 line and no agency logos.",
        proposer="advocate",
        area="outreach",
        meeting_item="Hotel indicator poster",
        positions=(
            PositionSpec("advocate", YES),
            PositionSpec("tidewell-manager", YES),
            PositionSpec("survivor-leader", YES),
            PositionSpec("tidewell-outreach", YES),
            PositionSpec("hotel-trainer", YES, "Front desk staff asked for exactly this."),
            PositionSpec(
                "farmworker-organizer",
                NO,
                "Have a native speaker check the Vietnamese before it is printed.",
            ),
            PositionSpec("lgbtq-director", ABSTAIN),
        ),
        comments=(
            CommentSpec(
                "advocate",
                "The hotel association will hand the poster out at its spring training.",
            ),
        ),
        rationale="The chair approved the poster in English, Spanish and Vietnamese after "
        "hearing the committee; a native speaker checked the Vietnamese text before printing.",
        decider_call=tally.PASSED,
    ),
    DecisionSpec(
        bodies.GENERAL_BODY,
        DecisionTopic.PROTOCOLS,
        "Adopt the 24/7 shelter referral protocol",
        "Any member who identifies a victim needing shelter calls one after-hours number; the "
        "on-call advocate finds a bed with the member that has capacity that night, and the "
        "victim chooses whether to go.",
        proposer="vscoord",
        area="victim-services",
        meeting_item="Adopt the 24/7 shelter referral protocol",
        amendments=(
            AmendmentSpec(
                "detective",
                "Any member who identifies a victim needing shelter calls the single after-hours "
                "number, staffed by the on-call advocate, who finds a bed with the member that "
                "has capacity that night; the victim chooses whether to go, and the advocate "
                "tells the calling officer within an hour where the victim was placed.",
                "Patrol officers need one number to call and to know the victim is safe.",
                accepted=True,
            ),
        ),
        comments=(
            CommentSpec("advocate", "Tidewell can take two of the on-call weeks each quarter."),
            CommentSpec("prosecutor", "Please keep the placement itself out of police reports."),
        ),
        positions=(
            PositionSpec("vscoord", ENDORSE),
            PositionSpec("leader", ENDORSE),
            PositionSpec("detective", MINOR_POINT, "An hour is long on a busy night."),
            PositionSpec("prosecutor", ENDORSE),
            PositionSpec("advocate", ENDORSE),
            PositionSpec("administrator", ENDORSE),
            PositionSpec("lantern-case-manager", ENDORSE),
            PositionSpec("sheriff-sergeant", ENDORSE),
            PositionSpec("fbi-agent", RESERVATIONS, "Federal cases will still call our own line."),
            PositionSpec("hsi-victim-specialist", ENDORSE),
            PositionSpec("dcfs-manager", RESERVATIONS, "Minors go through child welfare first."),
            PositionSpec("clinic-director", ENDORSE),
            PositionSpec("faith-director", ENDORSE),
            PositionSpec("homeless-director", ENDORSE),
            PositionSpec("legal-aid-attorney", ENDORSE),
            PositionSpec("survivor-leader", ENDORSE),
            PositionSpec("workers-director", ENDORSE),
        ),
        rationale="Adopted by consensus. The body looks at the protocol again once the first "
        "winter on the after-hours line is under way.",
        review_in_days=16,
    ),
    DecisionSpec(
        bodies.EXECUTIVE_BOARD,
        DecisionTopic.VISITORS,
        "Visitor request: graduate researcher at general body meetings",
        "Admit Victor Wayfarer, a graduate researcher at Harbor State University, as a guest at "
        "one general body meeting, for the training segment and the committee reports. He leaves "
        "the room before any case is discussed and signs the confidentiality statement first.",
        proposer="leader",
        meeting_item="Visitor request: graduate researcher at general body meetings",
        comments=(
            CommentSpec(
                "detective", "Fine by the department if he leaves before the sharing round."
            ),
        ),
        positions=(
            PositionSpec("leader", YES),
            PositionSpec("administrator", YES),
            PositionSpec("detective", YES),
            PositionSpec("sheriff-sergeant", YES),
            PositionSpec(
                "legal-aid-attorney",
                NO,
                "Our clients' stories are told in the reports too; one researcher is a precedent.",
            ),
            PositionSpec("survivor-leader", YES),
            PositionSpec("tidewell-manager", ABSTAIN),
        ),
        rationale="Approved as a guest for one meeting; he may not attend case discussions.",
    ),
    DecisionSpec(
        bodies.EXECUTIVE_BOARD,
        DecisionTopic.FUNDING,
        "Funding: administrator grant budget",
        "Approve the budget of the grant application for a full-time task force administrator: "
        "salary and benefits for two years, training travel, and the meeting room.",
        proposer="leader",
        meeting_item="Funding: administrator grant budget",
        positions=(
            PositionSpec(
                "administrator",
                recused=True,
                reason="The grant would pay for my own position.",
            ),
            PositionSpec("leader", YES),
            PositionSpec("detective", YES),
            PositionSpec("sheriff-sergeant", YES),
            PositionSpec("legal-aid-attorney", YES),
            PositionSpec("survivor-leader", YES, "Ask for survivor consultant fees next time."),
            PositionSpec("tidewell-manager", YES),
        ),
        rationale="The board approved the budget for the application. The group administrator "
        "recused: the grant would pay for her position.",
    ),
    DecisionSpec(
        bodies.LEGAL_SERVICES,
        DecisionTopic.PROTOCOLS,
        "Immigration relief screening checklist",
        "Every member that serves foreign-born victims screens them with the committee's "
        "checklist for T and U visas and Continued Presence, and refers them to an immigration "
        "attorney within five working days.",
        proposer="prosecutor",
        area="immigration",
        meeting_item="Immigration relief screening checklist",
        comments=(
            CommentSpec(
                "prosecutor",
                "Our office signs U visa certifications within thirty days of a complete request.",
            ),
        ),
        positions=(
            PositionSpec("immigration-attorney", ENDORSE),
            PositionSpec("immigration-rep", ENDORSE),
            PositionSpec("legal-aid-attorney", ENDORSE),
            PositionSpec("prosecutor", MINOR_POINT, "Five working days is tight for us."),
            PositionSpec("workers-director", RESERVATIONS, "Add the labor certification route."),
            PositionSpec(
                "defender",
                SERIOUS_DISAGREEMENT,
                "Question 9 asks about prior arrests; our clients should not answer it before "
                "they have counsel.",
            ),
        ),
        rationale="Adopted and shared with all service providers. Question 9 now tells the "
        "screener to stop and call counsel when the client has an open charge.",
    ),
    DecisionSpec(
        bodies.EXECUTIVE_BOARD,
        DecisionTopic.MEMBERSHIP,
        "Membership request from Steady Harbor street outreach",
        "Admit Steady Harbor's street outreach team as part of the Steady Harbor membership, with "
        "a seat on the general body and the outreach committee.",
        proposer="vscoord",
        meeting_item="Membership request from Steady Harbor street outreach",
        positions=(
            PositionSpec("leader", YES),
            PositionSpec("administrator", YES),
            PositionSpec("detective", YES),
            PositionSpec("sheriff-sergeant", ABSTAIN),
            PositionSpec("vscoord", YES),
            PositionSpec("legal-aid-attorney", YES),
            PositionSpec("survivor-leader", YES),
            PositionSpec("tidewell-manager", YES),
        ),
        rationale="Approved; the new member votes after attending three meetings.",
    ),
    DecisionSpec(
        bodies.LAW_ENFORCEMENT,
        DecisionTopic.OTHER,
        "Labor trafficking roll-call training schedule",
        "How patrol officers and deputies receive the labor trafficking indicators training "
        "this year.",
        proposer="detective",
        area="labor",
        options=(
            "Four roll-call shifts, co-taught by the police department and the sheriff's office",
            "Two half-day sessions at the regional academy",
            "A recorded online module with a short quiz",
        ),
        meeting_item="Labor trafficking roll-call training schedule",
        positions=(
            PositionSpec("detective", "o1"),
            PositionSpec("sheriff-sergeant", "o1"),
            PositionSpec("leader", "o1"),
            PositionSpec("fbi-agent", "o2", "The academy has the room and the video."),
            PositionSpec("hsi-agent", "o1"),
            PositionSpec("prosecutor", "o3"),
            PositionSpec("ausa", "o2"),
            PositionSpec("probation-officer", "o1"),
        ),
        rationale="Four shifts scheduled; the detective and the sheriff's sergeant co-teach.",
    ),
    DecisionSpec(
        bodies.EXECUTIVE_BOARD,
        DecisionTopic.COLLABORATIVE_REQUEST,
        "Collaborative request: county fair outreach booth",
        "The county fair offers the task force a free booth for its five days. The outreach "
        "committee staffs it with members' volunteers and hands out the indicator cards.",
        proposer="leader",
        meeting_item="Collaborative request: county fair outreach booth",
        positions=(
            PositionSpec("leader", YES),
            PositionSpec("administrator", YES),
            PositionSpec("detective", YES),
            PositionSpec("sheriff-sergeant", YES),
            PositionSpec("vscoord", YES),
            PositionSpec("survivor-leader", YES),
            PositionSpec("tidewell-manager", NO, "The committee is short of volunteers in August."),
        ),
        rationale="Approved; the outreach committee staffs the booth.",
    ),
    DecisionSpec(
        bodies.LEADERSHIP_TEAM,
        DecisionTopic.OTHER,
        EXPERIENCE_WEIGHTED_TITLE,
        "Give January's human trafficking awareness month to labor trafficking: posters in "
        "Spanish, Mam and K'iche' at farm labor contractors, laundromats and clinics in the three "
        "farm towns, with the farmworker alliance's know-your-rights workshops.",
        proposer="leader",
        area="outreach",
        opened_days_ago=100,
        days_open=7,
        comments=(
            CommentSpec(
                "vscoord",
                "January is when we announce the 24/7 shelter line. Can it share the posters?",
            ),
            CommentSpec(
                "leader", "The outreach coordinator has the farm towns' printers lined up."
            ),
        ),
        positions=(
            PositionSpec("survivor-leader", ENDORSE, "Labor victims never see our posters now."),
            PositionSpec("leader", RESERVATIONS, "Only if the shelter line is on every poster."),
            PositionSpec(
                "vscoord",
                BLOCK,
                "The 24/7 shelter line is announced in January; a second campaign splits the "
                "printing budget and the volunteers.",
            ),
            PositionSpec(
                "administrator",
                SERIOUS_DISAGREEMENT,
                "The printing budget is committed to the hotel posters until March.",
            ),
        ),
        rationale="Consensus was blocked. Under the team's rule the outreach coordinator's "
        "experience in outreach counted twice, and the campaign passed; the shelter line goes on "
        "every poster, as the block asked.",
    ),
    DecisionSpec(
        bodies.VICTIM_SERVICES,
        DecisionTopic.PROTOCOLS,
        "Survivor advisory review of the intake form",
        "Ask the survivor collective's advisory group to review the shared intake form before "
        "the committee adopts it, and pay its members the task force's consultant rate.",
        proposer="vscoord",
        area="victim-services",
        meeting_item="Survivor advisory review of the intake form",
        positions=(
            PositionSpec("vscoord", ENDORSE),
            PositionSpec("lantern-case-manager", ENDORSE),
            PositionSpec("advocate", ENDORSE),
            PositionSpec("hsi-victim-specialist", ENDORSE),
            PositionSpec("dcfs-manager", RESERVATIONS, "Stipends need the board's approval."),
            PositionSpec("faith-youth", ENDORSE),
            PositionSpec("homeless-director", ENDORSE),
        ),
        rationale="The committee asked the survivor collective to review the form.",
    ),
    DecisionSpec(
        bodies.VICTIM_SERVICES,
        DecisionTopic.POLICY,
        "Send a copy of every intake form to the law enforcement liaison",
        "At the police liaison's request: members send a copy of each new intake form to the "
        "police department's liaison, so investigators learn of victims sooner.",
        proposer="vscoord",
        area="victim-services",
        opened_days_ago=56,
        days_open=10,
        comments=(
            CommentSpec(
                "advocate",
                "An intake form is a victim's identifying information. VAWA and VOCA do not let us "
                "share it without the person's written consent.",
            ),
        ),
        positions=(
            PositionSpec(
                "advocate",
                BLOCK,
                "VAWA and VOCA forbid sharing a victim's identifying information without informed, "
                "written, time-limited consent; an intake form is exactly that.",
            ),
            PositionSpec("vscoord", MORE_DISCUSSION, "Only with consent, as the protocol says."),
            PositionSpec("hsi-victim-specialist", RESERVATIONS),
            PositionSpec("dcfs-manager", RESERVATIONS, "Minors are reported to us by law anyway."),
            PositionSpec("lantern-case-manager", SERIOUS_DISAGREEMENT),
            PositionSpec("homeless-director", ENDORSE),
        ),
        rationale="Blocked: copies go to the liaison only with the client's written consent, as "
        "the referral protocol already provides. The liaison will bring a consent-based proposal.",
    ),
    DecisionSpec(
        bodies.GENERAL_BODY,
        DecisionTopic.OTHER,
        "Hold the December general body meeting online only",
        "Meet online in December: the government center's board room is closed for repairs and "
        "many members travel over the holidays.",
        proposer="advocate",
        opened_days_ago=44,
        days_open=7,
        positions=(
            PositionSpec("advocate", YES),
            PositionSpec("leader", YES),
            PositionSpec("detective", NO, "Introductions do not work on a video call."),
            PositionSpec("prosecutor", YES),
        ),
        closed_by_system=True,
    ),
    DecisionSpec(
        bodies.DATA_EVALUATION,
        DecisionTopic.DATA_TRACKING,
        "Publish case statistics by county every quarter",
        "Publish each quarter the number of new cases in each county, sex and labor trafficking "
        "side by side, on the task force's public page.",
        proposer="administrator",
        area="research",
        opened_days_ago=30,
        days_open=7,
        positions=(
            PositionSpec("administrator", YES),
            PositionSpec("university-director", YES, "Funders ask for county figures."),
            PositionSpec(
                "prosecutor",
                NO,
                "In the smaller counties one quarter's figure can point to a single victim.",
            ),
            PositionSpec("lantern-director", NO, "Our clients in the farm towns would be known."),
            PositionSpec("bh-supervisor", NO),
        ),
        rationale="Failed: in the smaller counties a quarter's figures could point to a victim. "
        "The committee will propose regional figures with small cells suppressed.",
    ),
    DecisionSpec(
        bodies.EXECUTIVE_BOARD,
        DecisionTopic.VOTING_RULES,
        "Voting and non-voting membership rules",
        "New members vote after attending three general body meetings in nine months. A member "
        "who attends less than half of the meetings over twelve months, excused absences left "
        "out, loses the vote until they attend again.",
        proposer="leader",
        meeting_item="Voting and non-voting membership rules",
        positions=(
            PositionSpec("leader", YES),
            PositionSpec("administrator", YES),
            PositionSpec("detective", YES),
            PositionSpec("sheriff-sergeant", YES),
            PositionSpec("vscoord", YES),
            PositionSpec("legal-aid-attorney", YES),
            PositionSpec("survivor-leader", NO, "Survivors cannot always come; count online too."),
            PositionSpec("tidewell-manager", YES),
        ),
        rationale="Confirmed: new members vote after three meetings in nine months; members "
        "below 50% attendance over twelve months lose the vote until they return.",
    ),
    DecisionSpec(
        bodies.EXECUTIVE_BOARD,
        DecisionTopic.POLICY,
        "Policy: media requests about open cases",
        "Members refer every media request about an open case to the lead agency's "
        "spokesperson. The task force itself does not comment on open cases and never confirms "
        "a victim's identity.",
        proposer="detective",
        meeting_item="Policy: media requests about open cases",
        positions=(
            PositionSpec("leader", YES),
            PositionSpec("administrator", YES),
            PositionSpec("detective", YES),
            PositionSpec("sheriff-sergeant", YES),
            PositionSpec("vscoord", YES, "Survivors' own media choices stay theirs."),
            PositionSpec("legal-aid-attorney", YES),
            PositionSpec("survivor-leader", ABSTAIN),
        ),
        rationale="Media requests go to the lead agency's spokesperson; the task force does not "
        "comment on open cases.",
        review_in_days=165,
    ),
)

# Withdrawn by its proposer while positions were open.
WITHDRAWN = DecisionSpec(
    bodies.GENERAL_BODY,
    DecisionTopic.OTHER,
    "Move general body meetings to 5:30 pm",
    "Meet at 5:30 pm instead of 10 am, so that survivors, volunteers and community members who "
    "work during the day can attend.",
    proposer="advocate",
    opened_days_ago=160,
    days_open=14,
    positions=(
        PositionSpec("advocate", YES),
        PositionSpec("detective", NO, "Our unit works days; overtime is not budgeted."),
        PositionSpec("prosecutor", NO),
    ),
    withdrawn_reason="The members' survey showed most agencies cannot release staff in the "
    "evening; the body will try one evening meeting each quarter instead.",
)


# --- Under way when the demo is built -------------------------------------------------------------

# Positions open, decided at the executive board's next meeting.
AT_NEXT_BOARD_MEETING = DecisionSpec(
    bodies.EXECUTIVE_BOARD,
    DecisionTopic.MEMBERSHIP,
    "Membership request from the state attorney general's regional office",
    "Admit the state attorney general's regional office as a voting member, as the general body "
    "asked when it reviewed the sectors missing from the table.",
    proposer="leader",
    positions=(PositionSpec("leader", YES), PositionSpec("detective", YES)),
)

# Positions open until a deadline next week; some taken already.
OPEN_UNTIL_NEXT_WEEK = DecisionSpec(
    bodies.GENERAL_BODY,
    DecisionTopic.POLICY,
    "Interpretation in Mam and K'iche' at every task force event",
    "Every task force training and public event offers interpretation in Spanish, Mam and "
    "K'iche' on request, booked through the legal services committee's interpreter list and "
    "paid from the training budget.",
    proposer="advocate",
    opened_days_ago=3,
    days_open=9,
    comments=(
        CommentSpec("prosecutor", "Court interpreters are certified for Mam; we can share names."),
    ),
    positions=(
        PositionSpec("advocate", YES),
        PositionSpec("prosecutor", YES),
        PositionSpec("detective", YES),
        PositionSpec("immigration-attorney", YES),
        PositionSpec("farmworker-organizer", YES, "Our members ask for this at every workshop."),
        PositionSpec("workers-director", ABSTAIN),
    ),
)

# In discussion, with an amendment waiting for the proposer.
IN_DISCUSSION = DecisionSpec(
    bodies.VICTIM_SERVICES,
    DecisionTopic.PROTOCOLS,
    "Holiday shelter overflow plan",
    "While two shelters close for renovation from December 15 to January 10, the on-call "
    "advocate places victims in the faith shelter's overflow rooms and, when they are full, in "
    "hotel rooms paid from the emergency fund.",
    proposer="vscoord",
    area="victim-services",
    days_open=21,
    comments=(
        CommentSpec("advocate", "Hotel rooms need a safety plan and a check-in call each day."),
    ),
    amendments=(
        AmendmentSpec(
            "advocate",
            "While two shelters close for renovation from December 15 to January 10, the "
            "on-call advocate places victims in the faith shelter's overflow rooms and, when they "
            "are full, in hotel rooms paid from the emergency fund, with a safety plan made "
            "before the first night and a check-in call every day.",
            "A victim alone in a hotel needs a safety plan and someone who calls.",
            accepted=None,
        ),
    ),
)
