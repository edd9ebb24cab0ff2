"""The table of the shared cache (rate limits, throttles, lock-outs) every process reads.

Created whatever CACHES says now, so switching a deployment from Redis back to the database needs no
extra step; `createcachetable` skips a table that already exists.
"""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.CACHE_TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_scheduled_jobs_and_worker_heartbeats")]
    operations = [migrations.RunPython(create, drop)]
