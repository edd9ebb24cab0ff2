"""What programs lets the apps above it add (khibra.core.hooks). The nine-step tracker's
registry is in tracker.py."""

from khibra.core.hooks import Hook

program_urls = Hook(
    "programs.program_urls",
    "program_urls(prefix: str) -> list of URL patterns a higher app serves under a program's address "
    "(`prefix` ends with the program's <int:pk>/), named in the programs namespace. Opportunities "
    "serves need_start_opportunity (a draft opportunity from a need of the needs table).",
)
