"""`enforcekg --help` stays fast: heavy libraries are imported only by the commands that need them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("rdflib", "pyshacl", "pyvis", "neo4j", "openpyxl", "docx", "networkx.algorithms.community")


def test_help_imports_no_heavy_library():
    code = (
        "import sys; from enforcekg import cli; cli._register_subcommands(); "
        "from typer.testing import CliRunner; r = CliRunner().invoke(cli.app, ['--help']); "
        "assert r.exit_code == 0, r.output; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at start-up: {out.stdout.strip()}"
