"""The README stays honest: its commands, CLI commands and settings are documented."""

import re
from pathlib import Path

from geodata.cli import main
from geodata.config import ENV_VARS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_first_lines_give_the_two_commands():
    head = "\n".join(README.splitlines()[:15])
    commands = re.findall(r"^\s*(python3 dev\.py (?:run|test))\s*$", head, re.M)
    assert commands == ["python3 dev.py run", "python3 dev.py test"]


def test_every_cli_command_is_documented():
    for name in main.commands:
        assert f"python -m geodata {name}" in README, name


def test_every_setting_is_documented():
    for var in ENV_VARS.values():
        assert var in README, var
