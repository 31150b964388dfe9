"""Lets `python -m generator` behave like the `chapters` command."""

from generator.cli import run

run()
