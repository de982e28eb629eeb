"""Shared pytest fixtures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

# --------------------------------------------------------------------------------------------------
# FalkorDB over Bolt (marker ``bolt``)
# --------------------------------------------------------------------------------------------------

#: Seconds a single test may run before the watchdog checks whether the Bolt server still answers.
BOLT_WATCHDOG_SECONDS = 60.0


class BoltHandle:
    """The session's FalkorDB server as tests see it.

    ``uri``, ``database`` (``None``: FalkorDB cannot select a graph over Bolt, see
    :mod:`enforcekg.bolt_server`), ``graph_name``, ``driver()`` (short timeouts, cached),
    ``run(query, params)`` (plain dict records), ``reset()`` (empty graph) and ``check()``
    (``pytest.fail`` with the server log tail if the server died).
    """

    def __init__(self) -> None:
        self.server: Any = None
        self.start()

    def start(self) -> None:
        from enforcekg.bolt_server import BoltServerError, start_server

        try:
            self.server = start_server()
        except BoltServerError as exc:
            pytest.fail(f"cannot start the FalkorDB Bolt server: {exc}", pytrace=False)

    @property
    def uri(self) -> str:
        return self.server.uri

    @property
    def database(self) -> str | None:
        return self.server.database

    @property
    def graph_name(self) -> str:
        return self.server.graph_name

    def driver(self) -> Any:
        return self.server.driver()

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from enforcekg.neo4j_io import run_query

        return run_query(self.driver(), self.database, query, params or {})

    def reset(self) -> None:
        self.server.reset()

    def alive(self) -> bool:
        return self.server is not None and self.server.alive()

    def check(self, when: str) -> None:
        """Fail the current test loudly, with the server's log tail, if the server is dead."""
        if self.alive() or (self.server is not None and self.server.alive(timeout=5.0)):
            return
        tail = self.server.log_tail(60) if self.server is not None else "(no server)"
        desc = self.server.describe() if self.server is not None else ""
        pytest.fail(
            f"FalkorDB Bolt server is dead {when}: {desc}\n--- last lines of the server log ---\n{tail}",
            pytrace=False,
        )

    def ensure_running(self) -> None:
        """Replace a server that an earlier test killed, so one crash does not fail every later test."""
        if self.alive():
            return
        if self.server is not None:
            self.server.stop()
        self.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


@pytest.fixture(scope="session")
def bolt_server() -> Iterator[BoltHandle]:
    """One FalkorDB server with a Bolt listener on 127.0.0.1 for the whole test session."""
    handle = BoltHandle()
    yield handle
    handle.stop()


@pytest.fixture
def bolt(bolt_server: BoltHandle, request: pytest.FixtureRequest) -> Iterator[BoltHandle]:
    """The shared Bolt server, emptied, checked alive before and after the test.

    A watchdog thread checks the server after ``BOLT_WATCHDOG_SECONDS``; if its Bolt listener no longer
    answers, it kills the process so that a query blocked on a dead listener fails at once instead of
    hanging, and the teardown check reports the log tail.
    """
    bolt_server.ensure_running()
    bolt_server.reset()
    server = bolt_server.server
    done = threading.Event()

    def watchdog() -> None:
        if not done.wait(BOLT_WATCHDOG_SECONDS) and not server.alive():
            server.kill()

    thread = threading.Thread(target=watchdog, name="bolt-watchdog", daemon=True)
    thread.start()
    try:
        yield bolt_server
    finally:
        done.set()
    bolt_server.check(f"after {request.node.nodeid}")
