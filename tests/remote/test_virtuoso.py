"""The seeds in a real Virtuoso (Debian's virtuoso-opensource 7.2), started on 127.0.0.1.

``kg push`` loads the build over the Graph Store Protocol and every canned query runs
through ``--endpoint``; the rows must equal the local run's. Marked ``virtuoso``
(``pytest -m "not virtuoso"`` leaves it out); CI installs Virtuoso with
scripts/install-virtuoso.sh and sets KG_REQUIRE_VIRTUOSO=1, so there a missing server
fails instead of skipping.

Virtuoso answers differently from Oxigraph in ways this file pins down (measured on
7.2.5, see remote/virtuoso.py): it writes xsd:boolean as "1"/"0", and it decorrelates
several OPTIONAL aggregate subqueries, which breaks ``drugs``.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from kg.query.catalog import load_catalog
from kg.query.results import Table
from kg.query.run import run_query
from remote.virtuoso import Virtuoso, running_virtuoso, virtuoso_available
from paths import SEED_PUSHED
from servers import kg, require_or_skip

pytestmark = pytest.mark.virtuoso
CATALOG = load_catalog()
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
# Virtuoso 7.2.5 gives every drug one drug's targets or brands when a query has several
# OPTIONAL { SELECT ... GROUP BY ?drug } blocks; which list breaks depends on their order.
VIRTUOSO_BUGS = {"drugs": "Virtuoso 7.2.5 decorrelates OPTIONAL aggregate subqueries"}

require_or_skip(virtuoso_available(), "Virtuoso", "scripts/install-virtuoso.sh", "KG_REQUIRE_VIRTUOSO")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[Virtuoso]:
    """Virtuoso with the seeds pushed; its default graph is mapped so ``?default`` works."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso"),
                          default_graph="https://w3id.org/drugkg/id/graph/default") as server:
        pushed = kg("push", "--endpoint", server.store_url, "--out", seed_out)
        assert pushed.returncode == 0, pushed.stderr
        assert pushed.stdout.strip().endswith(f"the store holds {SEED_PUSHED} triples in them")
        yield server


def _same_values(table: Table) -> Table:
    """xsd:boolean in its canonical form: "1"/"0" and "true"/"false" are the same values."""
    def canonical(term):  # noqa: ANN001, ANN202 - a term or None
        if isinstance(term, Literal) and term.datatype.value == XSD_BOOLEAN:
            return Literal("true" if term.value in ("1", "true") else "false",
                           datatype=NamedNode(XSD_BOOLEAN))
        return term
    return Table(table.columns, tuple(tuple(map(canonical, row)) for row in table.rows))


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(reason=VIRTUOSO_BUGS[name], strict=True))
    if name in VIRTUOSO_BUGS else name
    for name in sorted(CATALOG)])
def test_every_canned_query_gives_the_local_rows_in_virtuoso(
        name: str, seed_out: Path, virtuoso: Virtuoso) -> None:
    local = run_query(name, CATALOG[name].examples(), seed_out)
    remote = run_query(name, CATALOG[name].examples(), seed_out, virtuoso.query_url)
    assert local.rows
    assert _same_values(remote) == _same_values(local)


def test_storage_keeps_its_numbers_in_virtuoso(seed_out: Path, virtuoso: Virtuoso) -> None:
    row = run_query("storage", {"drug": "Kineret"}, seed_out, virtuoso.query_url).records()[0]
    assert (row["max_temperature_c"], row["max_duration_h"]) == ("25", "12")
    assert row["may_return_to_refrigerator"] == "0"  # xsd:boolean false, as Virtuoso writes it
