"""The terms, dunning and notice rules stay pure: they load no web framework or database."""

import subprocess
import sys

PROBE = """
import sys
import helpdesk.rules.terms, helpdesk.rules.dunning, helpdesk.rules.notice
print(" ".join(name for name in ("flask", "sqlalchemy") if name in sys.modules))
"""


def test_terms_dunning_and_notice_import_neither_flask_nor_sqlalchemy():
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    assert probe.stdout.strip() == ""
