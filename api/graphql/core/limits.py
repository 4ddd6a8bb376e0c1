"""Abuse limits, checked while the document is validated: before any resolver runs and before any SQL.

* depth: how many object fields deep a selection goes (introspection fields are not counted);
* cost: each object field costs 1 times how many objects it can return, so a
  connection counts by its page size (``first``, or the default) and an
  unpaged list by :data:`UNPAGED_LIST_WEIGHT`; nested costs multiply; fields
  that run their own queries on every call (:data:`FIELD_WEIGHTS`) cost more;
* aliases per document, operations per document, items in any list argument
  (literal or variable), and the page size itself;
* tokens per document (:func:`token_refusal`, before parsing) and selections per
  document and per response name (:class:`SelectionBudget`, before the standard
  rules): graphql-core's parser costs ~15 µs a token and its
  ``OverlappingFieldsCanBeMergedRule`` compares every pair of fields answering under
  one name, so ``{ schemes { key key … } }`` would otherwise hold a worker for seconds.

graphene's own ``depth_limit_validator`` is not used: it recurses without a
guard on fragment cycles and unknown fragments (both reach it before the
standard rules reject them), which turns a malformed query into a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    ValidationRule,
    VariableNode,
    get_named_type,
    parse,
    specified_rules,
    validate,
)
from graphql.error import GraphQLSyntaxError
from graphql.language import Lexer, Source, TokenKind, Visitor, visit
from graphql.validation.validate import ValidationAbortedError

from . import pagination
from .hygiene import text_hygiene_rule, variables_text_fault
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

MAX_QUERY_LENGTH = 20_000
MAX_DEPTH = 12
MAX_COST = pagination.MAX_COST
MAX_ALIASES = 30
MAX_OPERATIONS = 5
MAX_LIST_ITEMS = 100
#: Tokens per document (GraphiQL's introspection query has 180; the whole-map queries fewer than 150).
MAX_TOKENS = 1_000
#: Selections per operation with fragment spreads expanded where they are used.
MAX_SELECTIONS = 1_000
#: Fields answering under one response name at one place of the result, fragments expanded.
MAX_REPEATS = 10
#: The extension code of every refusal for size.
LIMIT_CODE = "LIMIT_EXCEEDED"
UNPAGED_LIST_WEIGHT = 5
#: Fields whose every call runs queries of its own (no DataLoader can batch a graph walk): their base cost.
FIELD_WEIGHTS = {
    ("Statement", "neighbourhood"): 200,
    ("Map", "graph"): 200,
    ("Map", "graphDocument"): 200,
    ("Query", "search"): 50,
}
#: How many fields the cost walk may visit; fragment spreads can multiply a small document.
MAX_FIELD_VISITS = 20_000


class _TooComplex(Exception):
    pass


def limit_error(message: str, *nodes) -> GraphQLError:
    return GraphQLError(message, list(nodes) or None, extensions={"code": LIMIT_CODE})


def token_refusal(query: str) -> GraphQLError | None:
    """The refusal of a document of more than :data:`MAX_TOKENS` tokens, found by lexing at most that many
    (once per query string and process: the answer depends on the text alone).

    Lexing is several times cheaper than parsing; a lexical error is left to the parser to report.
    """
    if _within_token_limit(query):
        return None
    return limit_error(f"A document may hold at most {MAX_TOKENS} tokens; this one holds more.")


@lru_cache(maxsize=512)
def _within_token_limit(query: str) -> bool:
    lexer = Lexer(Source(query))
    try:
        for _ in range(MAX_TOKENS + 1):
            if lexer.advance().kind is TokenKind.EOF:
                return True
    except GraphQLSyntaxError:
        return True
    return False


class SelectionBudget(ValidationRule):
    """Refuses, before any other rule runs, a document whose fields merge into too many pairs to compare.

    Walks each operation breadth-first with fragment spreads and inline fragments expanded where they
    are used, grouping the fields that answer under one response name at one place of the result (the
    fields graphql-core's overlap rule compares pairwise). Each selection visited spends one unit of
    :data:`MAX_SELECTIONS`, so the walk is linear however fragments multiply; a group larger than
    :data:`MAX_REPEATS` bounds the pairs. A refusal aborts validation: the standard rules never see it.
    """

    def enter_document(self, document, *_):
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        for operation in document.definitions:
            if isinstance(operation, OperationDefinitionNode):
                refusal = _selection_refusal(operation, fragments)
                if refusal is not None:
                    self.report_error(refusal)
                    raise ValidationAbortedError


def _selection_refusal(operation: OperationDefinitionNode, fragments: Mapping) -> GraphQLError | None:
    name = operation.name.value if operation.name else "anonymous"
    budget = MAX_SELECTIONS
    groups = [[(operation.selection_set, frozenset())]]
    while groups:
        pending = groups.pop()
        by_response_name: dict[str, list] = {}
        while pending:
            selection_set, spread = pending.pop()
            for node in selection_set.selections:
                budget -= 1
                if budget < 0:
                    return limit_error(
                        f"Operation '{name}' is too complex to run: it selects more than {MAX_SELECTIONS} fields"
                        " (fragments counted where they are spread).",
                        operation,
                    )
                if isinstance(node, FieldNode):
                    key = (node.alias or node.name).value
                    by_response_name.setdefault(key, []).append((node, spread))
                elif isinstance(node, InlineFragmentNode):
                    pending.append((node.selection_set, spread))
                elif isinstance(node, FragmentSpreadNode):
                    fragment = fragments.get(node.name.value)
                    if fragment is not None and node.name.value not in spread:
                        pending.append((fragment.selection_set, spread | {node.name.value}))
        for key, fields in by_response_name.items():
            if len(fields) > MAX_REPEATS:
                return limit_error(
                    f"Operation '{name}' asks for '{key}' {len(fields)} times in one selection"
                    f" (fragments counted where they are spread); the limit is {MAX_REPEATS}.",
                    fields[MAX_REPEATS][0],
                )
            children = [(field.selection_set, spread) for field, spread in fields if field.selection_set]
            if children:
                groups.append(children)
    return None


class _Measure:
    """Depth and cost of one operation, following fragments once per path."""

    def __init__(self, schema, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.visits = 0

    def page_size(self, field: FieldNode) -> int:
        for argument in field.arguments:
            if argument.name.value == "first":
                value = argument.value
                if isinstance(value, IntValueNode):
                    return min(max(int(value.value), 0), MAX_PAGE_SIZE)
                if isinstance(value, VariableNode):
                    given = self.variables.get(value.name.value)
                    return min(max(given, 0), MAX_PAGE_SIZE) if isinstance(given, int) else DEFAULT_PAGE_SIZE
        return DEFAULT_PAGE_SIZE

    def selection(self, selection_set, parent_type, visiting: frozenset) -> tuple[int, int]:
        """``(depth, cost)`` of a selection set on ``parent_type``."""
        depth = cost = 0
        if selection_set is None:
            return depth, cost
        for node in selection_set.selections:
            self.visits += 1
            if self.visits > MAX_FIELD_VISITS:
                raise _TooComplex
            if isinstance(node, FieldNode):
                child_depth, child_cost = self.field(node, parent_type, visiting)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition and self.schema.get_type(node.type_condition.name.value)
                child_depth, child_cost = self.selection(node.selection_set, condition or parent_type, visiting)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visiting:
                    continue
                condition = self.schema.get_type(fragment.type_condition.name.value) or parent_type
                child_depth, child_cost = self.selection(fragment.selection_set, condition, visiting | {name})
            else:
                continue
            depth = max(depth, child_depth)
            cost += child_cost
        return depth, cost

    def field(self, node: FieldNode, parent_type, visiting: frozenset) -> tuple[int, int]:
        name = node.name.value
        if name.startswith("__"):
            return 0, 0
        if node.selection_set is None:
            return 0, FIELD_WEIGHTS.get((getattr(parent_type, "name", None), name), 0)
        definition = None
        if isinstance(parent_type, (GraphQLObjectType, GraphQLInterfaceType)):
            definition = parent_type.fields.get(name)
        if definition is None:
            return 0, 0
        if "first" in definition.args:
            multiplier = self.page_size(node)
        elif _is_list(definition.type) and not parent_type.name.endswith("Connection"):
            multiplier = UNPAGED_LIST_WEIGHT
        else:
            multiplier = 1
        weight = FIELD_WEIGHTS.get((parent_type.name, name), 1)
        child_depth, child_cost = self.selection(node.selection_set, get_named_type(definition.type), visiting)
        return 1 + child_depth, multiplier * (weight + child_cost)


def _is_list(graphql_type) -> bool:
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return isinstance(graphql_type, GraphQLList)


class _Census(Visitor):
    """Aliases, operations and oversized literal lists anywhere in the document."""

    def __init__(self):
        super().__init__()
        self.aliases = 0
        self.operations = 0
        self.long_lists: list = []
        self.bad_page_sizes: list = []
        self.page_size_variables: set = set()

    def enter_field(self, node: FieldNode, *_):
        if node.alias is not None:
            self.aliases += 1
        for argument in node.arguments:
            if _is_literal_page_size(argument) and not 1 <= int(argument.value.value) <= MAX_PAGE_SIZE:
                self.bad_page_sizes.append(argument)
            elif argument.name.value == "first" and isinstance(argument.value, VariableNode):
                self.page_size_variables.add(argument.value.name.value)

    def enter_operation_definition(self, node: OperationDefinitionNode, *_):
        self.operations += 1

    def enter_list_value(self, node: ListValueNode, *_):
        if len(node.values) > MAX_LIST_ITEMS:
            self.long_lists.append(node)


def _is_literal_page_size(argument) -> bool:
    return argument.name.value == "first" and isinstance(argument.value, IntValueNode)


def _longest_list(value: object) -> int:
    if isinstance(value, Mapping):
        return max((_longest_list(v) for v in value.values()), default=0)
    if isinstance(value, (list, tuple)):
        return max(len(value), *(_longest_list(v) for v in value)) if value else 0
    return 0


def _page_size_variables(names: set, variables: Mapping) -> list[str]:
    """Variables used as ``first`` whose value is out of range."""
    return sorted(
        name for name in names if isinstance(variables.get(name), int) and not 1 <= variables[name] <= MAX_PAGE_SIZE
    )


def query_limits_rule(variables: Mapping | None) -> type[ValidationRule]:
    """A validation rule enforcing every limit, for one request's variables."""
    variables = variables if isinstance(variables, Mapping) else {}

    class QueryLimits(ValidationRule):
        def enter_document(self, document, *_):
            census = _Census()
            visit(document, census)
            if census.operations > MAX_OPERATIONS:
                self.report_error(
                    GraphQLError(
                        f"A document may hold at most {MAX_OPERATIONS} operations; it has {census.operations}."
                    )
                )
            if census.aliases > MAX_ALIASES:
                self.report_error(
                    GraphQLError(f"A document may use at most {MAX_ALIASES} aliases; it uses {census.aliases}.")
                )
            for node in census.long_lists:
                self.report_error(
                    GraphQLError(
                        f"A list argument may have at most {MAX_LIST_ITEMS} items; this one has {len(node.values)}.",
                        node,
                    )
                )
            longest = _longest_list(variables)
            if longest > MAX_LIST_ITEMS:
                self.report_error(
                    GraphQLError(f"A list argument may have at most {MAX_LIST_ITEMS} items; a variable has {longest}.")
                )
            for argument in census.bad_page_sizes:
                self.report_error(GraphQLError(f"`first` must be between 1 and {MAX_PAGE_SIZE}.", argument))
            for name in _page_size_variables(census.page_size_variables, variables):
                self.report_error(GraphQLError(f"`first` (${name}) must be between 1 and {MAX_PAGE_SIZE}."))
            self.measure(document)

        def measure(self, document):
            schema = self.context.schema
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            for operation in document.definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                root = {
                    OperationType.QUERY: schema.query_type,
                    OperationType.MUTATION: schema.mutation_type,
                    OperationType.SUBSCRIPTION: schema.subscription_type,
                }[operation.operation]
                name = operation.name.value if operation.name else "anonymous"
                try:
                    depth, cost = _Measure(schema, fragments, variables).selection(
                        operation.selection_set, root, frozenset()
                    )
                except _TooComplex:
                    self.report_error(GraphQLError(f"Operation '{name}' is too complex to run.", operation))
                    continue
                if depth > MAX_DEPTH:
                    self.report_error(
                        GraphQLError(f"Operation '{name}' is {depth} levels deep; the limit is {MAX_DEPTH}.", operation)
                    )
                if cost > MAX_COST:
                    self.report_error(
                        GraphQLError(
                            f"Operation '{name}' could return {cost} objects; the limit is {MAX_COST}."
                            " Lists count by their page size: ask for smaller pages (`first`).",
                            operation,
                        )
                    )

    return QueryLimits


#: The rules that judge the document alone, whatever its variables.
DOCUMENT_RULES = (SelectionBudget, *specified_rules)
#: Query strings remembered as having passed :data:`DOCUMENT_RULES` (a client sends the same few again and again).
VALID_DOCUMENTS_KEPT = 512


def variable_rules(variables: Mapping | None) -> list:
    """argmap's limits and text hygiene: they read the variables, so they run on every request."""
    return [query_limits_rule(variables), text_hygiene_rule(variables)]


def validation_rules(variables: Mapping | None) -> list:
    """The standard GraphQL rules plus argmap's limits and text hygiene (passing rules replaces the standard ones)."""
    return [*DOCUMENT_RULES, *variable_rules(variables)]


@lru_cache(maxsize=VALID_DOCUMENTS_KEPT)
def _passes_document_rules(schema: GraphQLSchema, query: str) -> bool:
    try:
        document = parse(query)
    except GraphQLError:
        return False
    return not validate(schema, document, list(DOCUMENT_RULES))


def rules_to_run(schema: GraphQLSchema, query: str | None, variables: Mapping | None) -> list:
    """The rules a request still needs: for a query string that passed :data:`DOCUMENT_RULES` before (or
    just now), only :func:`variable_rules`; none at all when those would pass too (:func:`_variables_decide`
    and :func:`_variables_pass`), so the caller skips validation. Validating a point read's document with
    every rule costs more than executing it; a document or variables that fail are validated with the
    rules each time, so errors are reported exactly as before."""
    if query and len(query) <= MAX_QUERY_LENGTH and _passes_document_rules(schema, query):
        if _variables_decide(schema, query) and _variables_pass(variables):
            return []
        return variable_rules(variables)
    return validation_rules(variables)


@lru_cache(maxsize=VALID_DOCUMENTS_KEPT)
def _variables_decide(schema: GraphQLSchema, query: str) -> bool:
    """Whether :func:`variable_rules` pass ``query`` whatever its variables, except where the variables'
    own checks refuse them (:func:`_variables_pass`): no page size comes from a variable (the only place the
    limits read a variable's value into the document's measure), and the document passes with none given."""
    try:
        document = parse(query)
    except GraphQLError:
        return False
    census = _Census()
    visit(document, census)
    return not census.page_size_variables and not validate(schema, document, variable_rules({}))


def _variables_pass(variables: Mapping | None) -> bool:
    """The variables' own checks in :func:`variable_rules`: no list longer than :data:`MAX_LIST_ITEMS`,
    no NUL or lone surrogate in any text."""
    variables = variables if isinstance(variables, Mapping) else {}
    return _longest_list(variables) <= MAX_LIST_ITEMS and variables_text_fault(variables) is None
