"""Security headers on every response (Django's SecurityMiddleware adds nosniff, Referrer-Policy;
XFrameOptionsMiddleware adds X-Frame-Options; this adds the Content-Security-Policy)."""

from __future__ import annotations

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
"""No inline script anywhere; style attributes are allowed (json-editor sets them)."""

PREVIEW_CSP = ("default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
"""The preview of the site runs no script at all (content can never run script in the console's origin)."""


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        preview = request.path.startswith("/preview/")
        response.setdefault("Content-Security-Policy", PREVIEW_CSP if preview else CSP)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
    return middleware
