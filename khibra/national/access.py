"""Who may see the national connectors' pages: the reconciliation of hours exists only for platform
staff (404 for anybody else); the open figures are public."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from khibra.organizations.access import require_staff

from .models import HourRecord


def require_platform_staff(user) -> None:
    require_staff(user)


def get_record_for_staff(user, record_id: int) -> HourRecord:
    require_staff(user)
    if not 0 < record_id < 2**63:
        raise Http404
    return get_object_or_404(HourRecord, pk=record_id)
