"""A throw-away Virtuoso (Debian's virtuoso-opensource 7.2) for tests, on loopback only.

Plain Python on top of servers.py, no pytest import::

    from remote.virtuoso import running_virtuoso, virtuoso_available

    if virtuoso_available():
        with running_virtuoso(tmp_path) as v:
            v.query_url   # http://127.0.0.1:PORT/sparql           (SPARQL query + update)
            v.store_url   # http://127.0.0.1:PORT/sparql-graph-crud (Graph Store HTTP Protocol)

`running_virtuoso` writes its own virtuoso.ini into a fresh `workdir` (database, log
and transaction files there too), starts `virtuoso-t +foreground` on two free loopback
ports (servers.running waits for `/sparql` and stops it after), and grants anonymous
SPARQL update and graph-store writes.

Install the binaries with `scripts/install-virtuoso.sh` (it leaves the Debian system
service disabled and stopped).

Gotchas this module takes care of:
  * Debian's stock ini listens on all interfaces; here both `[Parameters] ServerPort`
    and `[HTTPServer] ServerPort` are `127.0.0.1:PORT`.
  * `[SPARQL] ResultSetMaxRows` (stock 10000) silently truncates results; raised here.
  * Anonymous writes need `GRANT SPARQL_UPDATE TO "SPARQL"` (without it the Graph
    Store answers 403 "SR575:SECURITY: No permission to execute DB.DBA.TTLP_RL_NEW_GRAPH").
  * Files loaded from disk by the server (`ld_dir`, `file_to_string_output`) must sit
    in a folder listed in `DirsAllowed`; here only `workdir`.
  * The stock `dba` password is `dba`; fine for a loopback-only, throw-away server.

Gotchas left to the caller (measured on 7.2.5.1+dfsg1-0.3):
  * Graph Store: `?graph=IRI` works for PUT (201 new / 200 replaced; an empty body
    drops the graph: 204), POST (append), GET (404 if absent) and DELETE. `?default`
    is refused with HTTP 500 "...contains "default" param but the endpoint is not
    configured to have default graph" unless `default_graph=` is given. HEAD: 501.
    The Content-Type is ignored (the body is sniffed): N-Triples goes in under any
    type; a syntax error comes back as 500 "...unsupported type text/plain".
  * After an error answer Virtuoso does not read the rest of the request body, so
    the next request on the same keep-alive connection gets a bare 501. Reconnect
    (or send `Connection: close`) after a non-2xx answer.
  * JSON results use SPARQL 1.0's `"type": "typed-literal"`; xsd:boolean comes back
    as "1"/"0" (STR() gives "true"/"false"); xsd:decimal keeps ~35 significant
    digits; a literal typed xsd:string keeps the explicit datatype and does not
    equal the plain literal; DATATYPE() of a language-tagged literal is unbound.
  * Plain literals longer than 50 characters are compared on their first 50 only:
    ORDER BY ?x, MAX(?x) and ?x < "..." are wrong for them (use STR(?x)); MIN(?x) on
    strings is always unbound (MIN(STR(?x)) works).
  * Several OPTIONAL { SELECT ... GROUP BY ?k } blocks next to joined aggregate
    subqueries can come back uncorrelated (every ?k gets one group's value).
"""
from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from servers import free_port, running

HOST = "127.0.0.1"
DBA_USER = "dba"
DBA_PASSWORD = "dba"  # the stock password of a fresh database; the server is loopback-only
RESULT_SET_MAX_ROWS = 1_000_000
# Seconds; past it a query fails with HTTP 500 "S1T00 ... SR171: Transaction timed out"
# (measured: an error, not partial results).
MAX_QUERY_EXECUTION_TIME = 120
START_TIMEOUT = 90.0  # seconds to wait for /sparql to answer

# Run as isql-vt once the server is up, so that anonymous HTTP clients (the SQL user
# "SPARQL", mapped to the RDF user 'nobody') may update through /sparql and write
# through /sparql-graph-crud.
# GRANT SPARQL_UPDATE alone was enough for every GSP method in tests on 7.2.5; the
# default RDF permissions for 'nobody' (7 = read + write + sponge) are set as well, so a
# later change of per-graph security does not lock anonymous clients out.
GRANTS_SQL = """\
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
"""


def virtuoso_available() -> bool:
    """True when both `virtuoso-t` and `isql-vt` are on PATH."""
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


@dataclass(frozen=True)
class Virtuoso:
    """A running throw-away Virtuoso; everything it serves is on 127.0.0.1."""

    http_port: int

    @property
    def query_url(self) -> str:
        """SPARQL 1.1 Protocol endpoint (queries; also updates, since SPARQL_UPDATE is granted)."""
        return f"http://{HOST}:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        """SPARQL 1.1 Graph Store HTTP Protocol endpoint: `?graph=IRI` (`?default` only
        when started with `default_graph=`)."""
        return f"http://{HOST}:{self.http_port}/sparql-graph-crud"


@contextlib.contextmanager
def running_virtuoso(workdir: Path, *, default_graph: str | None = None) -> Iterator[Virtuoso]:
    """Start a throw-away loopback-only Virtuoso with its files in a fresh `workdir`.

    default_graph: None (the default) keeps Virtuoso's own behaviour: the Graph Store
    refuses `?default` (HTTP 500) and a query without FROM sees the union of all graphs,
    Virtuoso's system graphs included (about 2,500 triples in a fresh database). An
    IRI maps the default graph of both endpoints to that one named graph, through a
    DB.DBA.SYS_SPARQL_HOST row for the Host `127.0.0.1:PORT` (what `query_url` and
    `store_url` send; `localhost:PORT` is not mapped): `store_url?default` then reads
    and writes that graph, and a query without FROM sees only it, as in Oxigraph. The
    mapping works by adding it as the request's default graph, with measured side
    effects: `FROM <g>` sees g *plus* the mapped graph; `GRAPH <g> {...}` with a
    constant IRI matches nothing (and COUNT(*) over it says 1), while
    `GRAPH ?g {...}` and `FROM NAMED` still see every graph.
    """
    sql_port, http_port = free_port(), free_port()
    _write_ini(workdir, sql_port, http_port)
    command = ["virtuoso-t", "+foreground", "+configfile", str(workdir / "virtuoso.ini")]
    with running(command, f"http://{HOST}:{http_port}/sparql?query=ASK%7B%7D",
                 workdir / "virtuoso.stdout", timeout_s=START_TIMEOUT, cwd=workdir):
        _isql(sql_port, GRANTS_SQL)
        if default_graph is not None:
            graph = default_graph.replace("'", "''")  # an SQL string literal
            _isql(sql_port, "INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) "
                            f"VALUES ('{HOST}:{http_port}', '{graph}');\n")
        yield Virtuoso(http_port)


def _write_ini(workdir: Path, sql_port: int, http_port: int) -> None:
    (workdir / "vsp").mkdir(exist_ok=True)
    d = workdir
    ini = f"""\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = {HOST}:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {d}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 1G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 4
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000

[HTTPServer]
ServerPort                  = {HOST}:{http_port}
ServerRoot                  = {d}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
MaxCachedProxyConnections   = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = {HOST}:{http_port}

[SPARQL]
ResultSetMaxRows           = {RESULT_SET_MAX_ROWS}
MaxSortedTopRows           = {RESULT_SET_MAX_ROWS}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = {MAX_QUERY_EXECUTION_TIME}
DeferInferenceRulesInit    = 0
"""
    (workdir / "virtuoso.ini").write_text(ini, encoding="utf-8")


def _isql(sql_port: int, sql: str, timeout: float = 600.0) -> str:
    """Run SQL through isql-vt as dba; raise if it fails or reports `*** Error`."""
    done = subprocess.run(
        ["isql-vt", f"{HOST}:{sql_port}", DBA_USER, DBA_PASSWORD,
         "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF"],
        input=sql + "\nEXIT;\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",  # isql-vt prints some columns in the server's narrow charset
        timeout=timeout,
        check=False,
    )
    out = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in out:
        raise RuntimeError(f"isql-vt failed ({done.returncode}):\n{sql}\n---\n{out}")
    return out
