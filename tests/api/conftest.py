"""The api fixture: requests to /api/v1 with a user's bearer token."""

import pytest


@pytest.fixture
def api(client, make):
    """api(method, path, user=None, **kwargs): a request to /api/v1 with a fresh token of the user."""

    def call(method: str, path: str, user=None, headers=None, **kwargs):
        headers = dict(headers or {})
        if user is not None:
            headers["Authorization"] = f"Bearer {make.token(user)}"
        return client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    return call
