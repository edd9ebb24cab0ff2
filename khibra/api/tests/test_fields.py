"""Each editable object's web form and its API schemas name the same fields. A field added to a form
without its API counterpart fails here: the opportunity's beneficiary fields once drifted that way
(on the form and the public page, in no API schema)."""

import pytest

from khibra.api.routers import (
    opportunity_shapes as opportunities,
    organizations,
    program_shapes as programs,
    volunteers,
)
from khibra.opportunities.forms import OpportunityForm
from khibra.organizations.forms import OrganizationForm
from khibra.programs.forms import NeedForm, ProgramForm
from khibra.volunteers.forms import ProfileForm

# (form, the schemas that write it, the schemas that read it, the form fields the API carries
# under another name or not at all, each with the reason).
EDITABLE = [
    pytest.param(
        OpportunityForm,
        [opportunities.OpportunityIn, opportunities.OpportunityPatch],
        [opportunities.OpportunityOut, opportunities.ManagementOut],
        {},
        id="opportunity",
    ),
    pytest.param(ProgramForm, [programs.ProgramIn, programs.ProgramPatch], [programs.ProgramDetailOut], {}, id="program"),
    pytest.param(NeedForm, [programs.NeedIn, programs.NeedPatch], [programs.NeedOut], {}, id="need"),
    pytest.param(ProfileForm, [volunteers.ProfilePatch], [volunteers.ProfileOut], {}, id="volunteer-profile"),
    pytest.param(
        OrganizationForm,
        [organizations.OrganizationIn, organizations.OrganizationPatch],
        [organizations.OrganizationOut],
        {
            "logo": "a file, uploaded on the organization's page; the API reads it as logo_url",
            "signature": "an image, uploaded on the organization's page; private, printed only on certificates",
        },
        id="organization",
    ),
]


def _names(schemas) -> set[str]:
    return {name for schema in schemas for name in schema.model_fields}


@pytest.mark.parametrize(("form", "writers", "readers", "elsewhere"), EDITABLE)
def test_every_form_field_is_written_through_the_api(form, writers, readers, elsewhere):
    missing = set(form.base_fields) - _names(writers) - set(elsewhere)
    assert not missing, f"{form.__name__} fields no API schema takes: {sorted(missing)}"


@pytest.mark.parametrize(("form", "writers", "readers", "elsewhere"), EDITABLE)
def test_every_form_field_is_read_through_the_api(form, writers, readers, elsewhere):
    missing = set(form.base_fields) - _names(readers) - set(elsewhere)
    assert not missing, f"{form.__name__} fields no API schema shows: {sorted(missing)}"


@pytest.mark.parametrize(("form", "writers", "readers", "elsewhere"), EDITABLE)
def test_the_exceptions_are_still_form_fields(form, writers, readers, elsewhere):
    """An exception left behind after its field went away would hide the next drift."""
    assert set(elsewhere) <= set(form.base_fields)
