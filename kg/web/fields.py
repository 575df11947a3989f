"""What a request to ``kg serve`` says, read strictly: the URL's query string, a form body,
a SPARQL query body.

Starlette decodes a query string with U+FFFD in place of bytes that are not UTF-8, so a
query would run on text the client never sent; here such bytes are refused with a 400 that
says where. A POST to /sparql carries one of the two media types SPARQL 1.1 Protocol
(2.1.2, 2.1.3) defines, else 415, and its body is read within the size limit.
"""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.requests import Request

from kg.errors import QueryError, quoted
from kg.query.protocol import UnsupportedMediaType, UpdateRefused
from kg.web.limits import read_body

QUERY_BODY_TYPES = ("application/x-www-form-urlencoded", "application/sparql-query")


async def protocol_fields(request: Request, max_body: int) -> dict[str, list[str]]:
    """The protocol's parameters from the URL and a POST's form or sparql-query body.

    :raises UpdateRefused: an application/sparql-update body (refused before it is read).
    :raises UnsupportedMediaType: a POST body of any other media type, or of none.
    :raises BodyTooLarge: a body past ``max_body`` bytes.
    :raises QueryError: a field or the query body is not UTF-8.
    """
    fields = url_fields(request)
    if request.method != "POST":
        return fields
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type == "application/sparql-update":
        raise UpdateRefused("this endpoint is read-only: SPARQL UPDATE is refused")
    if media_type not in QUERY_BODY_TYPES:
        given = f"got {quoted(media_type)}" if media_type else "no Content-Type was given"
        raise UnsupportedMediaType(f"POST a query as {' or '.join(QUERY_BODY_TYPES)}: {given}")
    body = await read_body(request, max_body)
    if media_type == "application/x-www-form-urlencoded":
        for name, values in _fields(body, "form body").items():
            fields.setdefault(name, []).extend(values)
    else:
        fields.setdefault("query", []).append(_utf8(body, "the application/sparql-query body"))
    return fields


def url_fields(request: Request) -> dict[str, list[str]]:
    """The URL's query string, each name with its values in order.

    :raises QueryError: a name or value is not UTF-8 once percent-decoded.
    """
    return _fields(request.scope["query_string"], "URL's query string")


def single(fields: dict[str, list[str]], *skipped: str) -> dict[str, str]:
    """One value per name, as a canned query's parameters take them, less ``skipped``.

    :raises QueryError: a name is given more than once.
    """
    for name, values in fields.items():
        if len(values) > 1:
            raise QueryError(f"parameter {quoted(name)} is given {len(values)} times: give it once")
    return {name: values[0] for name, values in fields.items() if name not in skipped}


def _fields(raw: bytes, where: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for pair in raw.split(b"&"):
        if pair:
            name, _, value = pair.partition(b"=")
            fields.setdefault(_decoded(name, where), []).append(_decoded(value, where))
    return fields


def _decoded(raw: bytes, where: str) -> str:
    return _utf8(unquote_to_bytes(raw.replace(b"+", b" ")), f"the {where}")


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"{what} is not UTF-8: byte {data[error.start]:#04x} at position "
                         f"{error.start} does not decode") from None
