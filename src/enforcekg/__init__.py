"""enforcekg: a knowledge graph of administrative enforcement authority and delegation, and its audit.

The package is organised as: :mod:`schema` (the one declared schema), :mod:`dataset` (loading a dataset
folder into a :class:`~enforcekg.graph.KnowledgeGraph`), :mod:`rules` (the rule registry), :mod:`audit`
(findings and roll-ups) and :mod:`cli` (the ``enforcekg`` command).
"""

__version__ = "0.1.0"
