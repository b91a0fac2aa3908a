"""A throwaway MariaDB server for the tests, which check that the MySQL scripts load in the `mysql` client: a new
data folder in a temporary folder, a free local port, stopped and removed afterwards. It needs the server and
client programs (Debian: `apt-get install mariadb-server mariadb-client`, which `.ci/run` does when missing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

from postgres_server import MissingProgram, free_port


def program(name: str) -> str:
    places = (f"/usr/sbin/{name}", f"/usr/bin/{name}")   # the server is in /usr/sbin, not on every user's PATH
    found = shutil.which(name) or next((p for p in places if os.path.exists(p)), None)
    if found is None:
        raise MissingProgram(f"MariaDB's {name} is not installed (Debian: apt-get install mariadb-server "
                           "mariadb-client); the MySQL script tests start a server of their own with it")
    return found


@dataclass
class Server:
    folder: str
    port: int
    process: subprocess.Popen

    @property
    def socket(self) -> str:
        return os.path.join(self.folder, "socket")

    def client(self, database: str | None = None) -> list[str]:
        """The `mysql` command line for a database (the scripts are fed to it on standard input)."""
        return [program("mariadb"), "--no-defaults", "-S", self.socket, "-u", "root"] + ([database] if database else [])

    def create_database(self, name: str) -> str:
        subprocess.run(self.client() + ["-e", f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"], check=True,
                       capture_output=True)
        return name

    def connect(self, database: str):
        import pymysql

        return pymysql.connect(unix_socket=self.socket, user="root", database=database, charset="utf8mb4")


def start() -> Server:
    folder = tempfile.mkdtemp(prefix="synth-mariadb-")
    data = os.path.join(folder, "data")
    # root is allowed to run the server when it says so (--user=root); any other user runs it as itself
    user = ["--user=root"] if os.geteuid() == 0 else []
    subprocess.run([program("mariadb-install-db"), "--no-defaults", f"--datadir={data}", "--skip-test-db",
                    "--auth-root-authentication-method=normal", *user], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([program("mariadbd"), "--no-defaults", f"--datadir={data}",
                                f"--socket={os.path.join(folder, 'socket')}", f"--port={port}",
                                "--bind-address=127.0.0.1", "--skip-grant-tables", "--innodb-flush-log-at-trx-commit=0",
                                f"--log-error={os.path.join(folder, 'log')}", *user],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(folder, port, process)
    for _ in range(300):   # up to 30 s on a loaded machine
        ready = subprocess.run(server.client() + ["-e", "SELECT 1"], capture_output=True)
        if ready.returncode == 0:
            return server
        if process.poll() is not None:
            break
        time.sleep(0.1)
    with open(os.path.join(folder, "log"), encoding="utf-8", errors="replace") as log:
        last = log.read().strip().splitlines()[-1:]
    stop(server)
    raise RuntimeError(f"the MariaDB server did not start: {last}")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    shutil.rmtree(server.folder, ignore_errors=True)
