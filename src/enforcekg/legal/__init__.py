"""Legal knowledge: numerals, citation parsing and the instrument registry.

- :mod:`.numerals` — ``cn_to_int`` / ``int_to_cn`` for article numbers.
- :mod:`.citations` — ``parse_basis`` turns a legal-basis cell into one ``Citation`` per provision.
- :mod:`.registry` — ``Registry`` resolves titles and 文号 to instruments, knows levels, versions,
  renumbering (行政处罚法 2021) and the provisions that allow delegation or empower townships.
"""

from .citations import Citation, ParseResult, format_provision, normalize_doc_number, normalize_title, parse_basis
from .numerals import cn_to_int, int_to_cn
from .registry import LEVELS, STATUTORY_LEVELS, Instrument, Registry, Version, level_rank

__all__ = [
    "LEVELS",
    "STATUTORY_LEVELS",
    "Citation",
    "Instrument",
    "ParseResult",
    "Registry",
    "Version",
    "cn_to_int",
    "format_provision",
    "int_to_cn",
    "level_rank",
    "normalize_doc_number",
    "normalize_title",
    "parse_basis",
]
