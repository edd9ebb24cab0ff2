"""Recruitment URLs: selection (applications, board, interviews) and outreach (plan, sharing,
imports) live in separate modules and share the `recruitment` namespace."""

from .urls_outreach import urlpatterns as outreach
from .urls_selection import urlpatterns as selection

app_name = "recruitment"
urlpatterns = [*selection, *outreach]
