"""Hardening a browser sees: security headers on every answer, expiring sessions, Secure cookies over HTTPS."""

from helpdesk.extensions import db
from helpdesk.security import CONTENT_SECURITY_POLICY
from tests.factories import Factory


def test_every_answer_carries_the_security_headers(client):
    for path in ("/login", "/healthz", "/api/v1/openapi.json", "/static/css/app.css"):
        response = client.get(path)
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        response.close()
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_the_session_cookie_is_httponly_lax_and_expires(client, auth, make):
    response = auth.login(make.user("technician"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie


def test_over_https_cookies_are_secure_and_hsts_is_sent(tmp_path, monkeypatch):
    """An app of its own (HTTPS is read when the app is made), on a SQLite file: the engine plays no part here."""
    from helpdesk import create_app

    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("HELPDESK_HTTPS", "1")
    https_app = create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'https.sqlite'}"})
    with https_app.app_context():
        db.create_all()
        user = Factory().user("technician")
        client = https_app.test_client()
        response = client.post("/login", data={"email": user.email, "password": Factory.PASSWORD},
                               base_url="https://localhost")
        assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
        assert client.get("/login", base_url="https://localhost").headers["Strict-Transport-Security"]
        db.session.remove()
        db.engine.dispose()
