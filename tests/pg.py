"""A real PostgreSQL server on loopback for the tests: initdb into a temp dir, pg_ctl start/stop.

    def test_x(pg_url: str) -> None:        # a fresh, empty database per test
        with psycopg.connect(pg_url) as conn: ...

    def test_y(pg_server: str) -> None:     # the session's server: postgresql://postgres@127.0.0.1:PORT

    with running_server() as server: ...    # outside pytest fixtures; server.url, server.database_url(name)

The binaries come from Debian's `postgresql` package (/usr/lib/postgresql/<version>/bin, the
newest version; else initdb/pg_ctl on PATH). Missing binaries fail the test, never skip it.
As root (CI), initdb refuses to run, so initdb and pg_ctl run as the unprivileged `postgres`
user (`runuser -u postgres --`) in a temp dir under /tmp owned by that user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

INSTALL_HINT = "install it: apt-get install postgresql (.ci/run does)"
DEBIAN_ROOT = Path("/usr/lib/postgresql")
SERVICE_USER = "postgres"  # runs the server when the tests run as root
SUPERUSER = "postgres"  # the database superuser initdb creates (trust auth, no password)
START_ATTEMPTS = 3  # a fresh port each time, should another process take the probed one


class PgError(Exception):
    """The test server could not be set up, started or stopped."""


@dataclass(frozen=True)
class PgServer:
    """A running server: its base URL (no database), port and files."""

    port: int
    base: Path  # temp dir: data/, sock/, server.log
    url: str

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    def database_url(self, name: str) -> str:
        return f"{self.url}/{name}"


def find_bin_dir() -> Path:
    """The directory holding initdb and pg_ctl: the newest Debian version dir, else PATH."""
    versions: list[tuple[tuple[int, ...], Path]] = []
    if DEBIAN_ROOT.is_dir():
        for entry in DEBIAN_ROOT.iterdir():
            bin_dir = entry / "bin"
            if re.fullmatch(r"\d+(\.\d+)*", entry.name) and _has_binaries(bin_dir):
                versions.append((tuple(int(p) for p in entry.name.split(".")), bin_dir))
    if versions:
        return max(versions)[1]
    on_path = shutil.which("initdb")
    if on_path:
        bin_dir = Path(on_path).resolve().parent
        if _has_binaries(bin_dir):
            return bin_dir
    raise PgError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in "
        f"{DEBIAN_ROOT}/*/bin or on PATH; {INSTALL_HINT}"
    )


def _has_binaries(bin_dir: Path) -> bool:
    return all(os.access(bin_dir / name, os.X_OK) for name in ("initdb", "pg_ctl"))


def _as_server_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that runs the server binaries, and the user to own the files (as root)."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise PgError(
            f"running as root, and initdb refuses root, but there is no '{SERVICE_USER}' "
            f"user to run it as; {INSTALL_HINT}"
        ) from None
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVICE_USER, "--"], user
    if shutil.which("setpriv"):
        return [
            "setpriv",
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--init-groups",
        ], user
    raise PgError(f"running as root: need runuser or setpriv to run initdb as '{SERVICE_USER}'")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env() -> dict[str, str]:
    """This environment without PG* variables (PGDATA, PGPORT, PGHOST... would redirect pg_ctl)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=cwd,
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def running_server() -> Iterator[PgServer]:
    """initdb into a fresh temp dir, start the server on a free loopback port; stop and remove it after."""
    bin_dir = find_bin_dir()
    prefix, owner = _as_server_user()
    # As root the server user must reach the dir: /tmp, not a TMPDIR that may sit under /root.
    base = Path(tempfile.mkdtemp(prefix="summarizer-pg-", dir="/tmp" if owner else None))
    data, sock = base / "data", base / "sock"
    server: PgServer | None = None
    try:
        sock.mkdir()
        if owner:
            for path in (base, sock):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        done = _run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "--auth=trust",
                "-U",
                SUPERUSER,
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
            cwd=base,
        )
        if done.returncode != 0:
            raise PgError(f"initdb failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        log = base / "server.log"
        for _ in range(START_ATTEMPTS):
            port = _free_port()
            done = _run(
                [
                    *prefix,
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    f"-h 127.0.0.1 -p {port} -k {sock} -F",
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
                cwd=base,
            )
            if done.returncode == 0:
                server = PgServer(port, base, f"postgresql://{SUPERUSER}@127.0.0.1:{port}")
                break
            if "could not bind" not in _tail(log, 200):
                break
        if server is None:
            raise PgError(
                f"pg_ctl start failed: {(done.stderr or done.stdout).strip()[-1000:]}\n"
                f"{log}:\n{_tail(log)}"
            )
        yield server
    finally:
        try:
            if server is not None:
                _stop(prefix, bin_dir, data, base)
        finally:
            shutil.rmtree(base, ignore_errors=True)


def _stop(prefix: list[str], bin_dir: Path, data: Path, base: Path) -> None:
    """pg_ctl stop -m fast (then immediate), so no server outlives the session."""
    pg_ctl = str(bin_dir / "pg_ctl")
    done = _run([*prefix, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], cwd=base)
    if done.returncode != 0:
        done = _run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=base)
        if done.returncode != 0:
            raise PgError(f"pg_ctl stop failed: {done.stderr.strip()[-1000:]}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """One PostgreSQL server for the session; yields postgresql://postgres@127.0.0.1:PORT."""
    try:
        with running_server() as server:
            yield server.url
        return
    except PgError as exc:
        message = str(exc)
    pytest.fail(message, pytrace=False)  # outside the except: one line, no chained traceback


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database for one test; yields its URL, drops it (WITH (FORCE)) after."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin_url = f"{pg_server}/postgres"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{pg_server}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
