"""Backup and restore: the database, the uploaded files and the built exports, with a manifest.

A backup is a folder `khibra-<UTC time>/` holding
- `database.dump` (PostgreSQL, `pg_dump -Fc`) or `database.sqlite3` (SQLite, copied with the
  online backup API, so a database in WAL mode that is being written to copies consistently);
- `media.tar.gz` (MEDIA_ROOT) and `exports.tar.gz` (EXPORTS_ROOT);
- `manifest.json`: row counts and checksums of the key tables, and a SHA-256 of every file.

The checksums describe exactly what was dumped: on PostgreSQL they are read in the same
repeatable-read snapshot that pg_dump is given; on SQLite they are read from the copy. The same
`key_table_digest` checks a restore (bin/restore) and the drill (tests/reliability).
"""

from __future__ import annotations

from contextlib import contextmanager
import datetime as dt
import decimal
import hashlib
import json
import os
from pathlib import Path
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.utils import load_backend

MANIFEST = "manifest.json"
FORMAT = 1
# The tables whose loss would hurt most; each is checked by count and checksum.
KEY_MODELS = [
    "accounts.User",
    "volunteers.VolunteerProfile",
    "organizations.Organization",
    "opportunities.Opportunity",
    "recruitment.Application",
    "engagements.Engagement",
    "hours.HourEntry",
    "certificates.Certificate",
    "core.AuditEvent",
]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


# --- the checksum -------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID, dt.timedelta)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    raise TypeError(f"cannot checksum {type(value).__name__}")


def table_digest(model, *, using: str = "default") -> tuple[int, str]:
    """(rows, md5) of every column of every row, rows ordered by primary key."""
    columns = [field.attname for field in model._meta.concrete_fields]
    rows = model._base_manager.using(using).order_by("pk").values_list(*columns)
    digest = hashlib.md5(usedforsecurity=False)
    count = 0
    for row in rows.iterator(chunk_size=2000):
        digest.update(json.dumps(row, default=_plain, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def key_table_digest(*, using: str = "default") -> dict[str, dict]:
    """{"accounts.User": {"rows": n, "md5": "..."}, ...} for the key tables."""
    result = {}
    for label in KEY_MODELS:
        rows, md5 = table_digest(apps.get_model(label), using=using)
        result[label] = {"rows": rows, "md5": md5}
    return result


@contextmanager
def database_alias(settings_dict: dict, alias: str = "khibra_backup_check"):
    """A temporary connection alias to another database (a restored copy, say). The connection
    is made by hand, not added to DATABASES: Django's test cases allow such connections."""
    merged = {**connections.databases["default"], **settings_dict}
    connections[alias] = load_backend(merged["ENGINE"]).DatabaseWrapper(merged, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


# --- helpers ------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    """The PostgreSQL client program: PG_BIN, else the newest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]), reverse=True)
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found: install the PostgreSQL client or set PG_BIN.")
    return found


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _psycopg_args(settings_dict: dict) -> dict:
    names = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    return {name: settings_dict[key] for key, name in names.items() if settings_dict.get(key)}


def _run(command: list[str], env: dict | None = None) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")


def _is_postgres(settings_dict: dict) -> bool:
    return settings_dict["ENGINE"] == "django.db.backends.postgresql"


def _tar_folder(source: Path, target: Path) -> None:
    with tarfile.open(target, "w:gz") as archive:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(source)), recursive=False)


def _exports_root() -> Path:
    return Path(getattr(settings, "EXPORTS_ROOT", Path(settings.DATA_DIR) / "private" / "exports"))


# --- backup -------------------------------------------------------------------------------------


def create_backup(*, into: Path | None = None, using: str = "default") -> Path:
    """Write a complete backup folder under `into` (BACKUP_DIR by default); returns its path."""
    into = Path(into or settings.BACKUP_DIR)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    folder = into / f"khibra-{stamp}"
    partial = into / f".partial-khibra-{stamp}"
    partial.mkdir(parents=True)
    try:
        connection = connections[using]
        if connection.vendor == "postgresql":
            database_file, digest = _dump_postgres(connection, partial / "database.dump")
        elif connection.vendor == "sqlite":
            database_file, digest = _copy_sqlite(connection, partial / "database.sqlite3")
        else:  # pragma: no cover - settings allow only these two
            raise BackupError(f"cannot back up a {connection.vendor} database")
        _tar_folder(Path(settings.MEDIA_ROOT), partial / "media.tar.gz")
        _tar_folder(_exports_root(), partial / "exports.tar.gz")
        files = {name: _sha256(partial / name) for name in (database_file, "media.tar.gz", "exports.tar.gz")}
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": connection.vendor,
            "database_file": database_file,
            "files": files,
            "tables": digest,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        # Only a finished backup gets its real name: a crash leaves a `.partial-` folder.
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


def _dump_postgres(connection, target: Path) -> tuple[str, dict]:
    """pg_dump and the checksums read in one snapshot, so the manifest matches the dump exactly."""
    args, env = _pg_args(connection.settings_dict)
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run(
            [_pg_tool("pg_dump"), *args, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
             "-f", str(target), "-d", connection.settings_dict["NAME"]],
            env,
        )
        digest = key_table_digest(using=connection.alias)
    return target.name, digest


def _copy_sqlite(connection, target: Path) -> tuple[str, dict]:
    """SQLite's online backup (never a file copy: a WAL database's last writes live in -wal)."""
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    with sqlite3.connect(target) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    with database_alias({"NAME": str(target), "OPTIONS": {}, "TEST": {}}) as alias:
        digest = key_table_digest(using=alias)
    return target.name, digest


# --- restore ------------------------------------------------------------------------------------


def read_manifest(backup: Path) -> dict:
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{backup} is not a Khibra backup (no {MANIFEST}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{backup} has backup format {manifest.get('format')!r}; this version reads {FORMAT}.")
    for name, sha in manifest["files"].items():
        if not (backup / name).exists() or _sha256(backup / name) != sha:
            raise BackupError(f"{backup / name} is missing or damaged (its SHA-256 differs from the manifest).")
    return manifest


def database_has_tables(settings_dict: dict) -> bool:
    """Whether the database holds any table (a database missing on the server is created)."""
    if _is_postgres(settings_dict):
        if create_postgres_database(settings_dict):
            return False
    elif str(settings_dict["NAME"]).startswith(("file:", ":memory:")):
        raise BackupError("an in-memory SQLite database cannot be restored into: name a file.")
    elif not Path(settings_dict["NAME"]).exists():
        return False
    with database_alias(settings_dict) as alias:
        return bool(connections[alias].introspection.table_names())


def restore_backup(backup: Path, *, target: dict | None = None, force: bool = False, files: bool = True) -> dict:
    """Restore the database (into `target`, a settings dict; the default database otherwise) and,
    with `files`, MEDIA_ROOT and EXPORTS_ROOT. Refuses a database that has tables, or folders
    that hold files, unless `force`. Checks the restored key tables against the manifest and
    returns {"tables": ..., "mismatches": [...]}."""
    backup = Path(backup)
    manifest = read_manifest(backup)
    target = {**connections.databases["default"], **(target or {})}
    engine = "postgresql" if _is_postgres(target) else "sqlite"
    if engine != manifest["engine"]:
        raise BackupError(f"this backup is of a {manifest['engine']} database; the target is {engine}.")
    if not force and database_has_tables(target):
        raise BackupError(f"the database {target['NAME']} is not empty: restore into a new one, or pass --force to replace it.")
    folders = {"media.tar.gz": Path(settings.MEDIA_ROOT), "exports.tar.gz": _exports_root()}
    if files and not force:
        for folder in folders.values():
            if folder.is_dir() and any(folder.iterdir()):
                raise BackupError(f"{folder} holds files: pass --force to replace them.")
    if engine == "postgresql":
        _restore_postgres(backup / manifest["database_file"], target)
    else:
        _restore_sqlite(backup / manifest["database_file"], Path(target["NAME"]))
    if files:
        for name, folder in folders.items():
            _restore_folder(backup / name, folder)
    with database_alias({key: target[key] for key in ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD", "OPTIONS") if key in target}) as alias:
        restored = key_table_digest(using=alias)
    mismatches = [label for label, expected in manifest["tables"].items() if restored.get(label) != expected]
    return {"tables": restored, "mismatches": mismatches}


def create_postgres_database(target: dict) -> bool:
    """Create the target database when it does not exist yet; True when it was created."""
    import psycopg
    from psycopg import sql

    args = _psycopg_args(target)
    with psycopg.connect(dbname="postgres", autocommit=True, **args) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target["NAME"]]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target["NAME"])))
    return True


def drop_postgres_database(target: dict) -> None:
    import psycopg
    from psycopg import sql

    args = _psycopg_args(target)
    with psycopg.connect(dbname="postgres", autocommit=True, **args) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target["NAME"])))


def _restore_postgres(dump: Path, target: dict) -> None:
    create_postgres_database(target)
    args, env = _pg_args(target)
    psql = [_pg_tool("psql"), *args, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target["NAME"]]
    # Replace, not merge: an old table left beside the restored ones would be a silent lie.
    _run([*psql, "-c", "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"], env)
    _run(
        [_pg_tool("pg_restore"), *args, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         "-d", target["NAME"], str(dump)],
        env,
    )


def _restore_sqlite(copy: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(copy, temporary)
        with sqlite3.connect(temporary) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{copy} fails SQLite's integrity check.")
        # A -wal file left from the old database would be replayed over the restored one.
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _restore_folder(archive: Path, folder: Path) -> None:
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(folder, filter="data")  # no absolute paths, no escaping links
