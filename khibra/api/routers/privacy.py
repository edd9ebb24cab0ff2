"""Privacy: the caller's own data, the same export as the "download my data" page. Erasure is
not offered here: it needs the password typed on the web page."""

from typing import Any

from ninja import Router

from khibra.api.auth import require_personal
from khibra.api.errors import ERRORS
from khibra.privacy import selectors, services

router = Router(tags=["privacy"])


@router.get(
    "/me/personal-data/",
    response={200: dict[str, Any], **ERRORS},
    summary="Everything the platform holds about you (the 'download my data' export)",
)
def my_personal_data(request):
    require_personal(request)
    data = selectors.export_personal_data(request.user)
    services.record_export(user=request.user, format="api")
    return data
