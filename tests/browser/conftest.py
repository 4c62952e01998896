"""The app served on a free local port from a thread, on a SQLite file loaded with the demo, and a real Chromium.

CSRF stays on: the browser sends the forms' tokens as a person's browser would. The tests are skipped only when
Debian's chromium is missing (`.ci/run` installs it); Playwright's own browser downloads are never used.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from helpdesk.database import local_today

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
DOCS = Path(__file__).resolve().parents[2] / "docs"
UPDATE_SCREENSHOTS = os.environ.get("HELPDESK_UPDATE_SCREENSHOTS", "").strip() in {"1", "true", "yes"}

NO_CHROMIUM = (f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser "
               "journeys")


class QuietHandler(WSGIRequestHandler):
    """The app logs its own requests; werkzeug's access line for each would only repeat them."""

    def log_request(self, code="-", size="-"):
        pass


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """Serve the demo company at http://127.0.0.1:<free port> for the module's journeys; yield its base URL."""
    from helpdesk import create_app
    from helpdesk.demo import load_demo
    from helpdesk.extensions import db

    folder = tmp_path_factory.mktemp("live")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPDESK_INSTANCE_PATH", str(folder / "instance"))
        app = create_app({
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'helpdesk.sqlite'}",
            "HELPDESK_ATTACHMENT_DIR": str(folder / "attachments"),
            "HELPDESK_LOG_LEVEL": "WARNING",
        })
    assert app.config.get("WTF_CSRF_ENABLED", True), "the journeys post real forms with their CSRF tokens"
    with app.app_context():
        db.create_all()
        load_demo(local_today())
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser profile (no cookies) per journey, in Danish on a laptop-sized window."""
    context = browser.new_context(base_url=live_server, locale="da-DK", timezone_id="Europe/Copenhagen",
                                  viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()
        context.close()


class Screenshots:
    """Full-page screenshots into a temporary folder; the chosen few go to docs/ when
    HELPDESK_UPDATE_SCREENSHOTS=1 (then commit them)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def take(self, page, name: str, docs: bool = False) -> Path:
        """Save the page; one for docs/ is the window a person sees first, the others the whole page."""
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=not docs)
        if docs and UPDATE_SCREENSHOTS:
            shutil.copyfile(path, DOCS / f"{name}.png")
        return path


@pytest.fixture
def screenshots(tmp_path):
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return Screenshots(folder)

