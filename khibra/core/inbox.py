"""What waits for someone: the items a role's home lists and the navigation counts.

Each domain app reads its own waiting work (`<app>.selectors.waiting_for_manager(...)` and a
count per kind); the home (`site`) assembles them. An item knows its deadline in working days
(the Friday–Saturday weekend, `core.workdays`) and the one page where it is acted on.
"""

from dataclasses import dataclass
import datetime as dt

from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .workdays import working_days_between

# The kinds of a manager's inbox, in the order the home shows them.
MANAGER_KINDS = ("applications", "interviews", "hours", "work", "reports", "agreements", "readiness")
# How long a reviewer has, in working days, once a volunteer hands something in.
REVIEW_WORKING_DAYS = 3


@dataclass(frozen=True)
class Waiting:
    kind: str  # one of MANAGER_KINDS (or a provider's / staff's kind)
    title: str  # what waits, translated
    subject: str  # who or what it is about: typed by people, shown in <bdi>
    url: str  # where it is acted on, in one click
    due: dt.date | None = None  # the last day to act; None when there is no deadline
    organization: str = ""  # the organization's name, when the reader manages several
    key: str = ""  # a stable id for the element (tests and anchors)

    def working_days_left(self, today: dt.date | None = None) -> int | None:
        """Working days from today to the deadline: 0 on the day, negative once it passed."""
        if self.due is None:
            return None
        today = today or timezone.localdate()
        if self.due >= today:
            return working_days_between(today, self.due)
        return -working_days_between(self.due, today)

    @property
    def days_left(self) -> int | None:
        return self.working_days_left()

    @property
    def days_late(self) -> int:
        left = self.working_days_left()
        return -left if left is not None and left < 0 else 0

    @property
    def is_late(self) -> bool:
        left = self.working_days_left()
        return left is not None and left < 0


def with_bdi(template: str, **values) -> SafeString:
    """A translated sentence with the names people typed (titles, organizations) isolated in
    <bdi>, so that an Arabic title inside an English sentence (or the reverse) keeps its order."""
    isolated = {key: format_html("<bdi>{}</bdi>", value) for key, value in values.items()}
    return mark_safe(conditional_escape(template) % isolated)  # noqa: S308 — the template is escaped, the values are


def sort_key(item: Waiting) -> tuple:
    """Soonest deadline first; items without one last."""
    return (item.due is None, item.due or dt.date.max, item.kind, item.key)
