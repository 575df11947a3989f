"""Queries in worker processes behind bounded queues, over the current build.

pyoxigraph cannot interrupt a running query and a thread cannot be killed, so each
query runs in a worker process holding one build's store open read-only; a worker past
the time limit is killed and replaced. Workers are grouped in lanes (the server keeps
one for canned queries and one for ad-hoc SPARQL, so heavy ad-hoc queries never hold
up the canned ones), and each lane has a bounded queue: beyond it, or after waiting
``wait_s``, a request is refused at once with ``Busy`` (HTTP 503 with Retry-After)
instead of waiting for a whole time limit. A lane may also cap its long queries: past
``quick_s`` a query needs one of ``long_queries`` slots to go on, and is stopped when
none is free, so quick queries always find a worker.

``LiveLanes`` follows ``OUT/current``: when a build completes it starts the new build's
lanes, switches every new request to them in one step, and retires the old lanes once
the requests they hold are answered, so no request sees two builds and none is dropped.

Work is a module-level function ``fn(store, *args)`` (picklable by name) returning
picklable data. Workers are forked from a server process that has the query modules
loaded already, so replacing one costs milliseconds.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import KgError, QueryError, one_line
from kg.store.location import served_build, open_store

T = TypeVar("T")
LOG = logging.getLogger("kg.serve")
_WORKERS = multiprocessing.get_context("forkserver")
_WORKERS.set_forkserver_preload(["kg.query.browse", "kg.query.protocol"])


class QueryTimeout(QueryError):
    """A query ran past the time limit and was stopped."""


class Busy(QueryError):
    """The server is at capacity for this kind of request: ask again shortly."""

    retry_after_s = 1


@dataclass(frozen=True, slots=True)
class LaneLimits:
    """How much one lane takes on; the defaults suit canned queries on two cores."""

    workers: int = 2
    """Worker processes: queries answered at once."""
    queue: int = 64
    """Requests that may wait for a worker; one more is refused at once."""
    wait_s: float = 5.0
    """Longest a request waits for a worker before it is refused."""
    timeout_s: float = 30.0
    """Longest a query runs before it is stopped."""
    quick_s: float | None = None
    """Past this, a query runs on only if one of ``long_queries`` slots is free."""
    long_queries: int = 1


class Lane:
    """A fixed set of worker processes over one build, with a bounded queue in front.

    Made and used inside one running event loop.
    """

    def __init__(self, name: str, build: Path, limits: LaneLimits) -> None:
        self.name = name
        self.build = build
        self.limits = limits
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        for _ in range(limits.workers):
            self._idle.put_nowait(_Worker(build))
        self._threads = ThreadPoolExecutor(limits.workers, thread_name_prefix=f"kg-{name}")
        self._long = threading.BoundedSemaphore(limits.long_queries)
        self._waiting = 0
        self._busy = 0
        self._closed = False
        self._loop = asyncio.get_running_loop()

    @property
    def idle(self) -> bool:
        """No request waiting or running."""
        return self._waiting == 0 and self._busy == 0

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` in a worker, within the lane's limits.

        :raises Busy: the queue is full, no worker came free in time, or the query ran
            past ``quick_s`` while every long-query slot was taken.
        :raises QueryTimeout: it ran past the time limit (the worker is replaced).
        :raises KgError: whatever ``fn`` raised for the user to see.
        """
        if self._idle.empty() and self._waiting >= self.limits.queue:
            raise Busy(f"the {self.name} queue is full ({self.limits.queue} waiting): try again shortly")
        self._waiting += 1
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.limits.wait_s)
        except TimeoutError:
            raise Busy(f"no {self.name} worker came free within {self.limits.wait_s:g} s: "
                       "try again shortly") from None
        finally:
            self._waiting -= 1
        self._busy += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._threads, self._run, worker, fn, args)
        finally:
            self._busy -= 1

    def _run(self, worker: _Worker, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        """In a lane thread: one call, then the worker (or its replacement) back to the queue."""
        try:
            return worker.call(fn, args, self.limits, self._long)
        except (QueryTimeout, Busy, _WorkerDied):
            worker.stop()
            worker = _Worker(self.build)
            raise
        finally:
            if self._closed:
                worker.stop()
            else:
                self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)

    async def ready(self) -> None:
        """Wait until every worker has the store open.

        :raises KgError: a worker could not open it.
        """
        for _ in range(self.limits.workers):
            worker = await self._idle.get()
            try:
                await asyncio.get_running_loop().run_in_executor(
                    self._threads, worker.call, _ping, (), self.limits, self._long)
            finally:
                self._idle.put_nowait(worker)

    def close(self) -> None:
        """Stop the idle workers now and the busy ones as they finish."""
        self._closed = True
        while not self._idle.empty():
            self._idle.get_nowait().stop()
        self._threads.shutdown(wait=False)


@dataclass(slots=True)
class Lanes:
    """One build's lanes: canned queries and pages, and ad-hoc SPARQL."""

    build: Path
    canned: Lane
    sparql: Lane
    cache: dict[str, Any] = field(default_factory=dict)
    """Answers that never change for a build (the graph sizes of the service description)."""

    @classmethod
    async def start(cls, build: Path, canned: LaneLimits, sparql: LaneLimits) -> Lanes:
        """Both lanes over ``build``, every worker ready.

        :raises KgError: the build's store cannot be opened.
        """
        lanes = cls(build, Lane("canned-query", build, canned), Lane("SPARQL", build, sparql))
        try:
            await asyncio.gather(lanes.canned.ready(), lanes.sparql.ready())
        except BaseException:
            lanes.close()
            raise
        return lanes

    @property
    def idle(self) -> bool:
        return self.canned.idle and self.sparql.idle

    def close(self) -> None:
        self.canned.close()
        self.sparql.close()


class LiveLanes:
    """The lanes of the build ``OUT/current`` names, replaced together when it changes."""

    def __init__(self, out: Path, canned: LaneLimits, sparql: LaneLimits, reload_s: float = 1.0) -> None:
        self.out = out
        self.limits = (canned, sparql)
        self.reload_s = reload_s
        self.current: Lanes | None = None
        self._retiring: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """:raises KgError: ``out`` holds no build."""
        self.current = await Lanes.start(served_build(self.out), *self.limits)

    async def follow(self) -> None:
        """Switch to each completed build, forever; a build that cannot be served is logged."""
        while True:
            await asyncio.sleep(self.reload_s)
            try:
                await self.switch()
            except KgError as error:
                LOG.warning("kept serving %s: %s", self.current.build if self.current else "-", error)

    async def switch(self) -> bool:
        """Serve the current build if it is not served yet; whether it switched.

        :raises KgError: the new build cannot be opened (the old one stays).
        """
        assert self.current is not None, "start() first"
        build = served_build(self.out)
        if build == self.current.build:
            return False
        new = await Lanes.start(build, *self.limits)
        old, self.current = self.current, new
        task = asyncio.create_task(_retire(old, self.reload_s))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)
        return True

    def close(self) -> None:
        if self.current:
            self.current.close()
        for task in self._retiring:
            task.cancel()


async def _retire(lanes: Lanes, poll_s: float) -> None:
    """Stop a replaced build's workers once the requests they hold are answered."""
    try:
        while not lanes.idle:
            await asyncio.sleep(min(poll_s, 0.1))
    finally:
        lanes.close()


class _WorkerDied(QueryError):
    """The worker process ended while answering."""


class _Worker:
    def __init__(self, build: Path) -> None:
        self.connection, child_end = _WORKERS.Pipe()
        self.process = _WORKERS.Process(target=_serve, args=(child_end, str(build)), daemon=True,
                                        name="kg-query-worker")
        self.process.start()
        child_end.close()

    def call(self, fn: Callable[..., T], args: tuple[Any, ...], limits: LaneLimits,
             long_queries: threading.BoundedSemaphore) -> T:
        try:
            self.connection.send((fn, args))
            if limits.quick_s is None or limits.quick_s >= limits.timeout_s:
                self._wait(limits.timeout_s, limits.timeout_s)
            elif not self.connection.poll(limits.quick_s):
                if not long_queries.acquire(blocking=False):
                    raise Busy(f"the query ran past {limits.quick_s:g} s while the server was already "
                               f"running its {limits.long_queries} long "
                               f"quer{'y' if limits.long_queries == 1 else 'ies'}: it was stopped; "
                               "try again shortly, or narrow it")
                try:
                    self._wait(limits.timeout_s - limits.quick_s, limits.timeout_s)
                finally:
                    long_queries.release()
            status, value = self.connection.recv()
        except (EOFError, OSError) as error:
            raise _WorkerDied(f"the query worker stopped: {one_line(error)}") from None
        if status == "error":
            raise value
        return value

    def _wait(self, seconds: float, limit_s: float) -> None:
        if not self.connection.poll(seconds):
            raise QueryTimeout(f"the query ran longer than the {limit_s:g} s limit and was stopped")

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _ping(store: object) -> bool:
    return True


def _serve(connection: Connection, build: str) -> None:
    """A worker's loop: open the store once, then answer calls until the pipe closes."""
    try:
        store = open_store(Path(build))
    except KgError as error:
        _answer_errors_forever(connection, error)
        return
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


def _answer_errors_forever(connection: Connection, error: KgError) -> None:
    while True:
        try:
            connection.recv()
        except EOFError:
            return
        connection.send(("error", error))
