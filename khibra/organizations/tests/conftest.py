"""Fixtures of the organizations tests: an organization waiting for review and image uploads."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
import pytest

from khibra.organizations import services
from khibra.testing.factories import UserFactory, city, field


@pytest.fixture
def founder(db):
    return UserFactory(full_name="هند المطيري", email="hind@tamkeen.example.sa")


@pytest.fixture
def draft_org(founder):
    """A non-profit registered through the service: pending, with `founder` as its admin."""
    return services.register_organization(
        by=founder,
        kind="nonprofit",
        name_ar="جمعية تمكين الشباب بمكة",
        name_en="Tamkeen Youth Association",
        registration_number="4521",
        city=city("makkah"),
        fields=[field("governance")],
        contact_email="info@tamkeen.example.sa",
    )


def image_upload(name="logo.png", *, format="PNG", size=(64, 64), mode="RGB", content_type="image/png"):
    buffer = BytesIO()
    Image.new(mode, size, (15, 107, 79)).save(buffer, format=format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


SVG = b"""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<script>alert(1)</script><rect width="10" height="10"/></svg>"""
