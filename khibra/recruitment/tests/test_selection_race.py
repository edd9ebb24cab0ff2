"""Two managers accept two applicants for the last seat at the same moment: exactly one wins.

Real threads, each with its own database connection, so the test needs committed data
(`transaction=True`) and every thread closes its connection at the end.

- PostgreSQL: both conditional UPDATEs (`seats_filled < seats`) run concurrently; the second waits
  on the row lock, re-reads the committed row and matches nothing.
- SQLite: settings open every transaction with BEGIN IMMEDIATE and a busy timeout, so writers
  queue one after the other and the second sees the seat taken. pytest-django's SQLite test
  database is in memory ("shared cache"), which threads can share, but shared-cache locking
  reports "database table is locked" at once instead of waiting on the busy timeout. So on an
  in-memory test database the test is skipped; set TEST_SQLITE_FILE (settings.py) to run it on a
  file database, as production does:
  TEST_SQLITE_FILE=var/test-race.sqlite3 pytest khibra/recruitment/tests/test_selection_race.py
"""

import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections
import pytest

from khibra.engagements.models import Engagement
from khibra.opportunities.models import Opportunity
from khibra.organizations.models import Membership
from khibra.recruitment.models import Application
from khibra.recruitment.services import applications as services
from khibra.testing.factories import (
    MembershipFactory,
    OrganizationFactory,
    VolunteerProfileFactory,
    published_opportunity,
    ready_volunteer,
)

from .selection_fixtures import apply_to

THREADS = 4


def _race(applications, managers) -> tuple[list, list]:
    barrier = threading.Barrier(len(applications))
    wins, losses = [], []

    def accept(application, manager):
        try:
            barrier.wait(timeout=10)
            services.accept_application(application=application, by=manager)
            wins.append(application.pk)
        except ValidationError as error:
            losses.append(error.code)
        except Exception as error:  # anything else is a failure the test must show
            losses.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(applications, managers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return wins, losses


# serialized_rollback: a transactional test empties every table; start from the migrated data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_one_of_several_managers_gets_the_last_seat():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite in memory: threads get 'table is locked' at once; run with TEST_SQLITE_FILE=var/test-race.sqlite3")
    organization = OrganizationFactory()
    managers = [MembershipFactory(organization=organization, role=Membership.Role.VOLUNTEER_MANAGER).user for _ in range(THREADS)]
    opportunity = published_opportunity(organization, seats=2)
    Opportunity.objects.filter(pk=opportunity.pk).update(seats_filled=1)  # one seat left
    applications = [apply_to(opportunity, ready_volunteer(VolunteerProfileFactory())) for _ in range(THREADS)]

    wins, losses = _race(applications, managers)

    opportunity.refresh_from_db()
    assert len(wins) == 1, (wins, losses)
    assert losses == ["no_seats"] * (THREADS - 1) or set(losses) <= {"no_seats", "changed"}
    assert opportunity.seats_filled == opportunity.seats == 2
    assert Application.objects.filter(status=Application.Status.ACCEPTED).count() == 1
    assert Engagement.objects.count() == 1
