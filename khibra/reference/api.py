"""API endpoints for this area (see khibra/api/__init__.py for the house rules)."""

from ninja import Router

router = Router(tags=["reference"])
