"""The command line: users, tokens and the demo."""

import sqlalchemy as sa

from helpdesk.accounts.models import ApiToken, User, hash_token
from helpdesk.cases.models import Case
from helpdesk.extensions import db
from helpdesk.timelog.models import TimeEntry


def test_create_a_user_and_a_token_that_works(app, client):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["users", "create", "--email", "Ny@Hostkon.dk", "--name", "Ny Tekniker",
                                  "--role", "technician", "--password", "lang-nok-adgang"])
    assert created.exit_code == 0, created.output
    assert db.session.scalars(sa.select(User)).one().email == "ny@hostkon.dk"
    issued = runner.invoke(args=["users", "token", "ny@hostkon.dk"])
    token = issued.output.strip().splitlines()[-1]
    assert db.session.scalars(sa.select(ApiToken)).one().token_hash == hash_token(token)
    assert client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_create_asks_for_the_password_when_not_given(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "a@b.dk", "--name", "A", "--role", "manager"],
        input="lang-nok-adgang\nlang-nok-adgang\n",
    )
    assert result.exit_code == 0, result.output


def test_bad_input_exits_non_zero_with_a_reason(app):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["users", "create", "--email", "a@b.dk", "--name", "A", "--role", "technician",
                                "--password", "kort"])
    assert short.exit_code != 0 and "mindst 10 tegn" in short.output
    orphan = runner.invoke(args=["users", "create", "--email", "a@b.dk", "--name", "A", "--role", "customer",
                                 "--password", "lang-nok-adgang"])
    assert orphan.exit_code != 0 and "kunde" in orphan.output
    unknown = runner.invoke(args=["users", "token", "ingen@example.dk"])
    assert unknown.exit_code != 0 and "Ingen bruger" in unknown.output


def test_demo_loads_once_with_out_of_hours_work(app):
    runner = app.test_cli_runner()
    loaded = runner.invoke(args=["demo"])
    assert loaded.exit_code == 0, loaded.output
    assert "tekniker@hostkon.dk" in loaded.output and "kunde@nordlys.dk" in loaded.output
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 20
    blocks = db.session.execute(sa.select(sa.func.sum(TimeEntry.blocks_2x), sa.func.sum(TimeEntry.blocks_3x))).one()
    assert blocks[0] > 0 and blocks[1] > 0
    assert runner.invoke(args=["demo"]).exit_code != 0
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0


def test_a_revoked_token_stops_working_and_the_revocation_is_audited(app, client, make):
    from helpdesk.audit import AuditEvent

    user = make.user("technician", email="tina@example.dk")
    first, second = make.token(user), make.token(user)
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["users", "tokens", "tina@example.dk"])
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == ["1", "2"]
    assert all(line.endswith("revoked -") for line in listed.output.splitlines())

    revoked = runner.invoke(args=["users", "revoke-token", "tina@example.dk", "--id", "1"])
    assert revoked.exit_code == 0 and "Revoked 1 token(s) of tina@example.dk: 1." in revoked.output
    assert client.get("/api/v1/cases", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    assert client.get("/api/v1/cases", headers={"Authorization": f"Bearer {second}"}).status_code == 200

    again = runner.invoke(args=["users", "revoke-token", "tina@example.dk", "--id", "1"])
    assert again.exit_code != 0 and "ingen gyldig API-nøgle med id 1" in again.output
    assert runner.invoke(args=["users", "revoke-token", "tina@example.dk"]).output.strip() == \
        "Revoked 1 token(s) of tina@example.dk: 2."
    assert client.get("/api/v1/cases", headers={"Authorization": f"Bearer {second}"}).status_code == 401
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action.like("api_token%"))
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["api_token_issued", "api_token_issued", "api_token_revoked", "api_token_revoked"]


def test_a_token_s_last_use_is_noted_to_the_minute(app, client, make):
    from datetime import timedelta

    token = make.token(make.user("technician"))
    bearer = {"Authorization": f"Bearer {token}"}
    client.get("/api/v1/cases", headers=bearer)
    noted = db.session.scalars(sa.select(ApiToken)).one()
    first_use = noted.last_used_at
    assert first_use is not None
    client.get("/api/v1/cases", headers=bearer)
    db.session.refresh(noted)
    assert noted.last_used_at == first_use
    noted.last_used_at = first_use - timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/cases", headers=bearer)
    db.session.refresh(noted)
    assert noted.last_used_at > first_use
