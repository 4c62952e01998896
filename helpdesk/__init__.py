"""Helpdesk: cases, time and clip cards for a Danish IT company.

``create_app`` is handed out lazily (PEP 562) so that ``import helpdesk.rules``
loads neither Flask nor SQLAlchemy.
"""


def __getattr__(name):
    if name == "create_app":
        from helpdesk.app import create_app

        return create_app
    raise AttributeError(f"module 'helpdesk' has no attribute {name!r}")
