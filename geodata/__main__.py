"""Entry point for ``python -m geodata``."""

from geodata.cli import main

main(prog_name="python -m geodata")
