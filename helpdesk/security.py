"""Browser-facing hardening: security headers on every answer, secure cookies over HTTPS, expiring sessions
(a signed-in session is permanent, so it ends PERMANENT_SESSION_LIFETIME after the last request).

The Content-Security-Policy allows scripts and styles from this site only (no inline script anywhere), images
from here and data: URLs, and no framing (clickjacking).

A page request carrying a NUL character (0x00) is refused: PostgreSQL can neither store nor compare text holding
one, and XML cannot carry it. No browser sends one; the JSON API names such fields itself (422).
"""

from datetime import timedelta

from flask import Flask, abort, request
from flask_babel import gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from helpdesk.formatting import N_

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
SESSION_LIFETIME = timedelta(hours=12)
NUL_REFUSED = N_("Teksten indeholder et NUL-tegn (0x00), som ikke kan gemmes. Fjern det, og prøv igen.")


def init_app(app: Flask) -> None:
    """Add the headers, make sessions expire, and mark cookies Secure when the site is served over HTTPS."""
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", SESSION_LIFETIME)
    if app.config.get("HELPDESK_HTTPS"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
        app.config.setdefault("PREFERRED_URL_SCHEME", "https")
    proxies = int(app.config.get("HELPDESK_PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    @app.before_request
    def _refuse_nul_characters():
        from helpdesk.api import is_api_request

        sent = (text for source in (request.args, request.form) for pair in source.items(multi=True) for text in pair)
        if not is_api_request() and any("\x00" in text for text in sent):
            abort(400, description=gettext(NUL_REFUSED))

    @app.after_request
    def _security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("HELPDESK_HTTPS"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
