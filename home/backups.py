"""Backups of the whole site: the database and the uploaded files, restored exactly.

A backup is a folder ``<BACKUP_ROOT>/<UTC timestamp>/`` holding

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  copied page by page through SQLite's online backup API, safe while the site is serving);
- ``media.tar.gz``, every file under MEDIA_ROOT (images, renditions, documents);
- ``manifest.json``: when, which engine, row counts and each file's SHA-256, checked on restore.

Restoring replaces the database and MEDIA_ROOT with the backup's. Stop the site first.
"""

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


def create_backup(*, root: Path | None = None, database: str = "default") -> Path:
    """Write a new backup folder under ``root`` (BACKUP_ROOT) and return its path."""
    root = Path(root or settings.BACKUP_ROOT)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = root / stamp
    partial = root / f".{stamp}.partial"
    partial.mkdir(parents=True)
    try:
        engine = engine_name(database)
        if engine == "postgresql":
            dump_postgres(database, partial / "database.dump")
        else:
            dump_sqlite(database, partial / "database.sqlite3")
        archive_media(partial / "media.tar.gz")
        manifest = {
            "format": FORMAT_VERSION,
            "created": stamp,
            "engine": engine,
            "rows": row_counts(database),
            "files": {path.name: sha256(path) for path in sorted(partial.iterdir())},
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.rename(target)  # a backup folder without the dot is always complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


def restore_backup(*, source: Path, database: str = "default") -> dict:
    """Replace the database and MEDIA_ROOT with the backup in ``source``; return its manifest."""
    source = Path(source)
    manifest_path = source / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{source} is not a backup folder (no manifest.json).")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source}: unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["files"].items():
        if not (source / name).is_file() or sha256(source / name) != expected:
            raise BackupError(f"{source / name} is missing or damaged (checksum differs).")
    engine = engine_name(database)
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this site uses {engine}."
        )
    if engine == "postgresql":
        load_postgres(database, source / "database.dump")
    else:
        load_sqlite(database, source / "database.sqlite3")
    unpack_media(source / "media.tar.gz")
    restored = row_counts(database)
    if restored != manifest["rows"]:
        raise BackupError(f"Row counts after restore {restored} differ from {manifest['rows']}.")
    return manifest


def engine_name(database: str) -> str:
    vendor = connections[database].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def row_counts(database: str) -> dict[str, int]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    models = {
        "pages": Page,
        "revisions": Revision,
        "images": get_image_model(),
        "documents": get_document_model(),
    }
    return {name: model.objects.using(database).count() for name, model in models.items()}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- SQLite -------------------------------------------------------------------------------------


def dump_sqlite(database: str, target: Path) -> None:
    connection = connections[database]
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def load_sqlite(database: str, source: Path) -> None:
    connection = connections[database]
    connection.ensure_connection()
    with sqlite3.connect(source) as backup:
        backup.backup(connection.connection)
    backup.close()


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_program(name: str) -> str:
    """pg_dump/pg_restore: from PG_BINDIR, else PATH, else the newest Debian server package."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(str(Path(os.environ["PG_BINDIR"]) / name))
    candidates.append(shutil.which(name))
    candidates.extend(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True))
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(f"{name} not found: install postgresql-client or set PG_BINDIR.")


def postgres_arguments(database: str) -> tuple[list[str], dict]:
    params = connections[database].settings_dict
    arguments = ["--dbname", params["NAME"], "--no-password"]
    if params.get("HOST"):
        arguments += ["--host", params["HOST"]]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", params["USER"]]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return arguments, env


def run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def dump_postgres(database: str, target: Path) -> None:
    arguments, env = postgres_arguments(database)
    command = [postgres_program("pg_dump"), *arguments, "--format=custom", "--no-owner"]
    run([*command, "--no-privileges", "--file", str(target)], env)


def load_postgres(database: str, source: Path) -> None:
    connections[database].close()  # our own idle connection must not hold locks on the tables
    arguments, env = postgres_arguments(database)
    run([postgres_program("psql"), *arguments, "--quiet", "--command", WIPE_PUBLIC_SCHEMA], env)
    command = [postgres_program("pg_restore"), *arguments, "--no-owner", "--no-privileges"]
    run([*command, "--single-transaction", "--exit-on-error", str(source)], env)


# Everything the site stored lives in the public schema; restoring into an empty one leaves no
# table, sequence or row from after the backup behind.
WIPE_PUBLIC_SCHEMA = "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"


# --- Media --------------------------------------------------------------------------------------


def archive_media(target: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w:gz") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media)), recursive=False)


def unpack_media(source: Path) -> None:
    """Replace MEDIA_ROOT's content by the archive's, unpacked beside it and then swapped in."""
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(staging, filter="data")  # refuses absolute paths and ../
        if media.exists():
            old = media.with_name(f".{media.name}-replaced")
            shutil.rmtree(old, ignore_errors=True)
            media.rename(old)
            staging.rename(media)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(media)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
