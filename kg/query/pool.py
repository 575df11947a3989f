"""Queries in worker processes, so a time limit really ends a query.

pyoxigraph cannot interrupt a running query, and a thread cannot be killed, so each
query runs in a worker process holding the build's store open read-only. A worker that
passes the time limit is killed and replaced; the caller gets a QueryTimeout and the
other workers keep answering. Work is a module-level function ``fn(store, *args)``
(picklable by name) returning picklable data.
"""
from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnProcess
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import KgError, QueryError, one_line
from kg.store.location import open_store

T = TypeVar("T")
_SPAWN = multiprocessing.get_context("spawn")


class QueryTimeout(QueryError):
    """A query ran past the time limit and was stopped."""


class Busy(QueryError):
    """Every worker stayed busy for a whole time limit."""


class QueryPool:
    """A fixed number of worker processes over one build's store."""

    def __init__(self, out: Path, workers: int = 2, timeout_s: float = 30.0) -> None:
        """:raises KgError: ``out`` holds no build."""
        open_store(out)  # fail here, with a clear message, rather than in every worker
        self.out = out
        self.timeout_s = timeout_s
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self._idle.put(_Worker(out))

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` in a worker, within the time limit.

        :raises QueryTimeout: it ran past the limit (the worker is replaced).
        :raises Busy: no worker came free within the limit.
        :raises KgError: whatever ``fn`` raised for the user to see.
        """
        try:
            worker = self._idle.get(timeout=self.timeout_s)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {self.timeout_s:g} s: "
                       "try again later") from None
        try:
            return worker.call(fn, args, self.timeout_s)
        except (QueryTimeout, _WorkerDied):
            worker.stop()
            worker = _Worker(self.out)
            raise
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return


class _WorkerDied(QueryError):
    """The worker process ended while answering."""


class _Worker:
    def __init__(self, out: Path) -> None:
        self.connection, child_end = _SPAWN.Pipe()
        self.process: SpawnProcess = _SPAWN.Process(
            target=_serve, args=(child_end, str(out)), daemon=True, name="kg-query-worker")
        self.process.start()
        child_end.close()

    def call(self, fn: Callable[..., T], args: tuple[Any, ...], timeout_s: float) -> T:
        try:
            self.connection.send((fn, args))
            if not self.connection.poll(timeout_s):
                raise QueryTimeout(f"the query ran longer than the {timeout_s:g} s limit "
                                   "and was stopped")
            status, value = self.connection.recv()
        except (EOFError, OSError) as error:
            raise _WorkerDied(f"the query worker stopped: {one_line(error)}") from None
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _serve(connection: Connection, out: str) -> None:
    """A worker's loop: open the store once, then answer calls until the pipe closes."""
    store = open_store(Path(out))
    while True:
        try:
            fn, args = connection.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", fn(store, *args))
        except KgError as error:
            reply = ("error", error)
        except Exception as error:  # a bug must reach the caller as an error, not kill the worker
            reply = ("error", QueryError(f"internal error: {type(error).__name__}: {one_line(error)}"))
        connection.send(reply)
