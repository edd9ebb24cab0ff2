import os

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "fault: starts real processes (worker, gunicorn, a private PostgreSQL) and breaks them on purpose"
    )


def pytest_collection_modifyitems(config, items):
    """The fault tests take minutes on two cores: `make faulttest` (and CI) run them on their own."""
    if os.environ.get("FAULT_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="a fault test: run with `make faulttest` (FAULT_TESTS=1)")
    for item in items:
        if "fault" in item.keywords:
            item.add_marker(skip)
