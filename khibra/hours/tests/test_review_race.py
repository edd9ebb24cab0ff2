"""Two supervisors approve the same hours at the same moment: exactly one approval counts.

Real threads, each with its own connection (`transaction=True`). On PostgreSQL the second
conditional UPDATE (`status = 'submitted'`) waits on the row lock, re-reads the committed row and
matches nothing. pytest-django's in-memory SQLite reports "table is locked" at once instead of
waiting, so the test is skipped there (as in khibra/recruitment/tests/test_selection_race.py);
run it on a file database with TEST_SQLITE_FILE=var/test-race.sqlite3.
"""

from decimal import Decimal
import threading

from django.core.exceptions import ValidationError
from django.db import connection, connections
import pytest

from khibra.core.models import AuditEvent
from khibra.hours import services
from khibra.hours.models import HourEntry
from khibra.organizations.models import Membership
from khibra.testing.factories import (
    MembershipFactory,
    OrganizationFactory,
    VolunteerProfileFactory,
    published_opportunity,
)

from .conftest import log, start

THREADS = 4


# serialized_rollback: a transactional test empties every table; start from the migrated data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_one_of_several_reviewers_approves_the_same_hours():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite in memory: threads get 'table is locked' at once; run with TEST_SQLITE_FILE=var/test-race.sqlite3")
    organization = OrganizationFactory()
    managers = [MembershipFactory(organization=organization, role=Membership.Role.VOLUNTEER_MANAGER).user for _ in range(THREADS)]
    opportunity = published_opportunity(organization, hours_per_week=Decimal("20"))
    engagement = start(opportunity, VolunteerProfileFactory(), managers[0])
    entries = [log(engagement, days_ago=1), log(engagement, days_ago=2)]

    barrier = threading.Barrier(THREADS)
    wins, losses = [], []

    def approve(manager):
        try:
            barrier.wait(timeout=10)
            services.approve_many(entries=entries, by=manager)
            wins.append(manager.pk)
        except ValidationError as error:
            losses.append(error.code)
        except Exception as error:  # anything else is a failure the test must show
            losses.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(manager,)) for manager in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(wins) == 1, (wins, losses)
    assert losses == ["already_reviewed"] * (THREADS - 1)
    assert set(HourEntry.objects.values_list("status", "reviewed_by_id")) == {("approved", wins[0])}
    assert AuditEvent.objects.filter(verb="hours.approved").count() == 2
