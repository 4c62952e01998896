"""GET/POST /api/v1/cases/<id>/time-entries, priced with the hand-worked examples of SPEC §2."""

import pytest

from tests.api.helpers import conforms, error_of, row_counts

AGREED = {"out_of_hours_agreed_by": "Bo Jensen"}


def post_entry(api, case, user, **body):
    return api("POST", f"/cases/{case.id}/time-entries", user, json=body)


def test_a_saturday_entry_is_three_blocks_at_3x(api, make):
    case = make.case()
    technician = make.user("technician", name="Tina Tekniker")
    response = post_entry(api, case, technician, start="2026-11-21T10:00", end="2026-11-21T10:45",
                          description="Genstart af server", **AGREED)
    assert response.status_code == 201, response.get_json()
    entry = response.get_json()
    conforms(entry, "TimeEntry")
    assert (entry["clips"], entry["minutes"], entry["classification"]) == (9, 45, "billable")
    assert entry["blocks"] == [
        {"start": "2026-11-21T10:00:00+01:00", "multiplier": 3},
        {"start": "2026-11-21T10:15:00+01:00", "multiplier": 3},
        {"start": "2026-11-21T10:30:00+01:00", "multiplier": 3},
    ]
    assert (entry["start"], entry["end"]) == ("2026-11-21T10:00:00+01:00", "2026-11-21T10:45:00+01:00")
    assert entry["technician"] == {"id": technician.id, "name": "Tina Tekniker"}
    assert (entry["case_id"], entry["description"], entry["out_of_hours_agreed_by"]) == (
        case.id, "Genstart af server", "Bo Jensen")


def test_friday_afternoon_crosses_into_2x(api, make):
    entry = post_entry(api, make.case(), make.user("technician"), start="2026-11-20T13:50",
                       end="2026-11-20T14:20", **AGREED).get_json()
    assert entry["clips"] == 3
    assert [(b["start"], b["multiplier"]) for b in entry["blocks"]] == [
        ("2026-11-20T13:50:00+01:00", 1), ("2026-11-20T14:05:00+01:00", 2)]


def test_a_naive_time_means_copenhagen_and_an_offset_is_kept(api, make):
    case, technician = make.case(), make.user("technician")
    summer = post_entry(api, case, technician, start="2026-07-01T08:00", end="2026-07-01T08:30").get_json()
    assert (summer["start"], summer["end"], summer["clips"]) == (
        "2026-07-01T08:00:00+02:00", "2026-07-01T08:30:00+02:00", 2)
    utc = post_entry(api, case, technician, start="2026-11-24T08:00:00Z", end="2026-11-24T08:30:00+00:00").get_json()
    assert (utc["start"], utc["end"], utc["clips"]) == ("2026-11-24T09:00:00+01:00", "2026-11-24T09:30:00+01:00", 2)


def test_out_of_hours_billable_work_without_an_agreement_is_422(api, make):
    case = make.case()
    response = post_entry(api, case, make.user("technician"), start="2026-11-21T10:00", end="2026-11-21T10:45")
    error = error_of(response, 422)
    assert list(error["fields"]) == ["out_of_hours_agreed_by"]
    assert row_counts()[2] == 0


@pytest.mark.parametrize("case_values, classification", [
    ({"covered": True}, "covered"),
    ({"category": "price_inquiry"}, "free"),
])
def test_out_of_hours_work_that_is_not_billable_needs_no_agreement(api, make, case_values, classification):
    case = make.case(**case_values)
    entry = post_entry(api, case, make.user("technician"), start="2026-11-21T10:00",
                       end="2026-11-21T10:45").get_json()
    assert (entry["classification"], entry["clips"]) == (classification, 9)


@pytest.mark.parametrize("body, fields", [
    ({}, {"start", "end"}),
    ({"start": "2026-11-24T09:00"}, {"end"}),
    ({"start": "yesterday", "end": "2026-11-24T09:30"}, {"start"}),
    ({"start": "2026-11-24T09:00", "end": "2026-13-01T09:30"}, {"end"}),
    ({"start": 1763971200, "end": "2026-11-24T09:30"}, {"start"}),
    ({"start": "2026-11-24T09:30", "end": "2026-11-24T09:00"}, {"end"}),
    ({"start": "2026-11-24T09:00", "end": "2026-11-24T09:00"}, {"end"}),
    ({"start": "2026-11-24T09:00", "end": "2026-11-24T09:30", "confirm_long": "yes"}, {"confirm_long"}),
    ({"start": "2026-11-24T09:00", "end": "2026-11-24T09:30", "description": ["a"]}, {"description"}),
    ({"start": "2026-11-24T09:00", "end": "2026-11-24T09:30", "minutes": 30}, {"minutes"}),
    ({"start": "9999-12-31T23:00", "end": "9999-12-31T23:30"}, {"start", "end"}),  # was a 500: no day follows
    # Centuries of work were cut into 15-minute blocks until the memory ran out.
    ({"start": "1900-01-01T00:00", "end": "2999-12-31T00:00", "confirm_long": True}, {"end"}),
    ({"start": "2026-01-01T00:00", "end": "2026-03-01T00:00", "confirm_long": True}, {"end"}),
    ({"start": "2026-11-24T09:00", "end": "2026-11-24T09:30", "out_of_hours_agreed_by": "K" * 201},
     {"out_of_hours_agreed_by"}),  # longer than the column: a 500 on PostgreSQL
])
def test_bad_input_is_422_naming_each_field_and_saves_nothing(api, make, body, fields):
    case = make.case()
    error = error_of(post_entry(api, case, make.user("technician"), **body), 422)
    assert set(error["fields"]) == fields
    assert row_counts()[2] == 0


def test_an_entry_over_24_hours_needs_confirmation(api, make):
    case, technician = make.case(), make.user("technician")
    span = {"start": "2026-11-23T08:00", "end": "2026-11-24T08:15", **AGREED}
    error = error_of(post_entry(api, case, technician, **span), 422)
    assert list(error["fields"]) == ["confirm_long"]
    assert row_counts()[2] == 0
    entry = post_entry(api, case, technician, confirm_long=True, **span).get_json()
    assert (entry["minutes"], len(entry["blocks"])) == (24 * 60 + 15, 97)


def test_the_entries_of_a_case_are_listed_by_start(api, make):
    case = make.case()
    make.entry(case, "2026-11-24 09:00", "2026-11-24 09:30")
    make.entry(case, "2026-11-21 10:00", "2026-11-21 10:45", **AGREED)
    make.entry(make.case(), "2026-11-24 09:00", "2026-11-24 10:00")
    listing = api("GET", f"/cases/{case.id}/time-entries", make.user("technician")).get_json()
    conforms(listing, "TimeEntryList")
    assert [(e["start"], e["clips"]) for e in listing["items"]] == [
        ("2026-11-21T10:00:00+01:00", 9), ("2026-11-24T09:00:00+01:00", 2)]


def test_a_customer_token_lists_its_own_cases_entries_only(api, make):
    own, other = make.customer(), make.customer()
    mine, theirs = make.case(customer=own), make.case(customer=other)
    make.entry(mine, "2026-11-24 09:00", "2026-11-24 09:30")
    make.entry(theirs, "2026-11-24 09:00", "2026-11-24 09:30")
    user = make.user("customer", customer=own)
    listing = api("GET", f"/cases/{mine.id}/time-entries", user).get_json()
    assert [e["clips"] for e in listing["items"]] == [2]
    error_of(api("GET", f"/cases/{theirs.id}/time-entries", user), 404)
