from functools import cached_property

from django.http import HttpRequest

from khibra.organizations import selectors


class _Navigation:
    """What the navigation bar needs: the user's organizations and roles, whether they volunteer,
    and the unread count for the bell. Read lazily (a fragment without the header, such as an htmx
    answer, costs nothing) and at most once per page:

    - a member whose page already went through an access helper: no query (the helper's list of
      memberships carries the two facts, organizations.selectors);
    - anybody else: one query on the user row, plus the memberships if they have any.
    """

    def __init__(self, user):
        self.user = user

    @cached_property
    def _read(self) -> tuple[list, int, bool]:
        memberships = selectors.take_remembered_memberships(self.user)
        if memberships:
            return memberships, memberships[0].unread_notifications, memberships[0].is_volunteer
        facts = selectors.user_facts(self.user)
        if facts.is_member and memberships is None:
            memberships = selectors.active_memberships(self.user)
            selectors.take_remembered_memberships(self.user)
        return memberships or [], facts.unread_notifications, facts.is_volunteer

    # Templates call these (a callable in the context is called when the variable is read).
    def memberships(self) -> list:
        return self._read[0]

    def unread_notifications(self) -> int:
        return self._read[1]

    def is_volunteer(self) -> bool:
        return self._read[2]

    def manages(self) -> bool:
        """Whether the home link carries the count of what waits (managers and coordinators). The
        count itself is fetched after the page (core:waiting_badge), so that no page pays for it."""
        return any(membership.can_manage for membership in self.memberships())


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_memberships": [], "nav_is_volunteer": False, "nav_unread_notifications": 0, "nav_manages": False}
    navigation = _Navigation(user)
    return {
        "nav_memberships": navigation.memberships,
        "nav_is_volunteer": navigation.is_volunteer,
        "nav_unread_notifications": navigation.unread_notifications,
        "nav_manages": navigation.manages,
    }
