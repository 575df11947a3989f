"""``kg validate`` and the checks behind it: the seeds conform and are consistent; graphs
broken on purpose are caught, each finding naming the node and the source line."""
from __future__ import annotations

import re
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from kg.ontology.validation import axiom_violations, graph_violations, hermit_consistent, shape_violations
from kg.store.build import graph_file_store
from kg.store.export import export_graph
from kg.store.location import open_store
from paths import DRUG_PAGE
from servers import kg, needs_java

ID = "https://w3id.org/drugkg/id/"
DK = "https://w3id.org/drugkg/ontology#"
TRIAL = f"{ID}trial/NCT04443881"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _broken(tmp_path: Path, seed_out: Path, replace: tuple[str, str] = ("", ""), append: str = "") -> Path:
    """The seed export with one statement changed or added, as a curator might break it."""
    text = export_graph(seed_out, "turtle").decode()
    old, new = replace
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "broken.ttl"
    path.write_text(text + append, encoding="utf-8")
    return path


def test_the_seed_build_conforms_and_is_consistent(seed_out: Path) -> None:
    store = open_store(seed_out)
    assert graph_violations(store) == ()


@needs_java
def test_kg_validate_on_the_seeds_exits_0(seed_out: Path) -> None:
    result = kg("validate", "--out", seed_out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{seed_out}: conforms to the SHACL shapes; consistent under HermiT"
    assert result.stderr == ""


def test_a_trial_without_an_nct_number_is_named_with_its_source_line(tmp_path: Path, seed_out: Path) -> None:
    path = _broken(tmp_path, seed_out, replace=('dk:nctId "NCT04443881" ;', ""))
    (violation,) = shape_violations(graph_file_store(path))
    assert violation.node == TRIAL
    assert violation.file == DRUG_PAGE.name and violation.line > 1
    assert str(violation) == (f"{DRUG_PAGE.name}:{violation.line}: trial:NCT04443881: "
                              "a trial needs one NCT number: NCT followed by eight digits")
    lines = DRUG_PAGE.read_text(encoding="utf-8").splitlines()
    assert "NCT04443881" in lines[violation.line - 1]


def test_a_malformed_nct_number_and_a_negative_sample_size_are_caught(tmp_path: Path, seed_out: Path) -> None:
    path = _broken(tmp_path, seed_out, replace=("dk:sampleSize 96 ;", "dk:sampleSize -96 ;"),
                   append=f'<{TRIAL}> <{DK}enrollment> "-1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
                          f'<{ID}trial/NCT1> a <{DK}ClinicalTrial> ; <http://www.w3.org/2000/01/rdf-schema#label> "x" ;'
                          f' <{DK}nctId> "NCT1" .\n')
    messages = {(v.node.rsplit("/", 1)[-1], v.message) for v in shape_violations(graph_file_store(path))}
    assert ("NCT1", "a trial needs one NCT number: NCT followed by eight digits (found NCT1)") in messages
    assert any(message == "the sample size must be one positive integer (found -96)" for _, message in messages)
    assert ("NCT04443881", "the enrollment must be one non-negative integer (found -1)") in messages


def test_a_reference_without_a_date_and_a_negative_impact_factor(tmp_path: Path, seed_out: Path) -> None:
    store = graph_file_store(_broken(tmp_path, seed_out))
    impact_factor = NamedNode(DK + "impactFactor")
    publication = next(q.subject for q in store.quads_for_pattern(None, impact_factor, None, None))
    for predicate in (impact_factor, NamedNode("http://purl.org/dc/terms/date")):
        for quad in list(store.quads_for_pattern(publication, predicate, None, None)):
            store.remove(quad)
    store.add(Quad(publication, impact_factor, Literal("-2.5", datatype=NamedNode(XSD + "decimal"))))
    messages = {v.message for v in shape_violations(store) if v.node == publication.value}
    assert messages == {"a reference needs exactly one date (dct:date, an xsd:date or xsd:gYearMonth)",
                        "the impact factor must be one non-negative decimal (found -2.5)"}


def test_disjoint_classes_and_two_values_of_a_functional_property(tmp_path: Path, seed_out: Path) -> None:
    path = _broken(tmp_path, seed_out, append=(
        f'<{ID}drug/anakinra> a <{DK}Publication> .\n'
        f'<{TRIAL}> <{DK}nctId> "NCT99999999" .\n'))
    found = {(v.node, v.message) for v in axiom_violations(graph_file_store(path))}
    assert (f"{ID}drug/anakinra", "is both a drug and a publication, which the ontology declares disjoint") in found
    assert (TRIAL, "has more than one NCT number: NCT04443881 and NCT99999999") in found


@needs_java
def test_hermit_finds_the_broken_graph_inconsistent(tmp_path: Path, seed_out: Path) -> None:
    assert hermit_consistent(open_store(seed_out))
    path = _broken(tmp_path, seed_out, append=f'<{ID}drug/anakinra> a <{DK}ClinicalTrial> .\n')
    assert not hermit_consistent(graph_file_store(path))


@needs_java
def test_kg_validate_prints_each_violation_and_exits_1(tmp_path: Path, seed_out: Path) -> None:
    path = _broken(tmp_path, seed_out, replace=('dk:nctId "NCT04443881" ;', ""),
                   append=f'<{ID}drug/anakinra> a <{DK}Publication> .\n')
    result = kg("validate", path)
    assert result.returncode == 1
    problems = result.stderr.splitlines()
    assert all(re.match(r"^\S+\.txt:\d+: \S+: \S", line) for line in problems), problems
    assert any("trial:NCT04443881: a trial needs one NCT number" in line for line in problems)
    assert any("drug:anakinra: is both a drug and a publication" in line for line in problems)
    assert result.stdout.strip().endswith("INCONSISTENT under HermiT: the ontology and the graph contradict each other")


def test_kg_validate_on_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    result = kg("validate", path)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}: cannot read it as Turtle")


def test_a_page_with_a_short_nct_number_builds_and_the_build_names_it(tmp_path: Path) -> None:
    """The shapes run at the end of every build: the graph is kept (so kg validate and the
    explorer can show it), and the build prints the violation at the page's line."""
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    text = DRUG_PAGE.read_text(encoding="utf-8")
    (sources / DRUG_PAGE.name).write_text(text.replace("\nNCT04443881 ", "\nNCT0444388 "), encoding="utf-8")
    built = kg("build", "--sources", sources, "--out", out)
    assert built.returncode == 0, built.stderr
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("NCT04443881 "))
    assert built.stderr.splitlines() == [
        f"{DRUG_PAGE.name}:{line}: trial:NCT0444388: a trial needs one NCT number: NCT followed by "
        "eight digits (found NCT0444388)",
        f"1 shape or axiom violations: run 'kg validate --out {out}'",
    ]
    validated = kg("validate", "--out", out)
    assert validated.returncode == 1
    assert validated.stderr.splitlines() == built.stderr.splitlines()[:1]


def test_arms_that_do_not_add_up_and_a_bad_dose_unit_are_caught(tmp_path: Path, seed_out: Path) -> None:
    """The cohort study's 52 + 44 arms against a sample size edited to 97; a dose in ml."""
    text = export_graph(seed_out, "turtle").decode()
    step = text.index('dk:doseUnit "mg"')
    path = _broken(tmp_path, seed_out, replace=("dk:sampleSize 96 ;", "dk:sampleSize 97 ;"))
    path.write_text(path.read_text(encoding="utf-8")[:step] + 'dk:doseUnit "ml"'
                    + path.read_text(encoding="utf-8")[step + len('dk:doseUnit "mg"'):], encoding="utf-8")
    messages = {v.message for v in graph_violations(graph_file_store(path))}
    assert "the study arms must add up to the sample size (arms 96, sample size 97)" in messages
    assert any(message.startswith("a dose unit must be mg, g or mg/kg") for message in messages)


def test_the_shapes_compiled_to_sparql_find_what_pyshacl_finds(tmp_path: Path, seed_out: Path) -> None:
    """The build checks the shapes as SPARQL in the store; on graphs broken each way the
    shapes can catch, it reports exactly pyshacl's findings, messages and lines included."""
    broken = [
        _broken(tmp_path, seed_out, replace=('dk:nctId "NCT04443881" ;', "")),
        _broken(tmp_path, seed_out, replace=("dk:sampleSize 96 ;", "dk:sampleSize -96, 3 ;"),
                append=f'<{TRIAL}> <{DK}enrollment> "-1"^^<{XSD}integer> .\n'
                       f'<{ID}trial/NCT1> a <{DK}ClinicalTrial> ; <{DK}nctId> "NCT1", "NCT2" .\n'
                       f'<{ID}x> a <{DK}Publication> ; <http://purl.org/dc/terms/date> "2020" .\n'
                       f'<{ID}e> a <{DK}RegulatoryEvent> ; <{DK}regulator> <{ID}drug/anakinra> .\n'),
    ]
    text = export_graph(seed_out, "turtle").decode()
    step = text.index('dk:doseUnit "mg"')
    broken.append(tmp_path / "unit.ttl")
    broken[-1].write_text(text[:step] + 'dk:doseUnit "ml"' + text[step + len('dk:doseUnit "mg"'):],
                          encoding="utf-8")
    for path in broken:
        store = graph_file_store(path)
        axioms = set(axiom_violations(store))
        compiled = [violation for violation in graph_violations(store) if violation not in axioms]
        assert compiled == shape_violations(store) != [], path
