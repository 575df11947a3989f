"""The ``kg`` command line: each command parses options, calls one library function, prints.

Only this layer catches errors: a KgError is printed to stderr as-is (``PATH:LINE:
message`` lines for sources) and the exit code is 1, with no traceback.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table as RichTable

from kg.errors import KgError, quoted
from kg.query.catalog import load_catalog
from kg.query.formats import RESULT_FORMATS, ResultFormat, render
from kg.query.params import parse_pairs
from kg.query.run import run_query, run_sparql
from kg.ontology.validation import validate as validate_graph
from kg.store.build import build as build_graph, graph_file_store
from kg.store.location import open_store
from kg.store.export import FORMATS, export_graph
from kg.store.push import push as push_graph
from kg.sources import read_sources
from kg.sources.extraction import extraction_report as notes_report

app = typer.Typer(
    help="Build, query and export the drug-evidence knowledge graph.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
stdout = Console(width=200)
stderr = Console(stderr=True, width=200)

OutOption = Annotated[Path, typer.Option("--out", help="Build directory holding store/ and kg.ttl.")]
FormatOption = Annotated[str, typer.Option(
    "--format", help=f"Result format: {', '.join(RESULT_FORMATS)}.")]
EndpointOption = Annotated[Optional[str], typer.Option(
    "--endpoint", help="Run at this SPARQL 1.1 endpoint URL instead of the local build.")]
SourcesOption = Annotated[Optional[list[Path]], typer.Option(
    "--sources", help="Directory of source pages; repeat for several. Default: data/sources.")]
DEFAULT_OUT = Path("data/build")
DEFAULT_SOURCES = [Path("data/sources")]


def _fail(error: KgError) -> None:
    print(str(error), file=sys.stderr)
    raise typer.Exit(1)


def _result_format(value: str) -> ResultFormat:
    if value not in RESULT_FORMATS:
        _fail(KgError(f"unknown format {quoted(value)}: expected one of {', '.join(RESULT_FORMATS)}"))
    return value  # type: ignore[return-value]


@app.command()
def build(
    sources: SourcesOption = None,
    out: OutOption = DEFAULT_OUT,
    reason: Annotated[bool, typer.Option(
        "--reason/--no-reason", help="Materialise what the ontology infers (subclasses, design kinds, pathways).")] = True,
    full: Annotated[bool, typer.Option(
        "--full", help="Rebuild every document, not only those that changed since the last build.")] = False,
) -> None:
    """Read every source page, write the store OUT/store/ and the Turtle file OUT/kg.ttl.

    Run again on the same OUT, only the pages that changed are read again (--full reads all).
    A bad page stops the build with PATH:LINE: messages and leaves the previous build as it was.
    What breaks the SHACL shapes or OWL axioms is printed the same way; `kg validate` says more.
    """
    try:
        with _build_progress() as progress:
            report = build_graph(sources or DEFAULT_SOURCES, out, reason=reason, full=full,
                                 progress=progress)
    except KgError as error:
        _fail(error)
        return
    for problem in (*report.warnings, *report.violations):
        print(str(problem), file=sys.stderr)
    formats = ", ".join(sorted({d.format for d in report.documents}))
    rebuilt = "" if report.full else f", rebuilt {report.rebuilt} of {len(report.documents)}"
    print(f"read {len(report.documents)} documents ({formats}){rebuilt}; "
          f"wrote {report.triples} triples ({report.inferred} inferred; {report.quads} quads in "
          f"{report.graphs} named graphs) to {out}")
    if report.violations:
        print(f"{len(report.violations)} shape or axiom violations: run 'kg validate --out {out}'",
              file=sys.stderr)


class _BarProgress:
    """A build's stages as a rich progress bar on the terminal."""

    def __init__(self, bar: Progress) -> None:
        self._bar = bar
        self._task: TaskID | None = None

    def start(self, stage: str, total: int | None) -> None:
        if self._task is not None:
            self._bar.update(self._task, total=1, completed=1)
        self._task = self._bar.add_task(_STAGE_NAMES.get(stage, stage), total=total)

    def advance(self, done: int) -> None:
        if self._task is not None:
            self._bar.advance(self._task, done)


_STAGE_NAMES = {"read": "reading documents", "map": "mapping documents", "load": "loading triples",
                "reason": "inferring", "validate": "validating", "export": "writing kg.ttl"}


@contextmanager
def _build_progress() -> Iterator[_BarProgress | None]:
    """A progress bar when stderr is a terminal; nothing otherwise."""
    if not stderr.is_terminal:
        yield None
        return
    with Progress(console=stderr, transient=True) as bar:
        yield _BarProgress(bar)


@app.command()
def validate(
    graph_file: Annotated[Optional[Path], typer.Argument(
        help="An RDF file (.ttl, .trig, .nt, .nq, .jsonld) to check instead of the build.")] = None,
    out: OutOption = DEFAULT_OUT,
) -> None:
    """Check the built graph against the SHACL shapes and the OWL ontology (HermiT).

    Each violation is printed as PATH:LINE: node: message; any violation, or an
    inconsistency HermiT finds, makes the exit code 1.
    """
    try:
        store = graph_file_store(graph_file) if graph_file else open_store(out)
        report = validate_graph(store)
    except KgError as error:
        _fail(error)
        return
    for violation in report.violations:
        print(str(violation), file=sys.stderr)
    checked = graph_file or out
    shapes = "conforms to the SHACL shapes" if not report.violations else (
        f"{len(report.violations)} violations of the SHACL shapes and OWL axioms")
    owl = "consistent under HermiT" if report.consistent else (
        "INCONSISTENT under HermiT: the ontology and the graph contradict each other")
    print(f"{checked}: {shapes}; {owl}")
    if not report.conforms:
        raise typer.Exit(1)


@app.command("extraction-report")
def extraction_report(
    sources: SourcesOption = None,
    out: OutOption = DEFAULT_OUT,
    details: Annotated[bool, typer.Option(
        "--details/--summary", help="List every reference that did not yield a field.")] = True,
) -> None:
    """Per field of the notes (sample size, dosing, route, ...), how many references yielded it
    and, as PATH:LINE with the words kept, which did not: what a curator should look at."""
    try:
        report = notes_report(read_sources(sources or DEFAULT_SOURCES))
    except KgError as error:
        _fail(error)
        return
    table = RichTable("field", "yielded", "stated", "of", "asks for", box=None)
    for row in report:
        table.add_row(row.field, str(row.yielded), str(row.stated), str(row.references), row.question)
    stdout.print(table)
    if details:
        for row in report:
            if row.missing:
                stdout.print(f"\n{row.field}: not yielded by {len(row.missing)}", highlight=False)
            for shortfall in row.missing:
                said = f" [{shortfall.text}]" if shortfall.text else ""
                stdout.print(f"  {shortfall.place}: {shortfall.title[:90]}{said}", highlight=False,
                             markup=False)


@app.command()
def export(
    export_format: Annotated[str, typer.Option(
        "--format", help=f"One of: {', '.join(FORMATS)}. trig keeps one named graph per source.")] = "turtle",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write; default stdout.")] = None,
    out: OutOption = DEFAULT_OUT,
) -> None:
    """Write the built graph as Turtle, N-Triples, JSON-LD or TriG."""
    try:
        data = export_graph(out, export_format)  # type: ignore[arg-type]
    except KgError as error:
        _fail(error)
        return
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


@app.command()
def queries(out: OutOption = DEFAULT_OUT) -> None:
    """List the canned queries: name, description and parameters."""
    try:
        catalog = load_catalog()
    except KgError as error:
        _fail(error)
        return
    table = RichTable("name", "description", "parameters")
    for name, query in catalog.items():
        params = ", ".join(
            f"{p.name}{'' if p.required else '?'} (e.g. {p.example})" for p in query.params)
        table.add_row(name, query.description, params or "-")
    stdout.print(table)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="Canned query name; 'kg queries' lists them.")],
    param: Annotated[Optional[list[str]], typer.Option(
        "-p", "--param", help="Parameter as KEY=VALUE, e.g. -p drug=anakinra; repeatable.")] = None,
    result_format: FormatOption = "table",
    endpoint: EndpointOption = None,
    out: OutOption = DEFAULT_OUT,
) -> None:
    """Run a canned query from queries/ against the build or a SPARQL endpoint."""
    try:
        chosen = _result_format(result_format)
        table = run_query(name, parse_pairs(param or []), out, endpoint)
    except KgError as error:
        _fail(error)
        return
    print(render(table, chosen))


@app.command()
def sparql(
    text: Annotated[Optional[str], typer.Argument(help="SPARQL query text.")] = None,
    file: Annotated[Optional[Path], typer.Option("-f", "--file", help="Read the query from FILE.")] = None,
    result_format: FormatOption = "table",
    endpoint: EndpointOption = None,
    out: OutOption = DEFAULT_OUT,
) -> None:
    """Run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) against the build or an endpoint."""
    try:
        chosen = _result_format(result_format)
        if (text is None) == (file is None):
            raise KgError("give a query as an argument or with -f FILE, not both or neither")
        source = text if text is not None else _read_query_file(file)  # type: ignore[arg-type]
        result = run_sparql(source, out, endpoint)
    except KgError as error:
        _fail(error)
        return
    print(render(result, chosen))


def _read_query_file(file: Path) -> str:
    """:raises KgError: the file is missing, unreadable or not UTF-8."""
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KgError(f"{file}: no such query file") from None
    except UnicodeDecodeError as error:
        raise KgError(f"{file}: not UTF-8 text: byte {error.object[error.start]:#04x} at "
                      f"position {error.start}") from None
    except OSError as error:
        raise KgError(f"{file}: cannot read the query file: {error.strerror or 'unreadable'}") from None


@app.command()
def push(
    endpoint: Annotated[str, typer.Option(
        "--endpoint", help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store for Oxigraph.")],
    graph: Annotated[Optional[str], typer.Option(
        "--graph", help="Put the union into this one named graph (an IRI); default: the "
                        "build's named graphs, and their union as the default graph.")] = None,
    out: OutOption = DEFAULT_OUT,
) -> None:
    """Upload the built graph to a triple store with the SPARQL 1.1 Graph Store Protocol."""
    with Progress(console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        task = progress.add_task("pushing triples", total=None)
        try:
            report = push_graph(out, endpoint, graph,
                                progress=lambda sent, total: progress.update(task, completed=sent, total=total))
        except KgError as error:
            progress.stop()
            _fail(error)
            return
    print(f"sent {report.sent} triples in {report.graphs} graph{'s' if report.graphs != 1 else ''} "
          f"to {report.store_url}; the store holds {report.held} triples in them")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Seconds a query may run before it is stopped.")] = 30.0,
    max_result_bytes: Annotated[int, typer.Option(
        "--max-result-bytes", help="Largest answer a query may give, in bytes.")] = 20_000_000,
    workers: Annotated[int, typer.Option(
        "--workers", help="Worker processes for canned queries and pages.")] = 3,
    sparql_workers: Annotated[int, typer.Option(
        "--sparql-workers", help="Worker processes for ad-hoc SPARQL.")] = 4,
    queue: Annotated[int, typer.Option(
        "--queue", help="Canned requests that may wait for a worker; more get 503 at once.")] = 64,
    sparql_queue: Annotated[int, typer.Option(
        "--sparql-queue", help="Ad-hoc queries that may wait for a worker; more get 503 at once.")] = 64,
    wait: Annotated[float, typer.Option(
        "--wait", help="Seconds a request may wait for a worker before a 503.")] = 3.0,
    quick: Annotated[float, typer.Option(
        "--quick", help="Seconds an ad-hoc query runs before it needs a long-query slot.")] = 0.5,
    long_queries: Annotated[int, typer.Option(
        "--long-queries", help="Ad-hoc queries that may run past --quick at once.")] = 1,
    query_memory: Annotated[int, typer.Option(
        "--query-memory", help="MiB an ad-hoc query's worker may take; past it the query is stopped.")] = 1024,
    reload: Annotated[float, typer.Option(
        "--reload", help="Seconds between looks for a completed build to switch to.")] = 1.0,
    max_body: Annotated[int, typer.Option(
        "--max-body", help="Bytes a request body (a POSTed query) may hold; more get 413.")] = 2**20,
    max_url: Annotated[int, typer.Option(
        "--max-url", help="Bytes a URL (a GET query) may hold, at most 65535; more get 414.")] = 32 * 1024,
    out: OutOption = DEFAULT_OUT,
) -> None:
    """Serve the web explorer and a read-only SPARQL 1.1 Protocol endpoint at /sparql."""
    import uvicorn  # the web stack loads only for this command, keeping the others quick

    from kg.query.pool import LaneLimits
    from kg.web.app import create_app
    from kg.web.site import Limits
    from kg.web.limits import MAX_URL_BYTES, http_protocol

    limits = Limits(
        canned=LaneLimits(workers, queue, wait, timeout),
        sparql=LaneLimits(sparql_workers, sparql_queue, wait, timeout, quick, long_queries,
                          memory_mb=query_memory),
        max_result_bytes=max_result_bytes, reload_s=reload, max_body=max_body, max_url=max_url)
    try:
        if not 0 < max_url <= MAX_URL_BYTES or max_body <= 0:
            raise KgError(f"--max-url must be 1 to {MAX_URL_BYTES:,} (the longest URL httptools "
                          "parses) and --max-body at least 1")
        web_app = create_app(out, limits)
    except KgError as error:
        _fail(error)
        return
    print(f"serving {out} at http://{host}:{port}/ (SPARQL endpoint: /sparql)", flush=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning", http=http_protocol(max_url))
