"""The rules stay pure: importing them loads no web framework or database."""

import subprocess
import sys

PROBE = """
import sys
import helpdesk.rules.worktime, helpdesk.rules.clips, helpdesk.rules.money
print(" ".join(name for name in ("flask", "sqlalchemy") if name in sys.modules))
"""


def test_rules_import_neither_flask_nor_sqlalchemy():
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    assert probe.stdout.strip() == ""
