"""Command group registered by :func:`register` (see enforcekg.cli.SUBCOMMAND_MODULES)."""

from __future__ import annotations


def register(app) -> None:
    """Add this module's commands to the enforcekg typer app."""
