"""A throwaway PostgreSQL server for the tests: a new cluster in a temporary folder, on a free local port,
stopped and removed afterwards. It needs PostgreSQL's server programs (`initdb`, `pg_ctl`): on Debian the
`postgresql` package, which `.ci/run` installs when they are missing. PostgreSQL refuses to run as root, so
as root the server runs as `nobody`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass


class MissingProgram(RuntimeError):
    """A system program the database tests need is not installed (not a server that failed to start)."""


def server_program(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise MissingProgram(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql); "
                           "the database tests start a server of their own with it")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    folder: str
    port: int
    as_user: list

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://synth@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        psql = server_program("psql")
        subprocess.run([psql, "-q", "-v", "ON_ERROR_STOP=1", self.url(), "-c", f'CREATE DATABASE "{name}"'],
                       check=True, capture_output=True)
        return self.url(name)


def start() -> Server:
    folder = tempfile.mkdtemp(prefix="synth-pg-")
    as_user = []
    if os.geteuid() == 0:
        os.chown(folder, 65534, 65534)   # nobody
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    data = os.path.join(folder, "data")
    subprocess.run(as_user + [server_program("initdb"), "-D", data, "-U", "synth", "-A", "trust", "--no-sync",
                              "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    port = free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run(as_user + [server_program("pg_ctl"), "-D", data, "-o", options, "-l",
                              os.path.join(folder, "log"), "-w", "start"], check=True, capture_output=True)
    return Server(folder, port, as_user)


def stop(server: Server) -> None:
    subprocess.run(server.as_user + [server_program("pg_ctl"), "-D", os.path.join(server.folder, "data"), "-m",
                                     "immediate", "-w", "stop"], capture_output=True)
    shutil.rmtree(server.folder, ignore_errors=True)
