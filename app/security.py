"""Security headers on every response, error pages included."""

from __future__ import annotations

from flask import Flask, Response, request

# Plotly sets inline styles on the elements it draws, so styles allow 'unsafe-inline';
# scripts never do: only our own files run.
BASE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
EMBED_PREFIX = "/embed/"


def add_security_headers(response: Response) -> Response:
    """CSP, framing, sniffing and referrer rules; HSTS when served over HTTPS in production."""
    from flask import current_app

    embeddable = request.path.startswith(EMBED_PREFIX)
    frame = "frame-ancestors *" if embeddable else "frame-ancestors 'none'"
    response.headers.setdefault("Content-Security-Policy", f"{BASE_POLICY}; {frame}")
    if not embeddable:
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault(
        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    if current_app.config.get("ENV_NAME") == "production":
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
        )
    if request.path.startswith("/staff"):
        # Staff pages hold drafts and personal data: never store them in shared caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
