"""Argument evaluation: Dung semantics, support-aware acceptability and diagnostics over argument maps."""

from .dung import Framework, FrameworkTooLarge, Label
from .evaluation import SEMANTICS, commitment_table, evaluate_graph, evaluate_map

__all__ = [
    "SEMANTICS",
    "Framework",
    "FrameworkTooLarge",
    "Label",
    "commitment_table",
    "evaluate_graph",
    "evaluate_map",
]
