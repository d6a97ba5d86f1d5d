"""``geodata analyze``: coverage, banner scorecards and next sites (one module each)."""

from __future__ import annotations

import click

from geodata.cli.analyze import coverage, scorecard, sites


@click.group("analyze")
def command() -> None:
    """Planner analysis: coverage within a radius, scorecards, next sites."""


for _module in (coverage, scorecard, sites):
    command.add_command(_module.command)
