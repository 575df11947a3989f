"""Size limits on what a client sends ``kg serve``: the URL (414), the header block (431)
and the body (413), each refused with one line naming the limit.

uvicorn's httptools protocol limits neither headers nor URLs, and httptools parses no URL
past 65,535 bytes: such a request got uvicorn's "Invalid HTTP request received." 400 and,
when the client was still sending, a connection reset before it read any status. So the
URL and header checks sit in that protocol (``http_protocol``), counting the request head
as it arrives; a refused request is answered, the connection half-closed, and what the
client still sends read and dropped for ``LINGER_S`` (a lingering close, as nginx makes),
so the client reads the status rather than a reset. The body is counted where it is read
(``read_body``), against Content-Length before any byte and against the bytes as they
stream; a body nobody reads is dropped by uvicorn after the answer.
"""
from __future__ import annotations

import asyncio

from starlette.requests import ClientDisconnect, Request
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from kg.errors import KgError, QueryError

MAX_URL_BYTES = 65_535
"""The longest URL httptools parses, so the most ``--max-url`` may allow."""
MAX_HEADER_BYTES = 64 * 1024
"""What a request's header names and values may hold in all."""
LINGER_S = 2.0
"""How long a refused request's connection still reads (and drops) what the client sends."""


class BodyTooLarge(KgError):
    """A request body past the server's limit."""


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request's body, refused once it passes ``max_bytes``.

    :raises BodyTooLarge: Content-Length or the bytes streamed pass the limit.
    :raises QueryError: the client went before the body ended (no one reads the answer).
    """
    refused = BodyTooLarge(f"the request body is larger than the {max_bytes:,} byte limit: "
                           "send a shorter query (kg serve --max-body sets the limit)")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise refused
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                raise refused
    except ClientDisconnect:
        raise QueryError("the connection closed before the request body ended") from None
    return bytes(body)


def http_protocol(max_url: int, max_headers: int = MAX_HEADER_BYTES) -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol refusing a URL past ``max_url`` bytes with 414 and the
    rest of a request head past ``max_headers`` with 431 (uvicorn makes one per connection)."""

    class Limited(_LimitedHttp):
        url_limit, header_limit = max_url, max_headers

    return Limited


class _Refused(Exception):
    """Raised in a parser callback to stop httptools; uvicorn then calls send_400_response."""


class _LimitedHttp(HttpToolsProtocol):
    """One connection: its request heads counted as they arrive, refusals answered here."""

    url_limit = MAX_URL_BYTES
    header_limit = MAX_HEADER_BYTES

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes: int | None = None
        """Bytes received since the request began, until its headers are complete: bounds
        what httptools holds of a header still arriving."""
        self._header_bytes = 0
        self._refusal: tuple[int, str] | None = None

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = self._header_bytes = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.url_limit:
            self._refusal = (414, f"the URL is longer than the {self.url_limit:,} byte limit: "
                                  "POST the query in the body instead")
            raise _Refused

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value)
        if self._header_bytes > self.header_limit:
            self._refusal = self._too_many_header_bytes()
            raise _Refused
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._head_bytes = None
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        if self._refusal is not None:
            return  # lingering: the rest of a refused request is dropped
        super().data_received(data)
        if self._head_bytes is not None and self._refusal is None:
            self._head_bytes += len(data)
            if self._head_bytes - len(self.url) > self.header_limit:
                self._refuse(*self._too_many_header_bytes())

    def _too_many_header_bytes(self) -> tuple[int, str]:
        return 431, f"the request headers are larger than the {self.header_limit:,} byte limit"

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer when parsing stops: a refusal made above, or a request that
        does not parse."""
        self._refuse(*self._refusal or (400, "malformed HTTP request: the request line or "
                                             "headers do not parse"))

    def _refuse(self, status: int, message: str) -> None:
        """Answer with one line and close, dropping what the client still sends meanwhile."""
        self._refusal = (status, message)
        body = f"{message}\n".encode()
        head = [STATUS_LINE[status], *(name + b": " + value + b"\r\n"
                                       for name, value in self.server_state.default_headers),
                b"content-type: text/plain; charset=utf-8\r\n",
                b"content-length: %d\r\nconnection: close\r\n\r\n" % len(body)]
        self.transport.write(b"".join(head) + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_S, self.transport.close)
