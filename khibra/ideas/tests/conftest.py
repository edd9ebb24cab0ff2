import pytest

from khibra.testing.factories import program_of


@pytest.fixture(autouse=True)
def _org_a_runs_a_program(request):
    """An adopted idea becomes a draft in the organization's program: org A runs one."""
    if "org_a" in request.fixturenames:
        program_of(request.getfixturevalue("org_a"))
