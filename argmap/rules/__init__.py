"""The one home of argmap's graph and field rules: pure checks that raise :mod:`argmap.errors`.

Every door applies them the same way: the single-write services
(:mod:`argmap.services`), the bulk importer (:mod:`argmap.services.bulk`), the
interchange parsers (:mod:`argmap.interchange`) and the integrity verifier
(:mod:`argmap.selectors.integrity`). Nothing here writes; only
:func:`~argmap.rules.schemes.scheme_by_key` reads (one query, or none with a catalogue).

* :mod:`.edges` — which ends an edge may have, one consequent, antecedent counts,
  no duplicate or circular step, completeness of a scheme application;
* :mod:`.fields` — text, choice and slug fields;
* :mod:`.schemes` — scheme lookup by key and scheme–type matching;
* :mod:`.versions` — the optimistic-concurrency version bump;
* :mod:`.speakers` — a statement's speaker and a participant's source in the same workspace, and which illocutions commit a speaker;
* :mod:`.review` — what a node's content is, and what editing or importing it does to its review.
"""

from .edges import (
    AIF_NODE_TYPES,
    APPLICATION_ENDS,
    MAX_ANTECEDENTS,
    STATEMENT,
    EdgeTally,
    check_complete,
    check_edge,
    check_far_end,
    check_one_far_end,
    check_same_map,
    check_step,
    is_complete,
    may_join,
)
from .fields import (
    find_text_fault,
    require_choice,
    require_clean,
    require_data,
    require_slug,
    require_text,
    text_fault,
    text_fault_at,
)
from .schemes import check_scheme_applies, scheme_by_key, scheme_catalogue
from .speakers import COMMITTING_ILLOCUTIONS, check_participant_source, check_speaker, commits_speaker
from .versions import bump_version

__all__ = [
    "AIF_NODE_TYPES",
    "APPLICATION_ENDS",
    "COMMITTING_ILLOCUTIONS",
    "MAX_ANTECEDENTS",
    "STATEMENT",
    "EdgeTally",
    "bump_version",
    "check_complete",
    "check_edge",
    "check_far_end",
    "check_one_far_end",
    "check_participant_source",
    "check_same_map",
    "check_scheme_applies",
    "check_speaker",
    "check_step",
    "commits_speaker",
    "find_text_fault",
    "is_complete",
    "may_join",
    "require_choice",
    "require_clean",
    "require_data",
    "require_slug",
    "require_text",
    "scheme_by_key",
    "scheme_catalogue",
    "text_fault",
    "text_fault_at",
]
