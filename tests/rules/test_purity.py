"""The rules stay pure: importing any of them loads no web framework or database."""

import pkgutil
import subprocess
import sys

import helpdesk.rules

RULES = sorted(f"helpdesk.rules.{module.name}" for module in pkgutil.iter_modules(helpdesk.rules.__path__))
PROBE = f"""
import sys
import {", ".join(RULES)}
print(" ".join(name for name in ("flask", "sqlalchemy") if name in sys.modules))
"""


def test_every_rules_module_is_found():
    assert {"helpdesk.rules.clips", "helpdesk.rules.dunning", "helpdesk.rules.worktime"} <= set(RULES)


def test_rules_import_neither_flask_nor_sqlalchemy():
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == ""
