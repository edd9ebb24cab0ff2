"""Work held with a lease: the one claim/renew/finish/sweep implementation for background work.

The database row is the truth and the task queue only wakes a worker. A row of work is *waiting*
until a worker claims it: one conditional UPDATE (after `SELECT ... FOR UPDATE SKIP LOCKED` on
PostgreSQL, so that a row being claimed elsewhere is skipped rather than waited for) gives it the
*held* status, a lease (`lease_until`), the claimer's name and one more attempt; no two workers
get the same row. The holder renews the lease while it works (`renew` raises `LeaseLost` when the
lease was handed on) and ends with `finish`. A worker that dies leaves its lease to run out.

`sweep` hands on what a dead worker left: a held row whose lease ran out goes back to waiting and
a worker is woken for it, or it is given up after `max_attempts`; a waiting row that no worker
took within a lease (the wake-up was lost) is woken again, once per lease. On a waiting row the
lease field is that wake-up mark and a claim ignores it.

Work whose rows keep one status while held (`held == waiting`, e.g. a batch of alerts) is held by
the lease alone: a claim takes rows without a running lease, and the sweep only wakes workers.

Each app declares its `LeasedWork` beside the code that does the work and registers it in its
`AppConfig.ready()`; the periodic job `core.sweep_leases` (core.schedule) sweeps every one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import logging
from typing import Any, Protocol
import uuid

from django.db import InterfaceError, OperationalError, connections, models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """The lease ran out and the work was handed on: stop and keep nothing."""


class Sweepable(Protocol):
    name: str

    def sweep(self) -> int: ...


@dataclass(frozen=True)
class Sweep:
    """A sweep written by hand, for work not (yet) declared as LeasedWork."""

    name: str
    sweep: Callable[[], int]


def _no_values(now: datetime) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class LeasedWork:
    """One table of background work. Field names are the conventional ones: `status`,
    `lease_until`, `attempts`, and optionally an owner field (who holds the lease)."""

    name: str
    model: type[models.Model]
    waiting: str
    held: str
    lease: Callable[[], timedelta]  # read at each use: settings may shorten it
    max_attempts: int
    wake: Callable[[list[int]], Any]  # queue a task for these rows
    owner_field: str | None = None
    waiting_since: str = "created_at"  # since when a waiting row without a wake-up mark waits
    touch_field: str | None = None  # set to now with every write (e.g. `updated_at`)
    give_up: Callable[[datetime], dict[str, Any]] | None = None  # values for a row out of attempts
    on_return: Callable[[datetime], dict[str, Any]] = field(default=_no_values)  # extra values back to waiting
    sweep_only: Q | None = None  # waiting rows the sweep looks at (e.g. not those kept for a digest)
    sweep_limit: int = 1000  # expired leases handed on per sweep
    # Forgotten rows woken per sweep: the sweep is a task on the same queue, and waking a long
    # backlog row by row would keep the worker enqueueing wake-ups instead of doing the work.
    wake_limit: int = 100

    # -- helpers -----------------------------------------------------------------------------

    @property
    def rows(self) -> models.QuerySet:
        return self.model._default_manager.all()

    @property
    def in_place(self) -> bool:
        """Held by the lease alone: the status does not change on a claim."""
        return self.held == self.waiting

    def _values(self, now: datetime, values: dict[str, Any], owner: str | None = None) -> dict[str, Any]:
        if self.touch_field:
            values.setdefault(self.touch_field, now)
        if self.owner_field and owner is not None:
            values[self.owner_field] = owner[:100]
        return values

    def claimable(self, now: datetime) -> Q:
        condition = Q(status=self.waiting, attempts__lt=self.max_attempts)
        if self.in_place:
            condition &= Q(lease_until__isnull=True) | Q(lease_until__lt=now)
        return condition

    def holding(self, owner: str | None = None) -> Q:
        condition = Q(status=self.held)
        if self.owner_field and owner is not None:
            condition &= Q(**{self.owner_field: owner[:100]})
        return condition

    # -- claim, renew, finish ----------------------------------------------------------------

    def claim(self, pk: int, *, owner: str = "", **values: Any) -> bool:
        """Take the lease on one row; False when another worker holds it, it is finished, or
        it has had all its attempts."""
        return bool(self._claim(Q(pk=pk), owner=owner, limit=1, values=values))

    def claim_batch(self, *, owner: str, limit: int, where: Q | None = None, **values: Any) -> list[int]:
        """Take the lease on up to `limit` claimable rows (oldest first); returns their ids. Needs
        an owner field: the claim is tagged with a token unique to this call and read back."""
        assert self.owner_field, f"{self.name}: a batch claim needs an owner field"
        token = f"{owner[:40]}:{uuid.uuid4().hex}"
        self._claim(where or Q(), owner=token, limit=limit, values=values)
        return list(self.rows.filter(self.holding(token)).order_by("pk").values_list("pk", flat=True))

    def _claim(self, where: Q, *, owner: str, limit: int, values: dict[str, Any]) -> int:
        now = timezone.now()
        claimable = self.claimable(now) & where
        update = self._values(
            now, {**values, "status": self.held, "lease_until": now + self.lease(), "attempts": F("attempts") + 1}, owner
        )
        with transaction.atomic(using=self.rows.db):
            candidates = self.rows.filter(claimable).order_by("pk")
            if connections[self.rows.db].features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            ids = list(candidates.values_list("pk", flat=True)[:limit])
            if not ids:
                return 0
            # The condition again: on SQLite (no row locks) the UPDATE itself makes the claim exclusive.
            return self.rows.filter(claimable, pk__in=ids).update(**update)

    def renew(self, pk: int, *, owner: str | None = None, **values: Any) -> None:
        """Extend the lease while the work goes on, writing `values` (progress) with it."""
        now = timezone.now()
        held = self.rows.filter(self.holding(owner), pk=pk)
        if self.in_place:
            held = held.filter(lease_until__gte=now)
        if not held.update(**self._values(now, {**values, "lease_until": now + self.lease()})):
            raise LeaseLost(f"{self.name} {pk}")

    def finish(self, pk_or_ids: int | Iterable[int], *, status: str, owner: str | None = None, **values: Any) -> int:
        """End the work on these rows: their new status, the lease cleared. With an owner, only
        while that owner holds the lease (whoever took it over wins); without one, on any row not
        finished yet: what was done is recorded even if the lease ran out meanwhile, so that
        nobody does it again."""
        ids = [pk_or_ids] if isinstance(pk_or_ids, int) else list(pk_or_ids)
        now = timezone.now()
        if self.owner_field and owner is not None:
            rows = self.rows.filter(self.holding(owner), pk__in=ids)
        else:
            rows = self.rows.filter(status__in={self.waiting, self.held}, pk__in=ids)
        update = {**values, "status": status, "lease_until": None}
        if self.owner_field and not self.in_place:
            update[self.owner_field] = ""
        return rows.update(**self._values(now, update))

    def release(self, pk_or_ids: int | Iterable[int], *, owner: str | None = None, **values: Any) -> int:
        """Give the rows back to waiting (a retry later), without using up an attempt more."""
        return self.finish(pk_or_ids, status=self.waiting, owner=owner, **values)

    # -- sweep -------------------------------------------------------------------------------

    def stale(self, now: datetime) -> Q:
        """Waiting rows a worker should be woken for: never woken within a lease, or whose
        wake-up mark (or, held in place, whose lease) ran out."""
        lease = self.lease()
        condition = Q(status=self.waiting, attempts__lt=self.max_attempts) & (
            Q(lease_until__lt=now) | Q(lease_until__isnull=True, **{f"{self.waiting_since}__lt": now - lease})
        )
        return condition & self.sweep_only if self.sweep_only is not None else condition

    def sweep(self) -> int:
        """Hand on what dead workers left and wake workers for forgotten rows. Returns how many
        rows a worker was woken for."""
        now = timezone.now()
        woken: list[int] = []
        if not self.in_place:
            self._give_up(now)
            woken += self._take_back(now)
        forgotten = list(self.rows.filter(self.stale(now)).order_by("pk").values_list("pk", flat=True)[: self.wake_limit])
        if forgotten and not self.in_place:
            # The wake-up mark: woken once per lease, not at every sweep (a backlog that takes longer
            # than a lease to drain would otherwise fill the queue with duplicate wake-ups).
            self.rows.filter(self.stale(now), pk__in=forgotten).update(**self._values(now, {"lease_until": now + self.lease()}))
        woken += forgotten
        if woken:
            self.wake(woken)
        return len(woken)

    def _give_up(self, now: datetime) -> None:
        if self.give_up is None:
            return
        exhausted = self.rows.filter(status=self.held, lease_until__lt=now, attempts__gte=self.max_attempts)
        update = {**self.give_up(now), "lease_until": None}
        if self.owner_field:
            update[self.owner_field] = ""
        given_up = exhausted.update(**self._values(now, update))
        if given_up:
            logger.warning("%s: gave up on %s row(s) interrupted %s times", self.name, given_up, self.max_attempts)

    def _take_back(self, now: datetime) -> list[int]:
        """Held rows whose lease ran out go back to waiting, marked as woken now."""
        expired = Q(status=self.held, lease_until__lt=now, attempts__lt=self.max_attempts)
        ids = list(self.rows.filter(expired).order_by("pk").values_list("pk", flat=True)[: self.sweep_limit])
        if not ids:
            return []
        update = {**self.on_return(now), "status": self.waiting, "lease_until": now + self.lease()}
        if self.owner_field:
            update[self.owner_field] = ""
        self.rows.filter(expired, pk__in=ids).update(**self._values(now, update))
        # Read back: a sweep running at the same moment took the others.
        return list(self.rows.filter(status=self.waiting, pk__in=ids, lease_until=update["lease_until"]).values_list("pk", flat=True))


# -- the registry the periodic sweep walks ------------------------------------------------------

SWEEP_JOB = "core.sweep_leases"  # the periodic job (core.apps) that calls sweep_all()

_registry: dict[str, Sweepable] = {}


def register(work: Sweepable) -> Sweepable:
    """Add a table of leased work to the periodic sweep (from an AppConfig.ready())."""
    _registry[work.name] = work
    return work


def registered() -> tuple[Sweepable, ...]:
    return tuple(_registry.values())


def sweep_all() -> dict[str, int]:
    """Sweep every registered table; one that fails does not keep the others from their sweep,
    a database that went away does (the run is tried again at the next period)."""
    woken = {}
    for work in registered():
        try:
            woken[work.name] = work.sweep()
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            logger.exception("sweeping %s failed", work.name)
    return {name: count for name, count in woken.items() if count}
