import os
import subprocess
import sys


def test_sign_in_and_see_the_case_list(client, auth, make):
    technician = make.user("technician", name="Tina")
    make.case(subject="Mailserveren er nede")
    auth.login(technician)
    page = client.get("/cases/").get_data(as_text=True)
    assert "Mailserveren er nede" in page


def test_the_wsgi_module_serves_the_app_with_what_it_loaded_frozen(tmp_path):
    """`gunicorn 'helpdesk.wsgi:app'`: each worker makes the app, takes what it loaded out of the collector, and
    collects its youngest objects after 10,000 instead of 700."""
    probe = ("import gc, helpdesk.wsgi as wsgi; answer = wsgi.app.test_client().get('/login'); "
             "print(answer.status_code, gc.get_freeze_count() > 10_000, gc.get_threshold()[0])")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=os.environ | {
        "HELPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'wsgi.sqlite'}", "HELPDESK_SECRET_KEY": "wsgi-test",
        "HELPDESK_INSTANCE_PATH": str(tmp_path), "HELPDESK_LOG_LEVEL": "ERROR"})
    assert (done.returncode, done.stdout.split()) == (0, ["200", "True", "10000"]), done.stderr
