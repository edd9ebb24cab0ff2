import pytest

from khibra.testing.factories import charter_policy, field, matching_opportunity, matching_volunteer


@pytest.fixture(autouse=True)
def _charter(db):
    return charter_policy()


@pytest.fixture
def finance_opportunity(org_a, admin_a):
    return matching_opportunity(
        organization=org_a,
        by=admin_a,
        title="مراجع قوائم مالية",
        requirements="محاسب قانوني (SOCPA أو CPA) بخبرة في إعداد القوائم المالية.",
        min_years_experience=3,
        fields=[field("finance-accounting")],
    )


@pytest.fixture
def newcomer(db):
    """A newcomer in Riyadh with a finance background (the issue's case)."""
    return matching_volunteer(
        fields=("finance-accounting", "marketing"),
        headline="محاسب قانوني",
        years_of_experience=6,
    )
