"""Fetching a source's URL: http or https only, a timeout, a size limit, no other schemes.

Decisions:

* The standard library's urllib is enough (one GET, no session); its redirect handler is
  narrowed so that a redirect may only lead to another http or https URL (never file:, ftp:
  or data:), at most MAX_REDIRECTS times.
* The body is read in chunks and the fetch stops as soon as it passes the limit, so a huge or
  endless response costs at most the limit in memory; a Content-Length above the limit is
  refused before reading. The timeout applies to connecting and to each read, and a deadline
  bounds the whole download (a server trickling bytes cannot hold a refresh forever).
* Every failure is a FetchFailed with a message for staff (status, timeout, size, address).
* Addresses inside the city's own network are refused unless SOURCE_ALLOW_PRIVATE_ADDRESSES is
  set: a lead who may add a source must not make the server read internal services (loopback,
  private, link-local such as cloud metadata at 169.254.169.254, multicast, reserved). The host
  is resolved and every address it has is checked, for the URL and for every redirect. (A DNS
  answer that changes between this check and the connection is not caught; run the refresh on a
  host whose firewall also blocks internal addresses where that matters.)
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from flask_babel import gettext as _

from app.errors import DomainError

ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "AIM-Tracker-source-refresh/1"


class FetchFailed(DomainError):
    """The source could not be fetched; nothing was read."""


def check_url(url: str) -> str:
    """The URL trimmed, when it is an absolute http(s) URL with a host; else a DomainError."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        raise DomainError(_("Enter an http:// or https:// address."), "url")
    if parts.username or parts.password:
        raise DomainError(_("Leave passwords out of the address."), "url")
    if any(ch.isspace() for ch in url):
        raise DomainError(_("The address may not contain spaces."), "url")
    return url


def _allow_private() -> bool:
    return has_app_context() and bool(current_app.config.get("SOURCE_ALLOW_PRIVATE_ADDRESSES"))


def check_address(url: str) -> None:
    """Refuse a URL whose host resolves to an address inside the network (see the module)."""
    if _allow_private():
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError):
        raise FetchFailed(_("The source's host %(host)s is not known.", host=host[:100])) from None
    for *_rest, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise FetchFailed(
                _(
                    "The source's address %(host)s is inside the city's network; sources are "
                    "read from public addresses only.",
                    host=host[:100],
                )
            )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a few redirects, only to http or https."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
        headers: HTTPMessage, newurl: str,
    ) -> urllib.request.Request | None:  # fmt: skip
        if urlsplit(newurl).scheme.lower() not in ALLOWED_SCHEMES:
            raise FetchFailed(
                _("The source redirects to %(url)s, which is not an http(s) address.",
                  url=newurl[:200])
            )  # fmt: skip
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # build_opener adds the default handlers (file:, ftp:, data: among them); the URL and every
    # redirect are checked to be http(s) first, so only the HTTP handlers are ever used.
    return urllib.request.build_opener(_HttpOnlyRedirects())


def _too_large(limit: int) -> FetchFailed:
    return FetchFailed(_("The source is larger than %(size)s; it was not read.", size=_size(limit)))


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):.1f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"


def fetch(url: str, *, timeout: float, limit: int) -> bytes:
    """The body of a GET to url, at most limit bytes; FetchFailed on any failure."""
    try:
        url = check_url(url)
    except DomainError as error:
        raise FetchFailed(error.message) from None
    check_address(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 # http(s) checked above
    deadline = time.monotonic() + timeout * 3
    try:
        with _opener().open(request, timeout=timeout) as response:  # nosec B310 # http(s) only, checked above and on every redirect
            return _read(response, limit, deadline)
    except FetchFailed:
        raise
    except urllib.error.HTTPError as error:
        raise FetchFailed(
            _("The source answered %(status)d %(reason)s.", status=error.code,
              reason=str(error.reason)[:100])
        ) from None  # fmt: skip
    except TimeoutError:
        raise FetchFailed(
            _("The source did not answer within %(seconds)d seconds.", seconds=int(timeout))
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError | socket.timeout):
            raise FetchFailed(
                _("The source did not answer within %(seconds)d seconds.", seconds=int(timeout))
            ) from None
        raise FetchFailed(
            _("The source cannot be reached (%(reason)s).", reason=str(error.reason)[:200])
        ) from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        # HTTPException: a server that does not answer in HTTP (BadStatusLine, LineTooLong...).
        raise FetchFailed(
            _("The source cannot be reached (%(reason)s).", reason=str(error)[:200])
        ) from None


def _read(response: Any, limit: int, deadline: float) -> bytes:
    length_text = (response.headers.get("Content-Length") or "").strip()
    length = int(length_text) if length_text.isascii() and length_text.isdigit() else None
    if length is not None and length > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(CHUNK)
        if not chunk:
            if length is not None and size != length:  # it ended early: never half a file
                raise FetchFailed(
                    _("The source sent %(got)d of %(expected)d bytes; nothing was read.",
                      got=size, expected=length)
                )  # fmt: skip
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        if time.monotonic() > deadline:
            raise FetchFailed(_("The source sends too slowly; the download was stopped."))
        chunks.append(chunk)
