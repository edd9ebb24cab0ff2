"""The backup drill: back up a world, restore it into a NEW database, compare counts and checksums.

Runs on whichever engine the suite runs on: SQLite's online copy on the SQLite pass, pg_dump and
pg_restore on the PostgreSQL pass (CI runs both). The world is committed (`transaction=True`)
because pg_dump reads what other sessions can see.
"""

import datetime as dt
from decimal import Decimal
import os
import subprocess

from django.db import connection
from django.utils import timezone
import pytest

from khibra.core import audit
from khibra.core.backup import (
    BackupError,
    create_backup,
    database_alias,
    drop_postgres_database,
    key_table_digest,
    read_manifest,
    restore_backup,
)
from khibra.engagements.models import Engagement
from khibra.hours.models import HourEntry
from khibra.recruitment.models import Application
from khibra.testing.factories import VolunteerProfileFactory, published_opportunity

from .processes import PYTHON, ROOT, share_database

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_ROOT = tmp_path / "exports"
    (settings.MEDIA_ROOT / "submissions" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "submissions" / "2026" / "تقرير.pdf").write_bytes(b"%PDF-1.4 report of the volunteer")
    settings.EXPORTS_ROOT.mkdir(parents=True)
    (settings.EXPORTS_ROOT / "hours.xlsx").write_bytes(b"PK\x03\x04 an export")
    return settings


@pytest.fixture
def reference_data(transactional_db):
    """In a whole run an earlier transactional test may leave the tables that migrations fill
    empty; the world needs the reference rows (cities, fields) back first."""
    from django.apps import apps

    from khibra.reference import data

    data.load(apps)


@pytest.fixture
def world(reference_data, org_a, admin_a, files):
    """Every key table has rows, Arabic text, dates, decimals and JSON among them."""
    opportunity = published_opportunity(org_a, created_by=admin_a, title="محلل بيانات للجمعية")
    for n in range(3):
        profile = VolunteerProfileFactory(headline=f"مستشار مالي رقم {n}")
        now = timezone.now()
        Application.objects.create(opportunity=opportunity, volunteer=profile, status="accepted", motivation="خبرتي تناسب الفرصة.", decided_at=now)
        engagement = Engagement.objects.create(opportunity=opportunity, volunteer=profile, status="active", started_on=dt.date(2026, 1, 4))
        HourEntry.objects.create(
            engagement=engagement, date=dt.date(2026, 1, 5 + n), hours=Decimal("2.50"), status="approved", submitted_by=profile.user,
            volunteer=profile, opportunity=opportunity, organization=org_a, level=opportunity.level, reviewed_by=admin_a, reviewed_at=now,
        )
        audit.record(actor=admin_a, verb="hours.approved", target=engagement, organization=org_a, hours="2.50", note="اعتمدت الساعات")
    return opportunity


def _new_database(tmp_path) -> dict:
    if connection.vendor == "postgresql":
        return {"NAME": f"{connection.settings_dict['NAME']}_drill_{os.getpid()}"}
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3"), "OPTIONS": {}}


@pytest.fixture
def new_database(tmp_path):
    target = _new_database(tmp_path)
    yield target
    if connection.vendor == "postgresql":
        drop_postgres_database({**connection.settings_dict, **target})


def test_the_drill_restores_into_a_new_database_with_equal_counts_and_checksums(world, files, tmp_path, new_database):
    live = key_table_digest()
    assert all(live[label]["rows"] > 0 for label in live if label != "certificates.Certificate")

    folder = create_backup(into=tmp_path / "backups")
    manifest = read_manifest(folder)
    assert manifest["engine"] == connection.vendor
    assert manifest["database_file"] == ("database.dump" if connection.vendor == "postgresql" else "database.sqlite3")
    assert manifest["tables"] == live  # the manifest describes the database as it was

    # The files come back into fresh folders.
    files.MEDIA_ROOT = tmp_path / "media-restored"
    files.EXPORTS_ROOT = tmp_path / "exports-restored"
    result = restore_backup(folder, target=new_database)

    assert result["mismatches"] == []
    assert result["tables"] == live
    assert (files.MEDIA_ROOT / "submissions" / "2026" / "تقرير.pdf").read_bytes() == b"%PDF-1.4 report of the volunteer"
    assert (files.EXPORTS_ROOT / "hours.xlsx").read_bytes() == b"PK\x03\x04 an export"

    # The checksum sees a one-character change in the restored copy.
    with database_alias({**connection.settings_dict, **new_database}) as alias:
        HourEntry.objects.using(alias).filter(pk=HourEntry.objects.order_by("pk").first().pk).update(hours=Decimal("2.51"))
        changed = key_table_digest(using=alias)
    assert changed["hours.HourEntry"]["rows"] == live["hours.HourEntry"]["rows"]
    assert changed["hours.HourEntry"]["md5"] != live["hours.HourEntry"]["md5"]


def test_it_refuses_to_restore_over_a_database_that_has_tables_unless_forced(world, tmp_path, new_database):
    folder = create_backup(into=tmp_path / "backups")
    assert restore_backup(folder, target=new_database, files=False)["mismatches"] == []
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(folder, target=new_database, files=False)
    assert restore_backup(folder, target=new_database, files=False, force=True)["mismatches"] == []


def test_it_refuses_a_damaged_backup(world, tmp_path, new_database):
    folder = create_backup(into=tmp_path / "backups")
    with (folder / "media.tar.gz").open("ab") as archive:
        archive.write(b"\0")
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(folder, target=new_database)


def test_the_commands_back_up_and_restore(world, tmp_path, new_database):
    """bin/backup and bin/restore as an operator runs them (`make backup`, `make restore`)."""
    env = share_database(tmp_path / "data")
    env.update(MEDIA_ROOT=str(tmp_path / "media"), EXPORTS_ROOT=str(tmp_path / "exports"))
    done = subprocess.run([PYTHON, "bin/backup", "--into", str(tmp_path / "cli")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    folder = done.stdout.strip().splitlines()[-1]
    assert read_manifest(folder)["tables"] == key_table_digest()

    refused = subprocess.run([PYTHON, "bin/restore", folder], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1 and "not empty" in refused.stderr

    env.update(MEDIA_ROOT=str(tmp_path / "media-cli"), EXPORTS_ROOT=str(tmp_path / "exports-cli"))
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + new_database["NAME"]
        command = [PYTHON, "bin/restore", folder]
    else:
        command = [PYTHON, "bin/restore", folder, "--sqlite-file", new_database["NAME"]]
    restored = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert restored.returncode == 0, restored.stderr
    assert "every key table matches the manifest" in restored.stdout
    assert (tmp_path / "media-cli" / "submissions" / "2026" / "تقرير.pdf").exists()
