"""POST /api/v1/quote: price work without saving it."""

import pytest

from tests.api.helpers import conforms, error_of, row_counts


@pytest.mark.parametrize("role", ["technician", "manager", "customer"])
def test_a_quote_prices_without_saving(api, make, role):
    user = make.user(role, customer=make.customer() if role == "customer" else None)
    before = row_counts()
    response = api("POST", "/quote", user, json={"start": "2026-11-20T13:50", "end": "2026-11-20T14:20"})
    assert response.status_code == 200, response.get_json()
    quote = response.get_json()
    conforms(quote, "Quote")
    assert quote == {
        "clips": 3,
        "minutes": 30,
        "blocks": [{"start": "2026-11-20T13:50:00+01:00", "multiplier": 1},
                   {"start": "2026-11-20T14:05:00+01:00", "multiplier": 2}],
    }
    assert row_counts() == before


@pytest.mark.parametrize("start, end, clips, minutes", [
    ("2026-11-21T10:00", "2026-11-21T10:45", 9, 45),
    ("2026-11-24T09:00", "2026-11-24T09:30", 2, 30),
    ("2026-11-24T09:00", "2026-11-24T09:00:01", 1, 1),
    ("2026-12-24T10:00", "2026-12-24T10:15", 2, 15),
])
def test_quotes_match_the_hand_worked_examples(api, make, start, end, clips, minutes):
    quote = api("POST", "/quote", make.user("technician"), json={"start": start, "end": end}).get_json()
    assert (quote["clips"], quote["minutes"]) == (clips, minutes)


@pytest.mark.parametrize("body, fields", [
    ({"start": "2026-11-24T09:30", "end": "2026-11-24T09:00"}, {"end"}),
    ({"start": "2026-11-24T09:00"}, {"end"}),
    ({"start": "24/11/2026 09:00", "end": "2026-11-24T09:30"}, {"start"}),
    ({"start": "2026-11-24T09:00", "end": "2026-11-24T09:30", "save": True}, {"save"}),
    ({"start": "9999-12-31T23:00", "end": "9999-12-31T23:59"}, {"start", "end"}),  # was a 500: no day follows
    ({"start": "0001-01-01T00:00", "end": "2026-11-24T09:30"}, {"start"}),
    # 30 years were cut into a million blocks: seconds of work and a 55 MB answer.
    ({"start": "2000-01-01T00:00", "end": "2030-01-01T00:00"}, {"end"}),
    ({"start": "2026-11-01T00:00", "end": "2026-12-02T00:01"}, {"end"}),
])
def test_a_bad_quote_is_422_naming_the_field(api, make, body, fields):
    error = error_of(api("POST", "/quote", make.user("technician"), json=body), 422)
    assert set(error["fields"]) == fields
