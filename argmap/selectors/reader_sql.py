"""SQL of the hot reads compiled once per kind of reader, then filled with each request's values.

Compiling the access selectors' querysets (:mod:`argmap.selectors.access`) costs a read like the graph's
head or the neighbourhood more Python than the database spends on it. Their SQL depends only on the
reader's :func:`~argmap.selectors.access.reader_shape`; the reader's id and workspaces are parameters. So a
read gives a ``build(reader, **values)`` that compiles its SQL from the access selectors for any reader;
:func:`reader_sql` runs it once per (read, shape) with a stand-in reader and placeholder values, learns
which parameters are placeholders, and from then on substitutes each request's reader and values. The
rule stays in ``access.py``: nothing here knows what it says.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import connection
from psycopg import sql as psycopg_sql

from argmap.selectors import access

#: ``user`` of the graph reads that see everything (internal callers, exports).
UNRESTRICTED = object()
#: Compiled reads kept per process; readers' shapes are few (superuser, anonymous, role sequences).
MAX_TEMPLATES = 512


@dataclass(frozen=True)
class _Template:
    sql: str
    #: per parameter: the index of the request value it takes (reader's, then the read's), or None: constant
    slots: tuple
    constants: tuple


_templates: dict = {}


def reader_sql(
    read: Hashable, user, build: Callable[..., tuple[str, list]], *, literal_constants: bool = False, **values
) -> tuple[str, list]:
    """``(sql, params)`` of ``build(user, **values)``, compiled once per ``read`` (a name, or a hashable
    description of the read such as a compiled GraphQL selection) and reader shape.

    ``build`` must take its values only as query parameters (they are placeholders when it compiles).
    ``literal_constants``: the parameters that are the same for every reader of the shape (a status the rule
    names, a visibility) are written into the SQL as literals, so that a prepared statement's generic plan
    knows them as a custom plan does (:func:`with_literal_constants`).
    """
    shape = ("unrestricted",) if user is UNRESTRICTED else access.reader_shape(user)
    key = (read, shape, tuple(values), literal_constants)
    template = _templates.get(key)
    if template is None:
        template = _compile(shape, build, tuple(values))
        if literal_constants:
            template = with_literal_constants(template)
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        _templates[key] = template
    given = (*_parameters(user), *values.values())
    params = [
        given[slot] if slot is not None else constant
        for slot, constant in zip(template.slots, template.constants, strict=True)
    ]
    return template.sql, params


def _parameters(user) -> tuple:
    return () if user is UNRESTRICTED else access.reader_parameters(user)


def _slot(slots: dict, param) -> int | None:
    try:
        return slots.get((type(param), param))
    except TypeError:  # unhashable: not a placeholder
        return None


def _placeholders(shape: tuple, names: tuple) -> tuple[tuple, tuple]:
    """A reader's parameters (an id no user has, fresh workspace ids) and one fresh UUID per value."""
    reader = ()
    if shape[0] == "member":
        reader = (-random.randrange(2**40, 2**50), *(uuid.uuid4() for _ in shape[1:]))
    return reader, tuple(uuid.uuid4() for _ in names)


def _compile(shape: tuple, build: Callable, names: tuple) -> _Template:
    """Compile twice with different placeholders: the SQL must not change and every parameter must be either a
    constant or the same placeholder both times, or the read's SQL is not a function of the shape (refused)."""
    compiled = []
    for _ in range(2):
        reader, values = _placeholders(shape, names)
        stand_in = UNRESTRICTED if shape == ("unrestricted",) else access.stand_in_reader(shape, reader)
        ran: list = []
        with connection.execute_wrapper(functools.partial(_noted, ran)):
            sql, params = build(stand_in, **dict(zip(names, values, strict=True)))
        if ran:
            raise RuntimeError(
                "The read queried the database while its SQL was built: it depends on data, not only on the reader's shape."
            )
        slots = {(type(p), p): i for i, p in enumerate((*reader, *values))}
        compiled.append((sql, list(params), slots))
    (sql, first, first_slots), (sql_again, second, second_slots) = compiled
    if sql != sql_again or len(first) != len(second):
        raise RuntimeError("The read's SQL changes with the reader's values; it cannot be compiled once per shape.")
    slots, constants = [], []
    for a, b in itertools.zip_longest(first, second):
        slot, slot_again = _slot(first_slots, a), _slot(second_slots, b)
        if slot != slot_again or (slot is None and a != b):
            raise RuntimeError("A parameter of the read is neither constant nor one of the reader's values.")
        slots.append(slot)
        constants.append(None if slot is not None else a)
    return _Template(sql=sql, slots=tuple(slots), constants=tuple(constants))


#: Constants written into the SQL as literals; others (times, decimals…) stay parameters.
_LITERAL_TYPES = (bool, int, str)
_PLACEHOLDER = re.compile(r"(%%|%s)")


def with_literal_constants(template: _Template) -> _Template:
    """``template`` with its constant strings, integers and booleans written into the SQL as literals.

    PostgreSQL plans a prepared statement for its parameters' values (a custom plan) until a plan for any
    values (the generic plan) looks no worse, then reuses that plan without planning again; a constant sent as
    a parameter is unknown to the generic plan (``status <> $5`` could match any share of the rows), so a
    read whose rule names values (``'suggested'``, ``'public'``) stays custom-planned on every request.
    """
    connection.ensure_connection()
    pieces, slots, constants, index = [], [], [], 0
    for piece in _PLACEHOLDER.split(template.sql):
        if piece != "%s":
            pieces.append(piece)
            continue
        slot, constant = template.slots[index], template.constants[index]
        index += 1
        plain = _plain(constant)
        if slot is None and plain is not None:
            literal = psycopg_sql.Literal(plain).as_string(connection.connection)
            pieces.append(literal.replace("%", "%%"))
            continue
        pieces.append(piece)
        slots.append(slot)
        constants.append(constant)
    if index != len(template.slots):
        raise RuntimeError("The read's SQL does not have one placeholder per parameter.")
    return _Template(sql="".join(pieces), slots=tuple(slots), constants=tuple(constants))


def _plain(constant):
    """``constant`` as a plain ``bool``, ``int`` or ``str`` (a choice's value, not its enum), or None."""
    for kind in _LITERAL_TYPES:
        if isinstance(constant, kind):
            return kind(constant) if kind is not str else str.__str__(constant)
    return None


def _noted(ran: list, execute, sql, *args):
    """An ``execute_wrapper`` that notes each statement run while a read's SQL is built."""
    ran.append(sql)
    return execute(sql, *args)
