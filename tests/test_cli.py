"""The ``kg`` command line, as CONTRACT.md states it: output, exit codes, one-line errors."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from hypothesis import given, settings, strategies as st
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from typer.testing import CliRunner

from paths import DRUG_PAGE, NAMED_GRAPHS, ONTOLOGY_GRAPH, ROOT, SEEDS, SPS_PAGES
from servers import kg
from kg.cli import app
from kg.query.catalog import QUERY_DIR, load_catalog
from kg.query.run import run_query
from kg.store.build import BuildReport

ANAKINRA = "https://w3id.org/drugkg/id/drug/anakinra"
CONTRACT_NAMES = ("drugs", "references", "evidence-by-design", "drugs-by-target", "trials",
                  "regulatory-timeline", "co-medications", "studies-in-population", "top-impact",
                  "dosing", "storage", "lactation")
PROBLEM_LINE = re.compile(r"^.+\.txt:\d+: \S.*$")

runner = CliRunner()


def invoke(*args: object):  # noqa: ANN201 - typer's Result
    return runner.invoke(app, [str(arg) for arg in args])


def assert_one_line_failure(code: int, stdout: str, stderr: str) -> str:
    assert code == 1
    assert "Traceback" not in stderr and "Traceback" not in stdout
    lines = stderr.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0], stderr
    return lines[0]


# --- build --------------------------------------------------------------------------------

def test_build_prints_documents_and_triples_and_is_byte_identical(
        tmp_path: Path, seed_build: tuple[Path, BuildReport]) -> None:
    seed_out, report = seed_build
    out = tmp_path / "out"
    result = invoke("build", "--sources", SEEDS, "--out", out)
    assert result.exit_code == 0, result.stderr
    match = re.search(r"read (\d+) documents .*wrote (\d+) triples", result.stdout)
    assert match, result.stdout
    assert (int(match.group(1)), int(match.group(2))) == (2, report.triples)
    assert result.stderr == ""
    assert (out / "store").is_dir()
    assert (out / "kg.ttl").read_bytes() == (seed_out / "kg.ttl").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == [".lock", "builds", "cache", "current", "kg.ttl", "store"]
    assert len(list((out / "builds").iterdir())) == 1, "no staging left behind"


@pytest.mark.parametrize("name", ["out[bold]", "o" * 150], ids=["markup-in-path", "long-path"])
def test_build_summary_is_one_line_naming_the_out_directory(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = invoke("build", "--sources", SEEDS, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [result.stdout.strip()]
    assert result.stdout.strip().endswith(f" to {out}")


def test_rebuilding_over_a_build_gives_byte_identical_turtle(tmp_path: Path, seed_out: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    before = (out / "kg.ttl").read_bytes()
    result = invoke("build", "--sources", SEEDS, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert (out / "kg.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [".lock", "builds", "cache", "current", "kg.ttl", "store"]
    assert len(run_query("references", {"drug": "anakinra"}, out).rows) == 57


def bad_date_page() -> str:
    text = DRUG_PAGE.read_text(encoding="utf-8")
    assert text.count("Feb/23/2021") == 1
    return text.replace("Feb/23/2021", "Feb/30/2021")


def snapshot(out: Path) -> tuple[bytes, object, object, list[str]]:
    return ((out / "kg.ttl").read_bytes(),
            run_query("references", {"drug": "anakinra"}, out),
            run_query("sources", {}, out),
            sorted(p.name for p in out.iterdir()))


def test_bad_source_fails_with_path_line_message_and_keeps_the_previous_build(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SEEDS, sources)
    out = tmp_path / "out"
    assert invoke("build", "--sources", sources, "--out", out).exit_code == 0
    before = snapshot(out)

    bad = sources / "003_bad_date.txt"
    bad.write_text(bad_date_page(), encoding="utf-8")
    bad_line = bad.read_text(encoding="utf-8").split("\n").index("Feb/30/2021") + 1

    process = kg("build", "--sources", sources, "--out", out)
    line = assert_one_line_failure(process.returncode, process.stdout, process.stderr)
    assert re.fullmatch(r"^.+\.txt:\d+: impossible date 'Feb/30/2021'$", line), line
    assert line == f"{bad}:{bad_line}: impossible date 'Feb/30/2021'"
    assert process.stdout == ""
    assert snapshot(out) == before

    in_process = invoke("build", "--sources", sources, "--out", out)
    assert assert_one_line_failure(in_process.exit_code, in_process.stdout, in_process.stderr) == line
    assert snapshot(out) == before


def test_empty_source_file(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SPS_PAGES, sources)
    empty = sources / "001_empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    process = kg("build", "--sources", sources, "--out", out)
    line = assert_one_line_failure(process.returncode, process.stdout, process.stderr)
    assert line.startswith(f"{empty}:1: empty file")
    assert not (out / "store").exists() and not (out / "kg.ttl").exists()


def test_every_bad_source_gets_its_own_line(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SEEDS, sources)
    (sources / "003_bad_date.txt").write_text(bad_date_page(), encoding="utf-8")
    (sources / "004_empty.txt").write_text("  \n\n", encoding="utf-8")
    result = invoke("build", "--sources", sources, "--out", tmp_path / "out")
    assert result.exit_code == 1
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 2
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert lines[0].endswith("003_bad_date.txt:158: impossible date 'Feb/30/2021'")
    assert lines[1].endswith("004_empty.txt:1: empty file: expected a source page")
    assert "Traceback" not in result.stderr


def test_missing_sources_directory(tmp_path: Path) -> None:
    process = kg("build", "--sources", tmp_path / "nowhere", "--out", tmp_path / "out")
    line = assert_one_line_failure(process.returncode, process.stdout, process.stderr)
    assert str(tmp_path / "nowhere") in line


# --- query --------------------------------------------------------------------------------

def test_query_references_json(seed_out: Path) -> None:
    result = invoke("query", "references", "-p", "drug=anakinra", "--format", "json", "--out", seed_out)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["head"]["vars"][:6] == ["title", "date", "design", "population", "impact_factor",
                                            "sample_size"]
    assert len(document["results"]["bindings"]) == 57
    titles = [binding["title"]["value"] for binding in document["results"]["bindings"]]
    assert len(set(titles)) == 57


def test_query_with_brand_name_and_long_option(seed_out: Path) -> None:
    by_name = invoke("query", "references", "-p", "drug=anakinra", "--format", "csv", "--out", seed_out)
    by_brand = invoke("query", "references", "--param", "drug=Kineret", "--format", "csv", "--out", seed_out)
    assert by_name.exit_code == by_brand.exit_code == 0
    assert by_name.stdout == by_brand.stdout


def test_query_trials_csv(seed_out: Path) -> None:
    result = invoke("query", "trials", "--format", "csv", "--out", seed_out)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:7] == ["trial_id", "title", "status", "phase", "start", "completion", "enrollment"]
    assert len(rows) == 3
    assert rows[1][:7] == ["NCT04680949", "SAVE-MORE", "", "Phase 3", "", "", "606"]
    assert rows[2][:1] + rows[2][2:7] == ["NCT04443881", "Completed", "Phase 2; Phase 3", "2020-05-08",
                                          "2021-03-31", "179"]


def test_query_table_is_the_default_format(seed_out: Path) -> None:
    result = invoke("query", "top-impact", "-p", "drug=anakinra", "-p", "limit=3", "--out", seed_out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n").split("\n")[-1] == "3 rows"
    assert "53.44" in result.stdout


def test_query_tsv(seed_out: Path) -> None:
    result = invoke("query", "trials-by-country", "--format", "tsv", "--out", seed_out)
    assert result.exit_code == 0
    assert result.stdout.split("\n")[:2] == [
        "?country\t?trials\t?sites",
        '"Spain"\t"1"^^<http://www.w3.org/2001/XMLSchema#integer>\t"12"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_unknown_query_name(seed_out: Path) -> None:
    result = invoke("query", "nope", "--out", seed_out)
    line = assert_one_line_failure(result.exit_code, result.stdout, result.stderr)
    assert "'nope'" in line and "references" in line
    process = kg("query", "nope", "--out", seed_out)
    assert assert_one_line_failure(process.returncode, process.stdout, process.stderr) == line


@pytest.mark.parametrize(("args", "named"), [
    (["references"], "'drug'"),
    (["references", "-p", "drug"], "'drug'"),
    (["references", "-p", "drug=nosuchdrug"], "'nosuchdrug'"),
    (["references", "-p", "drug=anakinra", "-p", "colour=red"], "'colour'"),
    (["top-impact", "-p", "drug=anakinra", "-p", "limit=ten"], "'limit'"),
    (["drugs-by-target", "-p", "target=IL-99"], "'IL-99'"),
    (["trials", "--format", "xml"], "'xml'"),
])
def test_bad_parameter_is_one_line_naming_it(seed_out: Path, args: list[str], named: str) -> None:
    result = invoke("query", *args, "--out", seed_out)
    line = assert_one_line_failure(result.exit_code, result.stdout, result.stderr)
    assert named in line
    assert result.stdout == ""


def test_bad_parameter_in_a_real_process_has_no_traceback(seed_out: Path) -> None:
    process = kg("query", "top-impact", "-p", "drug=anakinra", "-p", "limit=ten", "--out", seed_out)
    assert "'limit'" in assert_one_line_failure(process.returncode, process.stdout, process.stderr)


@pytest.mark.parametrize(("args", "named"), [
    (["top-impact", "-p", "drug=anakinra", "-p", "limit=²"], "parameter 'limit' must be a whole number"),
    (["references", "-p", "drug=ana\udcffkinra"], "parameter 'drug' is not UTF-8 text: 'ana\\udcffkinra'"),
    (["references", "-p", "drug=a\nb"], "unknown drug 'a\\nb'"),
    (["references", "-p", "drug=a\x00\x1b[2Jb"], "unknown drug 'a\\x00\\x1b[2Jb'"),
    (["references", "-p", "dr\nug=anakinra"], "no parameter 'dr\\nug'"),
    (["a" * 300], "unknown query 'aaaa"),
    (["references\n", "-p", "drug=anakinra"], "unknown query 'references\\n'"),
    (["trials", "--format", "x\ny"], "unknown format 'x\\ny'"),
])
def test_hostile_names_and_values_are_one_line_naming_them(seed_out: Path, args: list[str], named: str) -> None:
    result = invoke("query", *args, "--out", seed_out)
    assert named in assert_one_line_failure(result.exit_code, result.stdout, result.stderr)


def test_a_parameter_that_is_not_utf8_in_a_real_argv_is_one_line(seed_out: Path) -> None:
    process = subprocess.run([sys.executable, "-m", "kg", "query", "references", "-p", b"drug=ana\xffkinra",
                              "--out", str(seed_out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    line = assert_one_line_failure(process.returncode, process.stdout, process.stderr)
    assert line == "parameter 'drug' is not UTF-8 text: 'ana\\udcffkinra'; give it in UTF-8"


@settings(max_examples=60, deadline=None, database=None)
@given(parameter=st.sampled_from(sorted((name, param.name) for name, query in load_catalog().items()
                                        for param in query.params)),
       value=st.lists(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=200).map("".join))
def test_any_parameter_value_gives_rows_or_one_line(seed_out: Path, parameter: tuple[str, str], value: str) -> None:
    name, param = parameter
    given_values = {**load_catalog()[name].examples(), param: value}
    result = invoke("query", name, *(f"-p{key}={text}" for key, text in given_values.items()),
                    "--format", "csv", "--out", seed_out)
    if result.exit_code != 0:
        assert_one_line_failure(result.exit_code, result.stdout, result.stderr)
    else:
        assert result.exception is None and result.stderr == ""


def test_query_before_any_build(tmp_path: Path) -> None:
    out = tmp_path / "never-built"
    result = invoke("query", "drugs", "--out", out)
    line = assert_one_line_failure(result.exit_code, result.stdout, result.stderr)
    assert "kg build" in line
    process = kg("query", "drugs", "--out", out)
    assert "kg build" in assert_one_line_failure(process.returncode, process.stdout, process.stderr)
    for args in (["sparql", "ASK {}"], ["export", "--format", "turtle"]):
        result = invoke(*args, "--out", out)
        assert "kg build" in assert_one_line_failure(result.exit_code, result.stdout, result.stderr)
    assert not out.exists() or not any(out.iterdir()), "reading never creates a build"


# --- queries ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def queries_listing() -> str:
    result = invoke("queries")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=[] if (QUERY_DIR / f"{name}.rq").is_file() else [pytest.mark.xfail(
        reason="CONTRACT.md lists this canned query but queries/ has no such file", strict=True)])
    for name in CONTRACT_NAMES])
def test_queries_lists_contract_query(queries_listing: str, name: str) -> None:
    assert re.search(rf"(^|\W){re.escape(name)}(\W|$)", queries_listing, re.M), name


def test_queries_lists_every_canned_query_with_its_parameters(queries_listing: str) -> None:
    for name, query in load_catalog().items():
        assert name in queries_listing
        for param in query.params:
            assert f"{param.name}" in queries_listing
    assert "drug (e.g. anakinra)" in queries_listing
    assert "limit? (e.g. 5)" in queries_listing


# --- sparql -------------------------------------------------------------------------------

def test_sparql_ask(seed_out: Path) -> None:
    result = invoke("sparql", f"ASK {{ <{ANAKINRA}> a <https://w3id.org/drugkg/ontology#Drug> }}",
                    "--out", seed_out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "true"
    as_json = invoke("sparql", "ASK { <urn:x:none> ?p ?o }", "--format", "json", "--out", seed_out)
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": False}


def test_sparql_from_file(tmp_path: Path, seed_out: Path) -> None:
    query = tmp_path / "labels.rq"
    query.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                     f"SELECT ?label WHERE {{ <{ANAKINRA}> rdfs:label ?label }}\n", encoding="utf-8")
    result = invoke("sparql", "-f", query, "--format", "json", "--out", seed_out)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "head": {"vars": ["label"]},
        "results": {"bindings": [{"label": {"type": "literal", "value": "Anakinra"}}]}}


def test_sparql_sees_named_graphs(seed_out: Path) -> None:
    result = invoke("sparql", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv",
                    "--out", seed_out)
    assert result.exit_code == 0
    assert set(result.stdout.splitlines()[1:]) == NAMED_GRAPHS | {ONTOLOGY_GRAPH}


@pytest.mark.parametrize(("args", "fragment"), [
    (["SELECT ?x WHERE { ?x"], "invalid SPARQL"),
    ([], "not both or neither"),
    (["ASK {}", "-f", "some.rq"], "not both or neither"),
    (["-f", "/nonexistent/query.rq"], "no such query file"),
    (["SELECT * WHERE " + "{" * 5000 + "}" * 5000], "nests brackets more than 64 deep"),
    (["SELECT * WHERE { FILTER(" + "1+" * 20000 + "1) }"], "more than 1,000 operators"),
    (['ASK { ?s ?p "\udcff" }'], "the query is not UTF-8 text"),
])
def test_sparql_errors_are_one_line(seed_out: Path, args: list[str], fragment: str) -> None:
    result = invoke("sparql", *args, "--out", seed_out)
    assert fragment in assert_one_line_failure(result.exit_code, result.stdout, result.stderr)


def test_a_query_file_that_is_not_utf8_is_one_line(tmp_path: Path, seed_out: Path) -> None:
    query = tmp_path / "latin1.rq"
    query.write_bytes(b'ASK { ?s ?p "caf\xe9" }')
    result = invoke("sparql", "-f", query, "--out", seed_out)
    line = assert_one_line_failure(result.exit_code, result.stdout, result.stderr)
    assert line == f"{query}: not UTF-8 text: byte 0xe9 at position 16"


# --- export -------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("export_format", "rdflib_format"), [
    ("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_export_triple_formats_parse_back(tmp_path: Path, seed_build: tuple[Path, BuildReport],
                                         export_format: str, rdflib_format: str) -> None:
    out, report = seed_build
    target = tmp_path / f"kg.{export_format}"
    result = invoke("export", "--format", export_format, "-o", target, "--out", out)
    assert result.exit_code == 0, result.stderr
    graph = rdflib.Graph().parse(target, format=rdflib_format)
    assert len(graph) == report.triples
    assert (rdflib.URIRef(ANAKINRA), rdflib.RDFS.label, rdflib.Literal("Anakinra")) in graph
    if export_format == "turtle":
        assert target.read_bytes() == (out / "kg.ttl").read_bytes()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_export_trig_keeps_one_named_graph_per_source(tmp_path: Path,
                                                       seed_build: tuple[Path, BuildReport]) -> None:
    out, report = seed_build
    target = tmp_path / "kg.trig"
    result = invoke("export", "--format", "trig", "-o", target, "--out", out)
    assert result.exit_code == 0, result.stderr
    dataset = rdflib.Dataset()
    dataset.parse(target, format="trig")
    named = [g for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID]
    assert {str(g.identifier) for g in named} == NAMED_GRAPHS
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 0
    assert sum(len(g) for g in named) == report.quads
    assert {str(graph) for *_, graph in dataset.quads((None, None, None, None))} == NAMED_GRAPHS, \
        "every quad is in a named graph"
    union = {triple for g in named for triple in g}
    assert len(union) == report.triples
    for graph in named:
        assert (graph.identifier, None, None) in graph, "each graph describes its own source document"


def test_export_to_stdout_equals_file(tmp_path: Path, seed_out: Path) -> None:
    target = tmp_path / "kg.nt"
    assert invoke("export", "--format", "ntriples", "-o", target, "--out", seed_out).exit_code == 0
    result = invoke("export", "--format", "ntriples", "--out", seed_out)
    assert result.exit_code == 0
    assert result.stdout_bytes == target.read_bytes()


def test_export_unknown_format(seed_out: Path) -> None:
    result = invoke("export", "--format", "rdfxml", "--out", seed_out)
    assert "'rdfxml'" in assert_one_line_failure(result.exit_code, result.stdout, result.stderr)


# --- serve and push -----------------------------------------------------------------------

def test_serve_without_a_build_is_one_line(tmp_path: Path) -> None:
    result = kg("serve", "--out", tmp_path / "empty", "--port", "9")
    line = assert_one_line_failure(result.returncode, result.stdout, result.stderr)
    assert line == (f"{tmp_path / 'empty' / 'store'}: no built graph here: "
                    f"run 'kg build --out {tmp_path / 'empty'}' first")


@pytest.mark.parametrize("option", [["--max-url", "65536"], ["--max-url", "0"], ["--max-body", "0"]])
def test_serve_size_limits_out_of_range_are_one_line(seed_out: Path, option: list[str]) -> None:
    result = invoke("serve", *option, "--out", seed_out, "--port", "9")
    line = assert_one_line_failure(result.exit_code, result.stdout, result.stderr)
    assert line == "--max-url must be 1 to 65,535 (the longest URL httptools parses) and --max-body at least 1"


def test_push_to_an_unreachable_store_is_one_line(seed_out: Path) -> None:
    result = kg("push", "--endpoint", "http://127.0.0.1:9/store", "--out", seed_out)
    line = assert_one_line_failure(result.returncode, result.stdout, result.stderr)
    assert line.startswith("http://127.0.0.1:9/store?graph=https%3A%2F%2Fw3id.org%2Fdrugkg%2Fid%2F"
                           "dataset%2Fdrugkg: cannot reach the graph store: ")


def test_extraction_report_counts_fields_and_names_what_was_not_read(tmp_path: Path) -> None:
    result = kg("extraction-report", "--sources", str(SEEDS), "--out", str(tmp_path / "unused"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:5] == ["sample", "size", "47", "49", "57"] for line in lines)
    assert any("002_0671227eafe6e4ef.txt:441:" in line and "out of 382" in line for line in lines)
    summary = kg("extraction-report", "--sources", str(SEEDS), "--summary")
    assert summary.returncode == 0 and ".txt:441:" not in summary.stdout


def test_extraction_report_of_a_bad_source_is_a_path_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("nothing to read here\n", encoding="utf-8")
    result = kg("extraction-report", "--sources", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("bad.txt:1: unrecognised page format: expected a covid19-help.org "
                                          "drug page or NHS Specialist Pharmacy Service pages")


def test_a_build_on_a_terminal_shows_its_progress_and_elsewhere_nothing_extra(tmp_path: Path) -> None:
    """On a terminal (a pseudo-terminal here) rich draws the stages as they run; piped,
    the output is the one summary line."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", "--sources", str(SEEDS),
                                "--out", str(tmp_path / "tty")], cwd=ROOT, stdin=secondary,
                               stdout=secondary, stderr=secondary, env={**os.environ, "COLUMNS": "120"})
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=120) == 0
    os.close(primary)
    text = shown.decode("utf-8", "replace")
    assert "writing kg.ttl" in text or "loading triples" in text, text
    assert "read 2 documents (drugpage, sps)" in text
    piped = kg("build", "--sources", SEEDS, "--out", tmp_path / "piped")
    assert piped.stderr == "" and piped.stdout.count("\n") == 1
