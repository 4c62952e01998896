"""Every log line is one JSON object; a request's lines carry its id, which the response echoes."""

import json
import logging

import pytest


def json_lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.strip()]


def request_lines(capsys) -> list[dict]:
    return [line for line in json_lines(capsys.readouterr().err) if line["logger"] == "helpdesk.requests"]


def test_a_request_logs_one_json_line_with_the_id_it_was_sent(client, capsys):
    capsys.readouterr()
    response = client.get("/login", headers={"X-Request-ID": "probe-42.a_b"})
    assert response.headers["X-Request-ID"] == "probe-42.a_b"
    [line] = request_lines(capsys)
    assert line["request_id"] == "probe-42.a_b"
    assert (line["level"], line["method"], line["endpoint"], line["status"]) == ("INFO", "GET", "accounts.login",
                                                                                 200)
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")
    assert line["message"].startswith("GET accounts.login 200 ")


@pytest.mark.parametrize("sent", [None, "", "has spaces", "x" * 101, "semi;colon", "æøå"])
def test_a_missing_or_unsafe_id_is_replaced(client, capsys, sent):
    capsys.readouterr()
    headers = {"X-Request-ID": sent} if sent is not None else {}
    response = client.get("/login", headers=headers)
    new_id = response.headers["X-Request-ID"]
    assert new_id != sent and len(new_id) == 32 and int(new_id, 16) >= 0
    assert request_lines(capsys)[0]["request_id"] == new_id


def test_the_longest_safe_id_is_kept(client):
    assert client.get("/login", headers={"X-Request-ID": "a" * 100}).headers["X-Request-ID"] == "a" * 100


def test_any_logger_inside_a_request_gets_the_id_and_outside_none(app, client, capsys):
    @app.get("/_log")
    def log_something():
        logging.getLogger("helpdesk.somewhere").warning("inside %s", "a request")
        return ""

    capsys.readouterr()
    client.get("/_log", headers={"X-Request-ID": "abc"})
    logging.getLogger("helpdesk.somewhere").warning("outside")
    lines = [line for line in json_lines(capsys.readouterr().err) if line["logger"] == "helpdesk.somewhere"]
    assert [(line["message"], line.get("request_id")) for line in lines] == [("inside a request", "abc"),
                                                                              ("outside", None)]


def test_an_exception_is_kept_in_the_line(app, capsys):
    capsys.readouterr()
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("helpdesk.somewhere").exception("failed")
    [line] = json_lines(capsys.readouterr().err)
    assert (line["level"], line["message"]) == ("ERROR", "failed") and "ValueError: boom" in line["exception"]


def test_caplog_still_sees_the_records(client, caplog):
    with caplog.at_level(logging.INFO, logger="helpdesk.requests"):
        client.get("/login")
    assert [record.endpoint for record in caplog.records if record.name == "helpdesk.requests"] == ["accounts.login"]


def test_the_level_comes_from_the_environment(tmp_path, monkeypatch, capsys):
    from helpdesk import create_app

    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("HELPDESK_LOG_LEVEL", "warning")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    assert app.config["HELPDESK_LOG_LEVEL"] == "WARNING"
    capsys.readouterr()
    app.test_client().get("/login")
    assert request_lines(capsys) == []


def test_an_unknown_level_is_refused(tmp_path, monkeypatch):
    from helpdesk import create_app

    monkeypatch.setenv("HELPDESK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("HELPDESK_LOG_LEVEL", "LOUD")
    with pytest.raises(ValueError, match="HELPDESK_LOG_LEVEL"):
        create_app()
