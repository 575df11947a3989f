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
import math
import multiprocessing
import os
import resource
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar, cast

from kg.errors import KgError, QueryError
from kg.store.location import served_build, open_store

T = TypeVar("T")
LONG_QUERY_NICENESS = 19
LOG = logging.getLogger("kg.serve")
_WORKERS = multiprocessing.get_context("forkserver")
_WORKERS.set_forkserver_preload(["kg.query.browse", "kg.query.protocol"])


class QueryTimeout(QueryError):
    """A query ran past the time limit and was stopped."""


class QueryStopped(QueryError):
    """The worker running a query ended: the query passed the memory limit, or it crashed."""


class ServerFault(KgError):
    """A fault of the server's own, not the request's: its text stays in the server's log."""


class Busy(QueryError):
    """The server is at capacity for this kind of request: ask again shortly."""

    def __init__(self, message: str, retry_after_s: int = 1) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class TooCostly(Busy):
    """The same query was stopped at the time limit moments ago: not run again yet."""


@dataclass(frozen=True, slots=True)
class LaneLimits:
    """How much one lane takes on; the defaults suit canned queries on two cores."""

    workers: int = 2
    """Worker processes: queries answered at once."""
    queue: int = 64
    """Requests that may wait for a worker; one more is refused at once."""
    wait_s: float = 3.0
    """Longest a request waits for a worker before it is refused."""
    timeout_s: float = 30.0
    """Longest a query runs before it is stopped."""
    quick_s: float | None = None
    """Past this, a query runs on only if one of ``long_queries`` slots is free."""
    long_queries: int = 1
    cooldown_s: float = 60.0
    """How long a query stopped at the time limit is refused at once when sent again, and
    one that ran past ``quick_s`` starts only with a long-query slot free."""
    memory_mb: int | None = None
    """Memory a worker may take beyond what it holds at start; a query past it ends the worker."""


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
            self._idle.put_nowait(_Worker(build, limits))
        self._threads = ThreadPoolExecutor(limits.workers, thread_name_prefix=f"kg-{name}")
        self._long = threading.BoundedSemaphore(limits.long_queries)
        self._waiting = 0
        self._busy = 0
        self._closed = False
        self._loop = asyncio.get_running_loop()
        self._long_running: _Memo = _Memo()
        """Queries that ran past ``quick_s``: they start only with a long-query slot free."""
        self._timed_out: _Memo = _Memo()
        """Queries stopped at the time limit, until their cool-down ends."""

    @property
    def idle(self) -> bool:
        """No request waiting or running."""
        return self._waiting == 0 and self._busy == 0

    async def call(self, fn: Callable[..., T], *args: Any, key: str | None = None) -> T:
        """``fn(store, *args)`` in a worker, within the lane's limits.

        ``key`` names the query for the lane's memory of costly queries: one that ran past
        ``quick_s`` before starts only when a long-query slot is free, and one stopped at
        the time limit is refused until its cool-down ends, neither taking a worker's time.

        :raises Busy: the queue is full, no worker came free in time, the query ran past
            ``quick_s`` while every long-query slot was taken, or it is known to.
        :raises TooCostly: the same query was stopped at the time limit moments ago.
        :raises QueryTimeout: it ran past the time limit (the worker is replaced).
        :raises QueryStopped: its worker ended (the memory limit); the worker is replaced.
        :raises KgError: whatever ``fn`` raised for the user to see.
        """
        holds_long_slot = self._admit(key)
        try:
            worker = await self._next_worker()
        except Busy:
            if holds_long_slot:
                self._long.release()
            raise
        if not holds_long_slot:  # what the lane learnt while this request waited
            try:
                holds_long_slot = self._admit(key)
            except Busy:
                self._idle.put_nowait(worker)
                raise
        self._busy += 1
        try:
            return await self._loop.run_in_executor(
                self._threads, self._run, worker, fn, args, key, holds_long_slot)
        finally:
            self._busy -= 1

    def _admit(self, key: str | None) -> bool:
        """Whether a query known to be long may start, holding a long-query slot.

        :raises TooCostly: it was stopped at the time limit moments ago.
        :raises Busy: it is known to run long and every long-query slot is taken.
        """
        refused_for = self._timed_out.remaining(key)
        if refused_for:
            raise TooCostly(f"this query ran past the {self.limits.timeout_s:g} s limit moments ago: "
                            f"it is refused for {refused_for} s more; narrow it or add a LIMIT",
                            refused_for)
        if key not in self._long_running:
            return False
        if not self._long.acquire(blocking=False):
            raise Busy(f"this query ran past {self.limits.quick_s:g} s before and the server is "
                       f"running its {_long_queries(self.limits)}: try again shortly")
        return True

    async def _next_worker(self) -> _Worker:
        """:raises Busy: the queue is full, or no worker came free within ``wait_s``."""
        if self._idle.empty() and self._waiting >= self.limits.queue:
            raise Busy(f"the {self.name} queue is full ({self.limits.queue} waiting): try again shortly")
        self._waiting += 1
        try:
            return await asyncio.wait_for(self._idle.get(), self.limits.wait_s)
        except TimeoutError:
            raise Busy(f"no {self.name} worker came free within {self.limits.wait_s:g} s: "
                       "try again shortly") from None
        finally:
            self._waiting -= 1

    def _run(self, worker: _Worker, fn: Callable[..., T], args: tuple[Any, ...], key: str | None,
             holds_long_slot: bool) -> T:
        """In a lane thread: one call, then the worker (or its replacement) back to the queue."""
        try:
            return worker.call(fn, args, self._long, holds_long_slot)
        except (QueryTimeout, Busy, QueryStopped) as stopped:
            self._loop.call_soon_threadsafe(self._remember, key, isinstance(stopped, QueryTimeout))
            worker = worker.replaced()
            raise
        finally:
            if holds_long_slot:
                self._long.release()
            if worker.yielded:
                worker = worker.replaced()
            if self._closed:
                worker.stop()
            else:
                self._loop.call_soon_threadsafe(self._idle.put_nowait, worker)

    def _remember(self, key: str | None, timed_out: bool) -> None:
        """In the event loop, which alone reads the memos: a query that ran long."""
        self._long_running.add(key, self.limits.cooldown_s)
        if timed_out:
            self._timed_out.add(key, self.limits.cooldown_s)

    async def ready(self) -> None:
        """Wait until every worker has the store open.

        :raises KgError: a worker could not open it.
        """
        workers = [self._idle.get_nowait() for _ in range(self._idle.qsize())]
        try:
            await asyncio.gather(*(self._loop.run_in_executor(self._threads, worker.wait_ready)
                                   for worker in workers))
        finally:
            for worker in workers:
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
    answers: BuildCache = field(default_factory=lambda: BuildCache())
    """Answers already given from this build: a build never changes, so they stay right."""

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

    async def kept(self, key: Hashable, function: Callable[..., Any], *args: Any) -> Any:
        """What ``function`` answers from this build, run in the canned lane once and then
        kept with the build under ``key``."""
        answer = self.answers.get(key)
        if answer is None:
            answer = await self.canned.call(function, *args)
            self.answers.put(key, answer)
        return answer

    def close(self) -> None:
        self.canned.close()
        self.sparql.close()


class BuildCache:
    """Answers from one build, the least recently used dropped past ``max_bytes`` of text."""

    def __init__(self, max_bytes: int = 64 * 2**20) -> None:
        self.max_bytes = max_bytes
        self._held = 0
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: Hashable, answer: Any) -> None:
        self._held += _size(answer) - _size(self._answers.pop(key, None))
        self._answers[key] = answer
        while self._held > self.max_bytes and self._answers:
            self._held -= _size(self._answers.popitem(last=False)[1])


def _size(answer: Any) -> int:
    return len(answer) if isinstance(answer, (str, bytes)) else 0


class LiveLanes:
    """The lanes of the build ``OUT/current`` names, replaced together when it changes."""

    def __init__(self, out: Path, canned: LaneLimits, sparql: LaneLimits, reload_s: float = 1.0) -> None:
        self.out = out
        self.limits = (canned, sparql)
        self.reload_s = reload_s
        self.current: Lanes | None = None
        self._retiring: set[asyncio.Task[None]] = set()
        self.warm_ups: list[Callable[[Lanes], Awaitable[None]]] = []
        """Run on a build's lanes before it is served (what every page needs, made once),
        so the first visitor after a switch waits no longer than the next."""

    async def start(self) -> None:
        """:raises KgError: ``out`` holds no build."""
        self.current = await self._started(served_build(self.out))

    async def _started(self, build: Path) -> Lanes:
        lanes = await Lanes.start(build, *self.limits)
        try:
            for warm_up in self.warm_ups:
                await warm_up(lanes)
        except BaseException:
            lanes.close()
            raise
        return lanes

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
        new = await self._started(build)
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


def _long_queries(limits: LaneLimits) -> str:
    return f"{limits.long_queries} long quer{'y' if limits.long_queries == 1 else 'ies'}"


class _Memo:
    """Query keys remembered for a while, the oldest forgotten past a bound."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._until: OrderedDict[str, float] = OrderedDict()

    def add(self, key: str | None, seconds: float) -> None:
        if key is not None:
            self._until[key] = time.monotonic() + seconds
            self._until.move_to_end(key)
            while len(self._until) > self.size:
                self._until.popitem(last=False)

    def remaining(self, key: str | None) -> int:
        """Whole seconds (at least 1) left for ``key``, or 0 when it is not remembered now."""
        left = self._until.get(key, 0.0) - time.monotonic() if key is not None else 0.0
        return max(1, math.ceil(left)) if left > 0 else 0

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.remaining(key) > 0


class _Worker:
    def __init__(self, build: Path, limits: LaneLimits) -> None:
        self.build, self.limits = build, limits
        self.connection, child_end = _WORKERS.Pipe()
        self.process = _WORKERS.Process(
            target=_serve, args=(child_end, str(build), limits.memory_mb), daemon=True,
            name="kg-query-worker")
        self.process.start()
        child_end.close()
        self.yielded = False

    def call(self, fn: Callable[..., T], args: tuple[Any, ...], long_queries: threading.BoundedSemaphore,
             holds_long_slot: bool) -> T:
        limits = self.limits
        try:
            self.connection.send((fn, args))
            if holds_long_slot:
                self._yield_cpu()
                self._wait(limits.timeout_s)
            elif limits.quick_s is None or self.connection.poll(limits.quick_s):
                self._wait(limits.timeout_s)
            elif long_queries.acquire(blocking=False):
                try:
                    self._yield_cpu()
                    self._wait(limits.timeout_s - limits.quick_s)
                finally:
                    long_queries.release()
            else:
                raise Busy(f"the query ran past {limits.quick_s:g} s while the server was already "
                           f"running its {_long_queries(limits)}: it was stopped; "
                           "try again shortly, or narrow it")
            status, value = self.connection.recv()
        except (EOFError, OSError):
            memory = f" (a query may take {limits.memory_mb} MiB)" if limits.memory_mb else ""
            raise QueryStopped(f"the query was stopped: its worker ended{memory}; "
                               "narrow it or add a LIMIT") from None
        if status == "error":
            raise value
        return cast(T, value)

    def wait_ready(self) -> None:
        """Wait for the worker to have its store open, so a query's time starts then.

        :raises KgError: the worker could not open the store.
        """
        try:
            status, value = self.connection.recv()
        except (EOFError, OSError):
            raise QueryStopped("a query worker ended as it started") from None
        if status == "error":
            raise value

    def replaced(self) -> _Worker:
        """Stop this worker and start a ready one in its place (a replacement that cannot
        open the store is kept: its calls fail, and it is replaced in turn)."""
        self.stop()
        worker = _Worker(self.build, self.limits)
        try:
            worker.wait_ready()
        except KgError as error:
            LOG.warning("a query worker over %s did not start: %s", self.build, error)
        return worker

    def _yield_cpu(self) -> None:
        """Give a long query the lowest CPU priority, so quick queries keep the cores; the
        worker is replaced after it (lowering niceness back needs privileges)."""
        os.setpriority(os.PRIO_PROCESS, self.process.pid or 0, LONG_QUERY_NICENESS)
        self.yielded = True

    def _wait(self, seconds: float) -> None:
        if not self.connection.poll(max(0.0, seconds)):
            raise QueryTimeout(f"the query ran longer than the {self.limits.timeout_s:g} s limit "
                               "and was stopped")

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _serve(connection: Connection, build: str, memory_mb: int | None) -> None:
    """A worker's loop: open the store once, then answer calls until the pipe closes."""
    try:
        store = open_store(Path(build))
    except KgError as error:
        connection.send(("error", error))
        return
    if memory_mb is not None:  # past it, an allocation fails and the process ends
        limit = _data_size() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    connection.send(("ready", None))
    while True:
        try:
            fn, args = connection.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", fn(store, *args))
        except KgError as error:
            reply = ("error", error)
        except Exception:  # a bug must reach the caller as an error, not kill the worker
            LOG.exception("a query worker failed")
            reply = ("error", ServerFault("the server could not answer this request; "
                                          "the cause is in its log"))
        connection.send(reply)


def _data_size() -> int:
    """The process's data segment now (VmData), in bytes: what RLIMIT_DATA counts."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0
