"""Step 9 and the internal stakeholder survey: lessons, the public impact page, plan again,
relationships."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
import pytest

from khibra.core.models import Notification
from khibra.evaluation import services
from khibra.evaluation.models import ProgramLessons, RelationshipContact, StakeholderResponse
from khibra.opportunities.models import Opportunity
from khibra.programs import services as programs
from khibra.programs.models import Program

from .conftest import approved_hours, engagement_of

pytestmark = pytest.mark.django_db

STAKEHOLDER = {"role": "department", "department": "الموارد البشرية", "goals_met": "4", "work_quality": "5",
               "coordination": "3", "continue_program": "5", "comments": "أفادنا كثيرًا."}


def test_members_answer_the_stakeholder_survey_once(client, program, supervisor_a):
    client.force_login(supervisor_a)
    url = reverse("evaluation:stakeholder_survey", args=[program.organization.slug, program.pk])
    assert b'id="stakeholder-form"' in client.get(url).content
    assert client.post(url, STAKEHOLDER).status_code == 302
    assert client.post(url, STAKEHOLDER).status_code == 200  # the form is gone: answered
    assert StakeholderResponse.objects.get().goals_met == 4


def test_outsiders_cannot_answer_the_stakeholder_survey(client, program, manager_b):
    client.force_login(manager_b)
    url = reverse("evaluation:stakeholder_survey", args=[program.organization.slug, program.pk])
    assert client.post(url, STAKEHOLDER).status_code == 404
    with pytest.raises(PermissionDenied):
        services.answer_stakeholder_survey(program=program, by=manager_b, role="leadership", goals_met=1, work_quality=1,
                                           coordination=1, continue_program=1)
    assert not StakeholderResponse.objects.exists()


def test_a_manager_writes_and_publishes_the_lessons(client, program, manager_a):
    client.force_login(manager_a)
    url = reverse("evaluation:lessons", args=[program.organization.slug, program.pk])
    content = client.get(url).content.decode()
    for element in ("lessons-form", "public-impact-toggle", "plan-again"):
        assert f'id="{element}"' in content
    assert client.post(url, {"what_worked": "الاجتماع الأسبوعي القصير.", "publish": "1"}).status_code == 302
    lessons = ProgramLessons.objects.get(program=program)
    assert lessons.published_at is not None


def test_empty_lessons_cannot_be_published(client, program, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("evaluation:lessons", args=[program.organization.slug, program.pk]), {"publish": "1"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not ProgramLessons.objects.filter(published_at__isnull=False).exists()


def test_a_supervisor_reads_the_lessons_but_cannot_change_them(client, program, opportunity, supervisor_a):
    client.force_login(supervisor_a)
    url = reverse("evaluation:lessons", args=[program.organization.slug, program.pk])
    assert b'id="lessons-read"' in client.get(url).content
    assert client.post(url, {"what_worked": "x"}).status_code == 403
    toggle = reverse("evaluation:public_impact_toggle", args=[program.organization.slug, program.pk])
    assert client.post(toggle, {"public": "1"}).status_code == 403
    assert not ProgramLessons.objects.exists()


def test_the_public_impact_page_exists_only_when_switched_on_and_shows_no_names(client, program, opportunity, manager_a):
    engagement = engagement_of(opportunity)
    survey = services.on_engagement_closed(engagement=engagement)
    services.answer_survey(survey=survey, by=engagement.volunteer.user, satisfaction=5, organization_quality=4, training=4,
                           recommend=5, suggestions="اقتراح شخصي جدًا")
    approved_hours(engagement, "12")
    services.save_lessons(program=program, by=manager_a, what_worked="اجتماع أسبوعي قصير.")
    url = reverse("evaluation:impact", args=[program.pk])
    assert client.get(url).status_code == 404
    client.force_login(manager_a)
    client.post(reverse("evaluation:public_impact_toggle", args=[program.organization.slug, program.pk]), {"public": "1"})
    client.logout()
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="axis-2"' in content and 'id="axis-4"' in content
    assert 'id="charts-hidden"' in content  # one answer only: below MIN_REVIEWS_TO_SHOW
    assert 'id="impact-share-linkedin"' in content and 'id="impact-share-x"' in content  # the page's own address to share
    assert engagement.volunteer.user.full_name not in content
    assert "اقتراح شخصي جدًا" not in content
    services.set_public_impact(program=program, by=manager_a, public=False)
    assert client.get(url).status_code == 404


def test_an_empty_impact_page_cannot_be_published(client, program, opportunity, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("evaluation:public_impact_toggle", args=[program.organization.slug, program.pk]), {"public": "1"}, follow=True)
    assert b'class="message message-error"' in response.content
    assert not ProgramLessons.objects.filter(public_impact=True).exists()
    assert client.get(reverse("evaluation:impact", args=[program.pk])).status_code == 404
    # Words without figures are not enough either.
    services.save_lessons(program=program, by=manager_a, what_worked="اجتماع أسبوعي قصير.")
    with pytest.raises(ValidationError):
        services.set_public_impact(program=program, by=manager_a, public=True)
    approved_hours(engagement_of(opportunity), "6")
    services.set_public_impact(program=program, by=manager_a, public=True)
    assert ProgramLessons.objects.get(program=program).public_impact


def test_plan_again_starts_the_next_cycle(client, program, opportunity, manager_a):
    programs.add_need(program=program, by=manager_a, title="نظام محاسبي", description="")
    past = engagement_of(opportunity)
    client.force_login(manager_a)
    response = client.post(reverse("evaluation:plan_again", args=[program.organization.slug, program.pk]), {
        "name": "الدورة الثانية", "goal": program.goal, "starts_on": "2025-01-01", "ends_on": "2025-06-30",
    })
    assert response.status_code == 302
    new = Program.objects.get(previous=program)
    assert list(new.needs.on_list().values_list("title", flat=True)) == ["نظام محاسبي"]
    copy = Opportunity.objects.get(program=new)
    assert (copy.status, copy.title) == ("draft", opportunity.title)
    assert Opportunity.objects.get(pk=opportunity.pk).status == "published"
    contact = RelationshipContact.objects.get(user=past.volunteer.user)
    assert (contact.kind, contact.program) == ("next_cycle", new)
    assert Notification.objects.filter(user=past.volunteer.user, kind="evaluation.next_cycle").exists()


def test_plan_again_with_bad_dates_writes_nothing(client, program, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("evaluation:plan_again", args=[program.organization.slug, program.pk]), {
        "name": "الدورة الثانية", "goal": program.goal, "starts_on": "2025-06-30", "ends_on": "2025-01-01",
    })
    assert response.status_code == 400
    assert not Program.objects.filter(previous=program).exists()


@pytest.mark.parametrize(("persona", "code"), [("supervisor_a", 403), ("manager_b", 404)])
def test_only_managers_plan_again(client, program, persona, code, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("evaluation:plan_again", args=[program.organization.slug, program.pk])).status_code == code


def test_the_relationships_list_and_an_event_invitation(client, program, opportunity, manager_a):
    past = engagement_of(opportunity, ended_on=dt.date(2024, 5, 1))
    engagement_of(opportunity, status="active")
    client.force_login(manager_a)
    url = reverse("evaluation:relationships", args=[program.organization.slug])
    response = client.get(url)
    assert b'id="relationships"' in response.content
    assert [person.user for person in response.context["people"]] == [past.volunteer.user]
    invite = reverse("evaluation:relationship_invite", args=[program.organization.slug, past.volunteer.user.pk])
    future = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    assert client.post(invite, {"event_title": "لقاء المتطوعين السنوي", "event_date": future}).status_code == 302
    assert RelationshipContact.objects.get(kind="event").event_title == "لقاء المتطوعين السنوي"
    assert Notification.objects.filter(user=past.volunteer.user, kind="evaluation.event").exists()
    from khibra.core.models import OutboundEmail

    email = OutboundEmail.objects.filter(to=past.volunteer.user.email).latest("pk")  # with the day for the calendar
    contact = RelationshipContact.objects.get(kind="event")
    assert email.attachments[0]["name"] == "event.ics" and f"UID:event-{contact.pk}@" in email.attachments[0]["content"]
    assert client.post(invite, {"event_title": "", "event_date": future}).status_code == 400
    assert RelationshipContact.objects.count() == 1


def test_strangers_cannot_be_invited_and_other_orgs_see_nothing(client, program, manager_a, manager_b, plain_user):
    client.force_login(manager_a)
    invite = reverse("evaluation:relationship_invite", args=[program.organization.slug, plain_user.pk])
    assert client.post(invite, {"event_title": "لقاء", "event_date": "2030-01-01"}).status_code == 404
    client.force_login(manager_b)
    assert client.get(reverse("evaluation:relationships", args=[program.organization.slug])).status_code == 404
    assert not RelationshipContact.objects.exists()


def test_the_impact_page_leads_with_the_figures_and_numbers_its_sections_from_1(client, program, opportunity, manager_a):
    import re

    engagement = engagement_of(opportunity)
    approved_hours(engagement, "10")
    services.save_lessons(program=program, by=manager_a, challenges_overcome="تأخر التسليم، فعدّلنا الجدول.",
                          challenges_open="قلة المشرفين.", impact_examples="موقع جديد يخدم الأسر المكفولة.")
    services.set_public_impact(program=program, by=manager_a, public=True)
    content = client.get(reverse("evaluation:impact", args=[program.pk])).content.decode()
    numbers = re.findall(r'<span class="section-number">(\d+)\.</span>', content)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert content.index('id="impact-headline"') < content.index('id="impact-examples"') < content.index('id="impact-challenges"')
    for figure in ('id="figure-hours"', 'id="figure-value"', 'id="figure-value-market"', 'id="figure-beneficiaries"'):
        assert figure in content
    assert "قلة المشرفين." in content and "تأخر التسليم، فعدّلنا الجدول." in content
