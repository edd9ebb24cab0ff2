"""The audit log pages: who may read which trail, the filters, paging and a fixed number of queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
import pytest

from khibra.core import audit
from khibra.core.models import AuditEvent
from khibra.organizations.models import Membership
from khibra.testing.factories import MembershipFactory, UserFactory


def org_url(org) -> str:
    return reverse("auditlog:organization", args=[org.slug])


def platform_url() -> str:
    return reverse("auditlog:platform")


def shown_ids(response) -> set[int]:
    return {row.event.pk for row in response.context["rows"]}


@pytest.fixture
def events(org_a, org_b, admin_a, admin_b, staff):
    """One event of A, one of B, one of the platform (no organization)."""
    member = Membership.objects.get(organization=org_a, user=admin_a)
    return {
        "a": audit.record(actor=admin_a, verb="membership.role_changed", target=member, organization=org_a, role="admin", old_role="supervisor"),
        "b": audit.record(actor=admin_b, verb="certificate.revoked", target=org_b, organization=org_b, reason="خطأ في الاسم"),
        "platform": audit.record(actor=staff, verb="profile.identity.approved", target=staff),
    }


# --- access ------------------------------------------------------------------------------------


def test_it_shows_an_admin_their_organizations_events_only(client, admin_a, org_a, events):
    client.force_login(admin_a)
    response = client.get(org_url(org_a))
    assert response.status_code == 200
    assert shown_ids(response) == {events["a"].pk}
    assert b'id="event-%d"' % events["a"].pk in response.content


@pytest.mark.parametrize("persona", ["manager_a", "supervisor_a"])
def test_it_refuses_members_who_are_not_admins(client, request, org_a, events, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(org_url(org_a)).status_code == 403


@pytest.mark.parametrize("persona", ["admin_b", "volunteer", "plain_user", "staff"])
def test_it_hides_an_organizations_log_from_outsiders(client, request, org_a, events, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(org_url(org_a)).status_code == 404


def test_it_answers_404_for_an_unknown_organization(client, admin_a, events):
    client.force_login(admin_a)
    assert client.get(reverse("auditlog:organization", args=["no-such-org"])).status_code == 404


def test_it_does_not_let_a_former_admin_in(client, admin_a, org_a, events):
    Membership.objects.filter(user=admin_a, organization=org_a).update(is_active=False)
    client.force_login(admin_a)
    assert client.get(org_url(org_a)).status_code == 404


def test_it_shows_staff_every_event(client, staff, events):
    client.force_login(staff)
    response = client.get(platform_url())
    assert response.status_code == 200
    assert shown_ids(response) == {event.pk for event in events.values()}


@pytest.mark.parametrize("persona", ["admin_a", "manager_a", "volunteer", "plain_user"])
def test_it_hides_the_platform_log_from_everybody_but_staff(client, request, events, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(platform_url()).status_code == 404


def test_an_inactive_staff_account_cannot_read_the_platform_log(client, events):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(platform_url()).status_code == 302  # logged out: the session no longer counts


@pytest.mark.parametrize("name, args", [("auditlog:platform", []), ("auditlog:organization", ["orphans-jeddah"])])
def test_it_sends_anonymous_visitors_to_log_in(client, events, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_only_get_is_allowed(client, admin_a, org_a):
    client.force_login(admin_a)
    assert client.post(org_url(org_a)).status_code == 405


# --- filters -----------------------------------------------------------------------------------


def _at(event: AuditEvent, when: dt.datetime) -> AuditEvent:
    AuditEvent.objects.filter(pk=event.pk).update(created_at=when)
    event.refresh_from_db()
    return event


def test_it_filters_by_action(client, admin_a, org_a, events):
    hours = audit.record(actor=admin_a, verb="hours.approved", target=org_a, organization=org_a)
    client.force_login(admin_a)
    response = client.get(org_url(org_a), {"verb": "hours.approved"})
    assert shown_ids(response) == {hours.pk}


def test_it_filters_by_part_of_the_actors_email(client, admin_a, org_a, events):
    other = MembershipFactory(organization=org_a, role=Membership.Role.VOLUNTEER_MANAGER, user__email="huda.q@jam3ia.example.sa").user
    theirs = audit.record(actor=other, verb="hours.approved", target=org_a, organization=org_a)
    client.force_login(admin_a)
    response = client.get(org_url(org_a), {"actor": " HUDA.Q@ "})
    assert shown_ids(response) == {theirs.pk}


def test_it_filters_by_whole_local_days(client, admin_a, org_a, events):
    riyadh = timezone.get_current_timezone()
    late_on_the_first = _at(audit.record(actor=admin_a, verb="hours.approved", target=org_a, organization=org_a),
                            dt.datetime(2026, 3, 1, 23, 30, tzinfo=riyadh))
    on_the_second = _at(audit.record(actor=admin_a, verb="hours.approved", target=org_a, organization=org_a),
                        dt.datetime(2026, 3, 2, 0, 10, tzinfo=riyadh))
    _at(events["a"], dt.datetime(2026, 2, 28, 12, 0, tzinfo=riyadh))
    client.force_login(admin_a)

    assert shown_ids(client.get(org_url(org_a), {"date_from": "2026-03-01", "date_to": "2026-03-01"})) == {late_on_the_first.pk}
    assert shown_ids(client.get(org_url(org_a), {"date_from": "2026-03-02"})) == {on_the_second.pk}
    assert shown_ids(client.get(org_url(org_a), {"date_to": "2026-03-01"})) == {late_on_the_first.pk, events["a"].pk}


@pytest.mark.parametrize(
    "params",
    [{"date_from": "2026-03-05", "date_to": "2026-03-01"}, {"date_from": "not a date"}, {"verb": "no.such.verb"}, {"actor": "x" * 300}],
)
def test_bad_filters_show_an_error_and_no_events(client, admin_a, org_a, events, params):
    client.force_login(admin_a)
    response = client.get(org_url(org_a), params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["rows"] == []
    assert b'id="audit-invalid"' in response.content


def test_staff_filter_by_organization(client, staff, org_b, events):
    client.force_login(staff)
    response = client.get(platform_url(), {"organization": org_b.slug})
    assert shown_ids(response) == {events["b"].pk}


def test_the_organization_filter_is_for_staff_only(client, admin_a, org_a, org_b, events):
    client.force_login(admin_a)
    response = client.get(org_url(org_a), {"organization": org_b.slug})
    assert "organization" not in response.context["form"].fields
    assert shown_ids(response) == {events["a"].pk}


# --- page content ------------------------------------------------------------------------------


def test_it_lists_newest_first_fifty_a_page(client, admin_a, org_a):
    base = timezone.now() - dt.timedelta(days=1)
    recorded = []
    for minute in range(55):
        event = audit.record(actor=admin_a, verb="hours.approved", target=org_a, organization=org_a)
        recorded.append(_at(event, base + dt.timedelta(minutes=minute)))
    client.force_login(admin_a)

    first = client.get(org_url(org_a))
    assert [row.event.pk for row in first.context["rows"]] == [event.pk for event in reversed(recorded)][:50]
    second = client.get(org_url(org_a), {"page": 2})
    assert [row.event.pk for row in second.context["rows"]] == [event.pk for event in reversed(recorded)][50:]
    assert b'id="page-previous"' in second.content


def test_it_shows_label_object_and_details_in_english(client, admin_a, org_a, events):
    client.force_login(admin_a)
    response = client.get("/en" + org_url(org_a))
    html = response.content.decode()
    assert "Member&#x27;s role changed" in html or "Member's role changed" in html
    assert f"membership #{events['a'].target_id}" in html
    assert "old_role</span>: <bdi>supervisor</bdi>" in html
    assert reverse("organizations:members", args=[org_a.slug]) in html  # the object links to the members page


def test_an_unknown_verb_is_shown_as_written(client, admin_a, org_a):
    audit.record(actor=None, verb="legacy.something_done", target=org_a, organization=org_a)
    client.force_login(admin_a)
    response = client.get(org_url(org_a))
    assert 'data-verb="legacy.something_done">legacy.something_done<' in response.content.decode()


def test_the_organization_page_links_to_the_log_for_admins_only(client, admin_a, manager_a, org_a):
    client.force_login(admin_a)
    assert b'id="audit-log-link"' in client.get(reverse("organizations:detail", args=[org_a.slug])).content
    client.force_login(manager_a)
    assert b'id="audit-log-link"' not in client.get(reverse("organizations:detail", args=[org_a.slug])).content


def test_staff_see_the_log_in_their_navigation(client, staff, admin_a):
    client.force_login(staff)
    assert b'id="nav-audit"' in client.get(reverse("core:home")).content
    client.force_login(admin_a)
    assert b'id="nav-audit"' not in client.get(reverse("core:home")).content


# --- queries -----------------------------------------------------------------------------------


def _record_many(count: int, *, org, actors) -> None:
    for number in range(count):
        audit.record(actor=actors[number % len(actors)], verb="hours.approved", target=org, organization=org, hours=number)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_organization_page_runs_a_fixed_number_of_queries(client, admin_a, manager_a, org_a, django_assert_max_num_queries):
    client.force_login(admin_a)
    _record_many(3, org=org_a, actors=[admin_a])
    few = _queries(client, org_url(org_a))
    _record_many(60, org=org_a, actors=[admin_a, manager_a, UserFactory()])
    with django_assert_max_num_queries(few):
        client.get(org_url(org_a))
    assert _queries(client, org_url(org_a) + "?page=2") == few


def test_the_platform_page_runs_a_fixed_number_of_queries(client, staff, org_a, org_b, admin_a, admin_b, django_assert_max_num_queries):
    client.force_login(staff)
    _record_many(3, org=org_a, actors=[admin_a])
    few = _queries(client, platform_url())
    _record_many(30, org=org_b, actors=[admin_b, UserFactory()])
    _record_many(30, org=org_a, actors=[admin_a, UserFactory()])
    with django_assert_max_num_queries(few):
        client.get(platform_url())
