"""The canned-query catalog: every queries/*.rq file loads and says truthfully what it returns."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pyoxigraph import QuerySolutions, Store
from SPARQLWrapper import SPARQLWrapper

from kg.errors import QueryError
from kg.query.catalog import PARAM_TYPES, CannedQuery, QUERY_DIR, get_query, load_catalog, load_query

QUERY_FILES = sorted(QUERY_DIR.glob("*.rq"))

# The outside contract (CONTRACT.md): name -> columns that must be there, in this order.
CONTRACT_QUERIES: dict[str, tuple[str, ...]] = {
    "drugs": ("drug", "label", "targets", "references", "trials"),
    "references": ("title", "date", "design", "population", "impact_factor", "sample_size"),
    "evidence-by-design": ("design", "studies", "participants"),
    "drugs-by-target": ("drug", "label"),
    "trials": ("trial_id", "title", "status", "phase", "start", "completion", "enrollment"),
    "regulatory-timeline": ("date", "regulator", "event", "region", "indication"),
    "co-medications": ("comedication", "studies"),
    "studies-in-population": ("title", "date"),
    "top-impact": ("title", "impact_factor", "date"),
    "dosing": ("title", "route", "dose"),
    "storage": ("product", "max_temperature_c", "max_duration_h", "advice"),
    "lactation": ("advice", "date"),
    "evidence-summary": ("condition", "studies", "participants", "randomized_studies",
                         "randomized_participants", "grade", "grade_reason"),
}
CONTRACT_PARAMS: dict[str, set[str]] = {
    "drugs": set(), "references": {"drug"}, "evidence-by-design": {"drug"},
    "drugs-by-target": {"target"}, "trials": {"drug"}, "regulatory-timeline": {"drug"},
    "co-medications": {"drug"}, "studies-in-population": {"drug", "population"},
    "top-impact": {"drug", "limit"}, "dosing": {"drug"}, "storage": {"drug"}, "lactation": {"drug"},
    "evidence-summary": {"drug", "condition", "as_of"},
}
MISSING = pytest.mark.xfail(
    reason="contract query has no queries/*.rq file yet (regulatory-timeline, storage, lactation "
           "are in CONTRACT.md but not in queries/)", strict=True)


def contract_param(name: str) -> object:
    marks = [MISSING] if not (QUERY_DIR / f"{name}.rq").is_file() else []
    return pytest.param(name, id=name, marks=marks)


CONTRACT_NAMES = [contract_param(name) for name in CONTRACT_QUERIES]


@pytest.fixture(scope="module")
def catalog() -> dict[str, CannedQuery]:
    return load_catalog()


def header_of(path: Path) -> dict:
    lines = [line[3:] for line in path.read_text(encoding="utf-8").splitlines()
             if line.startswith("#+ ")]
    return yaml.safe_load("\n".join(lines))


def test_there_are_query_files() -> None:
    assert len(QUERY_FILES) >= 12


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_loads_and_its_header_is_complete(path: Path) -> None:
    query = load_query(path)
    header = header_of(path)
    assert query.name == path.stem
    assert header["title"] and query.title == header["title"]
    assert header["description"] and query.description == str(header["description"])
    assert isinstance(header["columns"], list) and header["columns"]
    assert query.columns == tuple(header["columns"])
    assert len(set(query.columns)) == len(query.columns)
    assert isinstance(header.get("params", {}), dict)
    assert query.tags, "every query is tagged"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_declared_columns_are_what_the_engine_projects(path: Path) -> None:
    """Independent of the catalog's own rdflib check: ask pyoxigraph itself."""
    query = load_query(path)
    result = Store().query(query.text, use_default_graph_as_union=True)
    assert isinstance(result, QuerySolutions), "canned queries are SELECTs"
    assert tuple(variable.value for variable in result.variables) == query.columns


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_param_is_typed_has_an_example_and_is_projected(path: Path) -> None:
    query = load_query(path)
    for param in query.params:
        assert param.type in PARAM_TYPES
        assert param.example, f"{path.name}: parameter '{param.name}' has no example"
        assert param.help, f"{path.name}: parameter '{param.name}' has no help"
        if param.name == "limit":
            assert param.type == "integer" and param.example.isdigit()
            assert param.default is not None and param.default.isdigit()
        else:
            assert param.name in query.columns
        if not param.required:  # left out, a drug, concept or date filters nothing
            assert param.default is not None or param.type in (
                "drug", "target", "string", "condition", "date")


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_sparqlwrapper_reads_every_query_as_a_select(path: Path) -> None:
    """SPARQLWrapper sends a query it takes for an update (a word such as "add up" or "drops"
    in the header or a comment, which it strips only every other line of) to the update
    endpoint, which Oxigraph's /query refuses: say it otherwise."""
    assert SPARQLWrapper("http://127.0.0.1/")._parseQueryType(load_query(path).text) == "SELECT"


def test_load_catalog_names_every_file(catalog: dict[str, CannedQuery]) -> None:
    assert list(catalog) == [path.stem for path in QUERY_FILES]
    for name, query in catalog.items():
        assert get_query(name) == query


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_contract_query_exists_with_contract_columns_in_order(
        catalog: dict[str, CannedQuery], name: str) -> None:
    assert name in catalog, f"contract query '{name}' is missing from queries/"
    columns = catalog[name].columns
    for column in CONTRACT_QUERIES[name]:
        assert column in columns, f"{name}: contract column '{column}' missing from {columns}"
    contract = CONTRACT_QUERIES[name]
    assert columns[:len(contract)] == contract, f"{name}: contract columns {contract} must lead {columns}"
    assert {param.name for param in catalog[name].params} >= CONTRACT_PARAMS[name]


def test_contract_parameter_requirements(catalog: dict[str, CannedQuery]) -> None:
    trials = {param.name: param for param in catalog["trials"].params}
    assert not trials["drug"].required
    top = {param.name: param for param in catalog["top-impact"].params}
    assert top["limit"].default == "10" and not top["limit"].required
    assert top["drug"].required
    assert {param.name: param.type for param in catalog["drugs-by-target"].params} == {"target": "target"}
    assert catalog["drugs"].params == ()
    summary = {param.name: param for param in catalog["evidence-summary"].params}
    assert summary["drug"].required and not summary["condition"].required and not summary["as_of"].required
    assert (summary["condition"].type, summary["as_of"].type) == ("condition", "date")


# Queries that list or count publications, each with an optional as_of date (issue 19).
AS_OF_QUERIES = ("evidence-summary", "references", "evidence-by-design", "evidence-by-design-kind",
                 "studies-in-condition", "studies-in-population", "studies-with-tag", "top-impact",
                 "largest-studies", "participants-per-condition", "references-per-year",
                 "references-per-target", "studies-by-route", "studies-with-co-medication",
                 "reported-results", "effect-sizes")


@pytest.mark.parametrize("name", AS_OF_QUERIES)
def test_publication_queries_take_an_optional_as_of_date(catalog: dict[str, CannedQuery], name: str) -> None:
    (as_of,) = [param for param in catalog[name].params if param.name == "as_of"]
    assert (as_of.type, as_of.required, as_of.default) == ("date", False, None)
    assert "as_of" in catalog[name].description


@pytest.mark.parametrize(("name", "param", "kind"), [
    ("studies-with-tag", "tag", "tag"), ("studies-in-condition", "condition", "condition"),
    ("studies-in-population", "population", "population"), ("evidence-summary", "condition", "condition"),
    ("second-line-options", "condition", "condition"),
])
def test_tags_conditions_and_populations_are_concept_parameters(
        catalog: dict[str, CannedQuery], name: str, param: str, kind: str) -> None:
    assert {p.name: p.type for p in catalog[name].params}[param] == kind


# --- broken query files ------------------------------------------------------------------

GOOD_HEADER = """\
#+ title: Good
#+ description: a test query
#+ params:
#+   drug: {type: drug, required: true, example: anakinra, help: "drug"}
#+ columns: [title, drug]
"""
GOOD_BODY = """\
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?title ?drug WHERE { ?drug dct:title ?title }
"""
BROKEN = {
    "columns-disagree": GOOD_HEADER.replace("[title, drug]", "[title, date, drug]") + GOOD_BODY,
    "columns-reordered": GOOD_HEADER.replace("[title, drug]", "[drug, title]") + GOOD_BODY,
    "bad-yaml": GOOD_HEADER.replace("columns: [title, drug]", "columns: [title, drug\n#+ : : -") + GOOD_BODY,
    "param-not-projected": GOOD_HEADER.replace("  drug:", "  target:").replace("type: drug", "type: target")
    + GOOD_BODY,
    "param-without-type": GOOD_HEADER.replace("type: drug, ", "") + GOOD_BODY,
    "param-unknown-type": GOOD_HEADER.replace("type: drug", "type: colour") + GOOD_BODY,
    "invalid-sparql": GOOD_HEADER + GOOD_BODY.replace("WHERE {", "WHERE {{"),
    "not-sparql-at-all": GOOD_HEADER + "this is not a query\n",
}


def test_the_good_template_itself_loads(tmp_path: Path) -> None:
    path = tmp_path / "good.rq"
    path.write_text(GOOD_HEADER + GOOD_BODY, encoding="utf-8")
    query = load_query(path)
    assert query.columns == ("title", "drug")
    assert [param.name for param in query.params] == ["drug"]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_query_file_raises_query_error_naming_the_file(tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.rq"
    path.write_text(BROKEN[case], encoding="utf-8")
    with pytest.raises(QueryError) as caught:
        load_query(path)
    message = str(caught.value)
    assert str(path) in message
    assert "\n" not in message, "error messages are one line"
    with pytest.raises(QueryError, match=case):
        load_catalog(tmp_path)


def test_broken_messages_say_what_is_wrong(tmp_path: Path) -> None:
    expectations = {
        "columns-disagree": "differ from the SELECT variables",
        "bad-yaml": "not YAML",
        "param-not-projected": "'target' must be projected",
        "param-without-type": "'drug' needs a type",
        "invalid-sparql": "invalid SPARQL",
    }
    for case, fragment in expectations.items():
        path = tmp_path / f"{case}.rq"
        path.write_text(BROKEN[case], encoding="utf-8")
        with pytest.raises(QueryError, match=fragment):
            load_query(path)


def test_get_query_unknown_name_lists_known_names() -> None:
    with pytest.raises(QueryError) as caught:
        get_query("nope")
    message = str(caught.value)
    assert "'nope'" in message and "\n" not in message
    for path in QUERY_FILES:
        assert path.stem in message


@pytest.mark.parametrize("name", ["../queries/references", "References", "references.rq", "", "refs;drop",
                                  "a" * 300, "a" * 5000, "refer\x00ences", "refer\nences", "dr\udcffugs"])
def test_get_query_rejects_names_that_are_not_plain_query_names(name: str) -> None:
    with pytest.raises(QueryError, match="unknown query") as caught:
        get_query(name)  # a 300-character name once reached the file system: File name too long
    message = str(caught.value)
    assert message.splitlines() == [message] and len(message) < 1000


def test_each_query_file_is_parsed_once_per_process() -> None:
    assert get_query("references") is get_query("references") is load_catalog()["references"]
