"""Every main page stays usable on a 320 px wide screen, with labelled controls, landmarks and
text that meets WCAG AA contrast."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from taskforce.governance import decision_services, tally
from taskforce.meetings import proceedings_services
from taskforce.meetings.models import AttendanceStatus
from tests import decisions
from tests.bodies import Bodies, build_bodies, meeting
from tests.directory.factories import build_shelter_world
from tests.e2e.conftest import sign_in
from tests.personas import PASSWORD, Personas
from tests.plans import factories as plan_factories

pytestmark = pytest.mark.django_db(transaction=True)

# Controls that have no accessible name: no <label for>, no wrapping <label>, no aria-label(ledby).
UNLABELLED_CONTROLS = """
() => [...document.querySelectorAll('input, select, textarea')]
  .filter((el) => !['hidden', 'submit', 'button'].includes(el.type))
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby'))
  .map((el) => el.name || el.id)
"""


# Text whose contrast with the background behind it is under WCAG AA (4.5:1; 3:1 for large text).
LOW_CONTRAST_TEXT = """
() => {
  const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || (color.length === 4 && color[3] > 0)) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!ownText || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    const [l1, l2] = [luminance(rgb(style.color)), luminance(background(el))];
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      found.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
    }
  }
  return found;
}
"""


def _pages(world, personas) -> list[str]:
    return [
        "/",
        "/directory/",
        f"/directory/?county={world.county.pk}&language=es",
        f"/directory/organizations/{personas.safe_harbor.pk}/",
        f"/directory/services/{world.answer.pk}/",
        f"/directory/organizations/{personas.safe_harbor.pk}/edit/",
        "/directory/people/",
        "/directory/gaps/",
        "/directory/import/",
        "/directory/counties/",
        "/charter/",
        "/accounts/profile/",
    ]


def _governance_pages(personas: Personas) -> list[str]:
    """Bodies, a held meeting with its roll, circulated minutes and an action item, and a plan."""
    bodies = build_bodies(personas)
    held = meeting(bodies.general, -7)
    proceedings_services.record_roll_call(
        personas.leader,
        held,
        [
            proceedings_services.RollCallLine(personas.leader.person, AttendanceStatus.PRESENT),
            proceedings_services.RollCallLine(
                personas.advocate.person, AttendanceStatus.PRESENT, arrived_late=True
            ),
            proceedings_services.RollCallLine(personas.prosecutor.person, AttendanceStatus.EXCUSED),
        ],
    )
    minutes = proceedings_services.start_minutes(personas.leader, held)
    entry = minutes.entries.get()
    proceedings_services.save_minutes_draft(personas.leader, held, {entry.pk: "Beds discussed."})
    proceedings_services.circulate_minutes(personas.leader, held)
    proceedings_services.create_action_item(
        personas.leader,
        held,
        {
            "description": "Update the shelter list",
            "owner_person": personas.detective.person,
            "due_on": held.starts_at.date(),
        },
    )
    task = plan_factories.task(personas)
    plan = task.objective.plan
    return [
        "/bodies/",
        f"/bodies/{bodies.general.pk}/",
        "/bodies/handover/",
        "/meetings/?period=all",
        f"/meetings/{held.pk}/",
        f"/meetings/{held.pk}/roll-call/",
        f"/meetings/{held.pk}/minutes/",
        "/meetings/action-items/",
        "/meetings/attendance/",
        "/plans/",
        f"/plans/{plan.pk}/",
        f"/plans/tasks/{task.pk}/",
        *_decision_pages(personas, bodies),
    ]


def _decision_pages(personas: Personas, bodies: Bodies) -> list[str]:
    """A proposal taking positions (one of them a block) and a closed one, the register and the
    rules, as the General Body's chair sees them."""
    general = bodies.general
    decisions.rule(general, decisions.step(tally.CONSENSUS))
    taking = decisions.opened(personas.leader, general, title="Adopt the referral protocol")
    decision_services.record_position(
        personas.detective, taking, tally.BLOCK, "Our unit cannot staff the night line."
    )
    decision_services.add_comment(personas.advocate, taking, "We could cover weekends.")
    closed = decisions.opened(personas.leader, general, title="Admit the county clinic")
    decision_services.record_position(personas.advocate, closed, tally.ENDORSE)
    decision_services.close_proposal(personas.leader, closed, rationale="Clear support.")
    return [
        "/decisions/",
        f"/decisions/{taking.pk}/",
        f"/decisions/{closed.pk}/",
        "/decisions/register/",
        f"/decisions/bodies/{general.pk}/rules/",
        f"/decisions/bodies/{general.pk}/rules/add/?preset=consensus-expertise",
        f"/decisions/propose/?body={general.pk}",
    ]


def _layout_problems(page, paths: list[str]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            problems.append(f"{path}: {width}px wide")
        unlabelled = page.evaluate(UNLABELLED_CONTROLS)
        if unlabelled:
            problems.append(f"{path}: unlabelled {unlabelled}")
        low_contrast = page.evaluate(LOW_CONTRAST_TEXT)
        if low_contrast:
            problems.append(f"{path}: low contrast {low_contrast}")
        if page.locator("main").count() != 1 or page.locator("a.skip-link").count() != 1:
            problems.append(f"{path}: missing main landmark or skip link")
    return problems


def _sign_in_narrow(page, username: str, code: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, username, PASSWORD, code)
    page.wait_for_url(lambda url: urlparse(url).path == "/")


def test_member_pages_fit_a_320px_screen_with_labelled_controls(page, personas) -> None:
    world = build_shelter_world(personas)
    _sign_in_narrow(page, "leader", personas.totp("leader"))
    assert not _layout_problems(page, _pages(world, personas))


def test_governance_and_meeting_pages_fit_a_320px_screen(page, personas) -> None:
    paths = _governance_pages(personas)
    _sign_in_narrow(page, "leader", personas.totp("leader"))
    assert not _layout_problems(page, paths)


def test_administration_pages_fit_a_320px_screen(page, personas) -> None:
    _sign_in_narrow(page, "admin", personas.totp("administrator"))
    paths = [
        "/accounts/users/",
        f"/accounts/users/{personas.detective.pk}/",
        "/accounts/users/invite/",
        "/accounts/site-security/",
        "/audit/",
    ]
    assert not _layout_problems(page, paths)


def _agreement_pages(personas: Personas) -> list[str]:
    """An MOU with an objection answered by a final version 2, as its facilitator sees it."""
    from taskforce.agreements import services as agreement_services
    from taskforce.agreements.models import Clause
    from tests.agreements import factories as agreement_factories

    agreement = agreement_factories.circulated(personas)
    consent = Clause.objects.get(version__number=1, heading="Consent")
    police = agreement_factories.party(agreement, personas.police)
    agreement_services.respond(
        personas.detective, police, consent, "propose", "Reports first.", "Consent, unless law."
    )
    objections = f"/agreements/{agreement.pk}/objections/"
    draft = agreement_services.start_revision(personas.coordinator, agreement)
    agreement_services.circulate(personas.coordinator, draft, "Consent revised", final=True)
    own = agreement_factories.party(agreement, personas.safe_harbor)
    return [
        "/agreements/",
        "/agreements/start/",
        f"/agreements/{agreement.pk}/",
        f"/agreements/{agreement.pk}/?version=1",
        objections,
        f"/agreements/{agreement.pk}/compare/?from=1&to=2",
        f"/agreements/parties/{own.pk}/sign/",
        "/agreements/matrix/",
        "/agreements/templates/",
    ]


def test_agreement_pages_fit_a_320px_screen(page, personas) -> None:
    paths = _agreement_pages(personas)
    _sign_in_narrow(page, "vscoord", personas.totp("coordinator"))
    assert not _layout_problems(page, paths)
