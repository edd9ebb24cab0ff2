"""Uploads in production (DEBUG off, as in every test): logos are served with safe headers, work
files and paths outside MEDIA_ROOT are not."""

from pathlib import Path

from django.conf import settings
import pytest


@pytest.fixture
def media_file():
    made = []

    def make(relative: str, content: bytes = b"\x89PNG\r\n\x1a\nfake") -> Path:
        path = Path(settings.MEDIA_ROOT) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        made.append(path)
        return path

    yield make
    for path in made:
        path.unlink(missing_ok=True)


def test_a_logo_is_served_inline_with_safe_headers(client, media_file):
    media_file("logos/abc.png")
    response = client.get("/media/logos/abc.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "public" in response["Cache-Control"]


def test_a_logo_that_is_not_an_image_is_downloaded_not_rendered(client, media_file):
    media_file("logos/page.html", b"<script>alert(1)</script>")
    response = client.get("/media/logos/page.html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_work_files_are_not_public_in_production(client, media_file):
    media_file("engagements/1/secret.pdf", b"%PDF-1.4")
    assert client.get("/media/engagements/1/secret.pdf").status_code == 404


def test_paths_outside_the_media_folder_and_missing_files_are_404(client):
    assert client.get("/media/logos/../../settings.py").status_code == 404
    assert client.get("/media/logos/%2e%2e/%2e%2e/etc/passwd").status_code == 404
    assert client.get("/media/logos/missing.png").status_code == 404


def test_only_reads_are_allowed(client, media_file):
    media_file("logos/abc.png")
    assert client.post("/media/logos/abc.png").status_code == 405


def test_the_favicon_points_at_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_logos_are_read_through_the_storage_api_so_any_node_serves_them(client, settings):
    """Object storage shared by every node (here Django's in-memory storage) serves the same way."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    default_storage.save("logos/shared.png", ContentFile(b"\x89PNG\r\n\x1a\nshared"))
    assert not (Path(settings.MEDIA_ROOT) / "logos/shared.png").exists()
    response = client.get("/media/logos/shared.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"shared")
    assert response["Content-Type"] == "image/png"
    assert client.get("/media/logos/other.png").status_code == 404
