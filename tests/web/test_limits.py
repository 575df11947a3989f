"""``kg serve --max-url --max-body``: a URL, header block or body past its limit gets 414,
431 or 413 with one line naming the limit, read by the client even while it still sends.

A real server on 127.0.0.1 with small limits; raw sockets where a client library would
refuse to send what is being tested.
"""
from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from servers import KgServer, kg_server

MAX_URL = 1_000
MAX_BODY = 2_000
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_out: Path) -> Iterator[KgServer]:
    with kg_server(seed_out, tmp_path_factory.mktemp("limits"), "--max-url", str(MAX_URL),
                   "--max-body", str(MAX_BODY)) as running:
        yield running


def _exchange(server: KgServer, head: bytes, body_chunks: Iterator[bytes] = iter(())) -> tuple[int, str]:
    """Send a request whole, as a client that does not listen while it sends, then read."""
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head)
        for chunk in body_chunks:
            connection.sendall(chunk)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2].decode()


def _get(path: str, *headers: bytes) -> bytes:
    return b"\r\n".join([f"GET {path} HTTP/1.1".encode(), b"Host: x", *headers, b"", b""])


def test_a_url_past_the_limit_is_414_naming_it(server: KgServer) -> None:
    status, text = _exchange(server, _get("/sparql?query=" + "a" * MAX_URL))
    assert (status, text) == (414, "the URL is longer than the 1,000 byte limit: POST the query in the body instead\n")
    assert httpx.get(server.sparql_url, params={"query": ASK}).json()["boolean"] is True  # a URL under it


def test_a_url_of_ten_megabytes_is_answered_not_reset(server: KgServer) -> None:
    """httptools parses no URL past 65,535 bytes: uvicorn closed on such a request while
    the client was still sending, and the client got a reset instead of any status."""
    head = _get("/sparql?query=" + "a" * 10_000_000)
    status, text = _exchange(server, head[:65536], iter([head[i:i + 65536] for i in range(65536, len(head), 65536)]))
    assert status == 414 and text.startswith("the URL is longer than")


def test_headers_past_the_limit_are_431(server: KgServer) -> None:
    status, text = _exchange(server, _get("/sparql", b"X-Padding: " + b"a" * 70_000))
    assert (status, text) == (431, "the request headers are larger than the 65,536 byte limit\n")
    endless = (b"a" * 65536 for _ in range(100))  # one header that never ends
    status, _ = _exchange(server, _get("/sparql")[:-2] + b"X-Padding: ", endless)
    assert status == 431


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_past_the_limit_is_413_by_length_or_as_it_streams(server: KgServer, chunked: bool) -> None:
    body = (ASK + "#" + "x" * MAX_BODY).encode()
    content = iter([body[:1000], body[1000:]]) if chunked else body
    answer = httpx.post(server.sparql_url, content=content, headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 413
    assert answer.text == ("the request body is larger than the 2,000 byte limit: send a shorter query "
                           "(kg serve --max-body sets the limit)\n")


def test_a_body_under_the_limit_is_answered(server: KgServer) -> None:
    body = ASK + "#" + "x" * (MAX_BODY - len(ASK) - 1)
    answer = httpx.post(server.sparql_url, content=body, headers={"Content-Type": "application/sparql-query"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True
