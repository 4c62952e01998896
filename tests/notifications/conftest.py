"""A real SMTP server on 127.0.0.1 (aiosmtpd) that records what it receives, and the app pointed at it."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    """Find a port nothing listens on (port=0 is not supported by every aiosmtpd version)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """An SMTP server on a fixed port that can be started and stopped, keeping every message it accepts."""

    def __init__(self, port: int):
        self.port = port
        self.received = []
        self.credentials = None
        self.logins = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content,
                                                                          policy=email.policy.default)))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        """Accept the credentials given to start(), and remember who logged in."""
        success = (auth_data.login, auth_data.password) == self.credentials
        if success:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=success, handled=False)

    def start(self, credentials: tuple[bytes, bytes] | None = None) -> None:
        """Listen on the port; a client may log in with the credentials (TLS is not asked for here)."""
        self.credentials = credentials
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, authenticator=self.authenticate,
                                      auth_require_tls=False)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp(app):
    """Point the app at an SMTP server that is not started yet: call ``smtp.start()``."""
    server = SmtpServer(free_port())
    app.config.update(HELPDESK_SMTP_HOST="127.0.0.1", HELPDESK_SMTP_PORT=server.port)
    yield server
    server.stop()
