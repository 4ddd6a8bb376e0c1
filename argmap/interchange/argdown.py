"""Argdown (https://argdown.org): export a map as Argdown the official parser reads, and import real Argdown.

Export — every line is read by ``@argdown/cli``/``@argdown/core`` without errors (the conformance tests
run both over every export):

* front matter with the map's name; no headings (Argdown would draw a heading as a group box);
* every statement once, ``[Title]: text #kind #(tag) {data}``, with its single-attacker conflicts as
  relations below it: ``-> [T]`` (rebut or undermine) and ``_> <A>`` (undercut);
* every inference as an argument ``<Title>: description {data}`` with a premise–conclusion structure:
  numbered premises, the inference line ``-- rule --`` (``----`` without a rule) and the conclusion;
  an inference without a description is described by its scheme, or as an inference to its conclusion;
* what Argdown has no syntax for (conflicts with several attackers or on a conflict, rephrases,
  preferences, and the review data of a conflict) in ``// argmap:`` comment lines, which Argdown ignores.

Text is backslash-escaped wherever Argdown would read markup (``//``, ``/*``, ``<!--``, ``*``, ``_``,
brackets, ``#``, ``@``, braces); data is JSON (a subset of Argdown's YAML) with braces inside strings
written as ``\\u007b``/``\\u007d``.

Import reads what the Argdown documentation uses (front matter, headings, comments, hard-wrapped text,
free text, titled and untitled statements, equivalence classes, arguments with descriptions, premise–
conclusion structures with inference rules and several steps, relation trees with inline children,
tags with spaces, YAML data) and maps it to AIF:

* an equivalence class (all statements with one title) → one statement; an untitled paragraph → a
  statement of its own; a statement's title and unknown data keys are kept in its ``data``;
* each inference step of an argument → an inference (antecedents: the statements listed since the
  previous inference line, and the previous step's conclusion, or the step's ``uses`` numbers); the
  last step carries the argument's title, description, inference rule and data;
* an argument without a premise–conclusion structure stands for its description: a statement with the
  argument's title;
* support → an inference, attack → a conflict, contradiction → a conflict each way, undercut → a
  conflict on the argument's (last) inference; a relation from an argument starts at its conclusion,
  an attack on an argument with a structure undercuts its last inference, a support of it supports its
  conclusion.

Reading is linear in the file's size: one pass strips comments and cuts out data blocks (bounded in
size and nesting, quotes tracked), one pass over the lines builds the elements, and relations and
``// argmap:`` lines are resolved through dictionaries. YAML is read by a loader that refuses aliases
and nesting deeper than :data:`MAX_DATA_DEPTH`, so neither quoting tricks nor block nesting reach a
recursion limit. What the graph rules forbid is refused by the bulk importer, pointing at the line.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import yaml

from argmap.payload import GraphPayload
from argmap.rules.fields import SLUG

from .aif import ParsedImport, normalised_scheme_name, scheme_lookup
from .locutions import stated_turn, turns
from .safety import MAX_ELEMENTS, clean_tags, decode_text, refuse

KINDS = ("claim", "premise", "rebuttal", "evidence")
#: Longest {data} block or front matter (characters).
MAX_DATA_CHARS = 100_000
#: Deepest nesting of a {data} block or the front matter.
MAX_DATA_DEPTH = 32
#: Most data blocks and comments a file may hold (each costs the parser a step of its own).
MAX_MARKUP = 2 * MAX_ELEMENTS
#: Deepest relation tree (indentation levels).
MAX_TREE_DEPTH = 64
#: Keys of a statement's {data} that are argmap fields; the rest is kept in ``data["yaml"]``.
STATEMENT_KEYS = ("gloss", "status", "key", "implicit", "kind", "tags", "text", "speaker", "illocution", "turn")
#: A statement's illocutions other than the default (asserting), as ``{illocution: …}`` data reads and writes them.
ILLOCUTIONS = ("asserting", "reporting", "conceding", "questioning", "quoting")
APPLICATION_KEYS = ("note", "status", "key", "scheme")

_ESCAPE = re.compile(r"([\\/*_\[\]<>{}#@])")
_UNESCAPE = re.compile(r"\\(.)")
_SAFE_TITLE = re.compile(r"[^\[\]<>{}\\#/*_@\n\r\t]{1,100}")
_STRING_IN_JSON = re.compile(r'"(?:[^"\\]|\\.)*"')
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
#: Text the first pass copies as it is: anything but comment openers and data blocks (escapes included).
_PLAIN_RUN = re.compile(r"(?:[^\\/<{]+|\\[^\n]|/(?![/*])|<(?!!--))*")
_DATA_TOKEN = re.compile(r"""\\.|"|'|[{}\[\]]|\n""")
_DOUBLE_QUOTED_END = re.compile(r'(?:[^"\\]|\\.)*"', re.S)

_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*)$")
_PCS = re.compile(r"^\((?P<number>\d+)\)\s*(?P<rest>.*)$")
_INFERENCE = re.compile(r"^--(?P<body>.*)$")
_RELATION = re.compile(r"^(?P<symbol>\+>|->|_>|<\+|<-|<_|><|\+|-|_)\s+(?P<rest>.*)$")
_STATEMENT = re.compile(r"^\[(?P<title>(?:[^\]\\]++|\\.)++)\](?P<colon>:)?\s*(?P<rest>.*)$")
_ARGUMENT = re.compile(r"^<(?P<title>(?:[^>\\]++|\\.)++)>(?P<colon>:)?\s*(?P<rest>.*)$")
_TAG = re.compile(r"#(?<!\\#)(?:\((?P<long>[^)#\n]{0,200})\)|(?P<short>[^\s#()\[\]<>{}]+))")
_DIRECTIVE = re.compile(r"//\s*argmap:\s*(?P<type>conflict|rephrase|preference)\s+(?P<name>\S+):(?P<rest>.*)$")
_DIRECTIVE_REF = re.compile(r"\[(?:[^\]\\]++|\\.)++\]|<(?:[^>\\]++|\\.)++>|\S+")
_REFERENCE = re.compile(r"^\[(?P<statement>(?:[^\]\\]++|\\.)++)\]$|^<(?P<argument>(?:[^>\\]++|\\.)++)>$")
_ARROWS = {"conflict": "->", "rephrase": "=>", "preference": ">"}


# --- Export -----------------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """One line of Argdown text: whitespace collapsed, markup characters backslash-escaped."""
    return _ESCAPE.sub(r"\\\1", " ".join(text.split()))


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def _json_data(payload: dict) -> str:
    """`` {json}`` for Argdown: braces inside strings escaped, so Argdown's data lexer sees one block."""
    cleaned = {k: v for k, v in payload.items() if v not in (None, "", [], {}, False)}
    if not cleaned:
        return ""
    dumped = json.dumps(cleaned, ensure_ascii=False)
    return " " + _STRING_IN_JSON.sub(
        lambda m: m.group().replace("{", "\\u007b").replace("}", "\\u007d").replace("\u2028", "\\u2028"), dumped
    )


def _non_default(status: str | None) -> str | None:
    return None if status in (None, "draft") else status


class _Titles:
    """Unique Argdown titles: a node's own (``data["title"]``) when Argdown can write it, else ``S1``, ``A1``, …"""

    def __init__(self):
        self.taken: dict[str, set] = {"statement": set(), "argument": set()}

    def claim(self, family: str, wanted: object, prefix: str, number: int) -> str:
        taken = self.taken[family]
        if isinstance(wanted, str) and _SAFE_TITLE.fullmatch(wanted.strip()) and wanted.strip() not in taken:
            title = " ".join(wanted.split())
        else:
            title, n = f"{prefix}{number}", number
            while title in taken:
                n += 1000
                title = f"{prefix}{n}"
        taken.add(title)
        return title


def export_argdown(graph: dict) -> str:
    """The map (as :func:`argmap.selectors.interchange.interchange_graph` reads it) as Argdown text."""
    statements = graph["statements"]
    applications = graph["scheme_applications"]
    inferences = [a for a in applications if a["type"] == "inference"]
    others = [a for a in applications if a["type"] != "inference"]
    titles = _Titles()
    title = {}
    for i, row in enumerate(statements, 1):
        title[row["id"]] = titles.claim("statement", (row.get("data") or {}).get("title"), "S", i)
    for i, row in enumerate(inferences, 1):
        title[row["id"]] = titles.claim("argument", (row.get("data") or {}).get("title"), "A", i)
    for i, row in enumerate(others, 1):
        title[row["id"]] = f"{row['type'][0].upper()}{i}"
    antecedents, consequent = defaultdict(list), {}
    for edge in graph["edges"]:
        far = edge["statement_id"] or edge["other_application_id"]
        if edge["role"] == "antecedent":
            antecedents[edge["application_id"]].append(far)
        else:
            consequent[edge["application_id"]] = far
    kinds = {row["id"]: "statement" for row in statements}
    kinds.update({row["id"]: row["type"] for row in applications})

    def ref(ident) -> str:
        kind = kinds.get(ident)
        if kind == "statement":
            return f"[{title[ident]}]"
        if kind == "inference":
            return f"<{title[ident]}>"
        return title[ident]

    targeted = set(consequent.values())
    relations: dict = defaultdict(list)
    directives: list[str] = []
    for row in others:
        ident = row["id"]
        if ident not in consequent or not antecedents[ident]:
            continue
        meta = {
            "note": row.get("note"),
            "scheme": row.get("scheme"),
            "status": _non_default(row.get("status")),
            "key": row.get("key"),
            "data": row.get("data") or None,
        }
        sources = " ".join(ref(a) for a in antecedents[ident])
        target = consequent[ident]
        simple = (
            row["type"] == "conflict"
            and len(antecedents[ident]) == 1
            and kinds.get(antecedents[ident][0]) == "statement"
            and kinds.get(target) in ("statement", "inference")
            and ident not in targeted
        )
        if simple:
            symbol = "_>" if kinds[target] == "inference" else "->"
            relations[antecedents[ident][0]].append(f"    {symbol} {ref(target)}")
            if any(meta.values()):
                directives.append(f"// argmap: conflict {title[ident]}: {sources} -> {ref(target)}{_json_data(meta)}")
            continue
        arrow = _ARROWS[row["type"]]
        directives.append(f"// argmap: {row['type']} {title[ident]}: {sources} {arrow} {ref(target)}{_json_data(meta)}")

    name = " ".join(graph["map"]["name"].split())
    lines = ["===", f"title: {json.dumps(name, ensure_ascii=False)}", "generator: argmap", "===", ""]
    lines += ["// Exported by argmap: statements, then arguments. Kinds are tags; data in {…} is JSON.", ""]
    turn = turns(graph)
    for row in statements:
        own = row.get("data") or {}
        tags = [f"#{row['kind']}"] + [f"#({tag})" for tag in row.get("tags", []) if tag not in KINDS]
        tags += [f"#({tag})" for tag in own.get("other_tags") or [] if isinstance(tag, str) and tag == _slug(tag)]
        data = dict(own.get("yaml") or {})
        data.update(
            {
                "gloss": row.get("gloss"),
                "status": _non_default(row.get("status")),
                "implicit": row.get("implicit"),
                "key": row.get("key"),
                "tags": [t for t in row.get("tags", []) if t in KINDS],
                "speaker": row.get("speaker_name") if row.get("speaker_id") else None,
                "illocution": row.get("illocution") if row.get("illocution", "asserting") != "asserting" else None,
                "turn": turn.get(row["id"]),
            }
        )
        if " ".join(row["text"].split()) != row["text"]:
            data["text"] = row["text"]
        lines.append(f"[{title[row['id']]}]: {escape(row['text'])} {' '.join(tags)}{_json_data(data)}")
        lines.extend(relations.get(row["id"], []))
        lines.append("")
    for row in inferences:
        ident = row["id"]
        own = row.get("data") or {}
        data = dict(own.get("yaml") or {})
        data.update({"note": row.get("note"), "status": _non_default(row.get("status")), "key": row.get("key")})
        rule = own.get("rule") if isinstance(own.get("rule"), str) else _rule(row.get("scheme"))
        description = own.get("description") if isinstance(own.get("description"), str) else ""
        description = description or _default_description(row.get("scheme"))
        tags = "".join(f" #({tag})" for tag in own.get("tags") or [] if isinstance(tag, str) and tag == _slug(tag))
        lines.append(f"<{title[ident]}>: {escape(description)}{tags}{_json_data(data)}")
        lines.append("")
        if ident not in consequent or not antecedents[ident]:
            continue  # incomplete: a premise–conclusion structure would be an Argdown syntax error
        number = 0
        for premise in antecedents[ident]:
            number += 1
            lines.append(f"({number}) {ref(premise)}")
        inference = own.get("inference") if isinstance(own.get("inference"), dict) else {}
        rule_line = f"{escape(rule)}{_json_data(inference)}".strip()
        lines.append(f"-- {rule_line} --" if rule_line else "----")
        lines.append(f"({number + 1}) {ref(consequent[ident])}")
        lines.append("")
    if directives:
        lines += ["// What Argdown has no syntax for:", *directives, ""]
    return "\n".join(lines)


def _rule(scheme: str | None) -> str:
    """The inference rule line of a scheme: its key in words (``cause_to_effect`` → ``cause to effect``)."""
    return scheme.replace("_", " ") if scheme else ""


def _default_description(scheme: str | None) -> str:
    """The description an exported argument gets when it has none (not kept when it comes back)."""
    return f"Argument from {scheme.replace('_', ' ')}" if scheme else "Inference"


# --- Import: bounded data -----------------------------------------------------------------------------------------


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit checked before the composer recurses, and no aliases."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(f"aliases are not accepted (line {event.start_mark.line + 1})")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DATA_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_DATA_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str, *, what: str, line: int) -> object:
    """``text`` as YAML (JSON included), bounded in size and nesting; refusals point at ``line``."""
    if len(text) > MAX_DATA_CHARS:
        raise refuse(f"the {what} is too large (at most {MAX_DATA_CHARS} characters).", element="lines", index=line)
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        reason = str(error).splitlines()[0][:200]
        raise refuse(f"the {what} is not valid YAML ({reason}).", element="lines", index=line) from None
    except RecursionError:
        raise refuse(f"the {what} is nested too deeply.", element="lines", index=line) from None


# --- Import: the parser -----------------------------------------------------------------------------------------


def _ids():
    """Random (version 4) UUIDs, 4,096 per system call: a file of 100,000 nodes needs that many."""
    while True:
        pool = os.urandom(16 * 4096)
        for start in range(0, len(pool), 16):
            yield uuid.UUID(bytes=pool[start : start + 16], version=4)


def parse_argdown(raw: bytes | str) -> ParsedImport:
    """Argdown text → a :class:`GraphPayload` (see the module's docstring for the mapping)."""
    return _ArgdownParser(decode_text(raw)).parse()


@dataclass
class _Node:
    """A statement (equivalence class) or an argument of the file."""

    family: str  # "statement" | "argument"
    title: str | None
    line: int
    texts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    row: dict | None = None  # the statement payload row
    steps: list[dict] = field(default_factory=list)  # an argument's inference rows, in order
    conclusion: _Node | None = None


@dataclass
class _Element:
    """One paragraph of the file being read: its kind, lines of text and where it hangs."""

    kind: str  # "node", "pcs", "heading"
    node: _Node | None
    line: int
    parts: list[str] = field(default_factory=list)
    indent: int = 0


class _ArgdownParser:
    def __init__(self, text: str):
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.payload = GraphPayload()
        self.name = ""
        self.blocks: list[str] = []  # data blocks cut out of the text, by placeholder number
        self.directives: list[tuple[int, re.Match]] = []
        self.statements: dict[str, _Node] = {}
        self.arguments: dict[str, _Node] = {}
        self.untitled: list[_Node] = []
        self.relations: list[tuple[int, str, _Node, _Node]] = []
        self.origins: dict[str, list] = defaultdict(list)
        self.origin_of: dict = {}  # payload row id → index in origins["statements"]
        self.section_tags: list[str] = []
        self.schemes = scheme_lookup()
        self.seen_relations: set = set()
        self.filled: set = set()
        self.ids = _ids()
        self.from_argmap = False  # argmap's own export: its S1/A1 titles are numbering, not titles to keep
        self.conflict_by_relation: dict = {}
        self.concluding: tuple | None = None  # (conclusion node, its inference) of the PCS line just read
        self.statement_nodes: list[_Node] = []
        self.speakers: dict[str, uuid.UUID] = {}  # a {speaker: name} → the payload participant

    # -- pass 1: comments and data blocks --

    def _strip(self, text: str, start_line: int) -> str:
        """Comments removed (line breaks kept), ``{data}`` blocks replaced by placeholders, in one pass.

        Plain text and escapes are consumed by one regular expression; Python only sees the markup
        (comments, data), whose number is bounded before the pass."""
        if "\ue000" in text or "\ue001" in text:
            raise refuse("the file contains the private-use characters U+E000/U+E001.", element="file")
        markup = text.count("{") + text.count("/*") + text.count("<!--")
        if markup > MAX_MARKUP:
            raise refuse(f"at most {MAX_MARKUP} data blocks and comments per file ({markup}).", element="file")
        out: list[str] = []
        position, length = 0, len(text)
        counted, line = 0, start_line

        def line_at(offset: int) -> int:
            nonlocal counted, line
            line += text.count("\n", counted, offset)
            counted = offset
            return line

        while True:
            run = _PLAIN_RUN.match(text, position)
            out.append(run.group())
            position = run.end()
            if position >= length:
                break
            if text.startswith("//", position):
                end = text.find("\n", position)
                end = length if end < 0 else end
                if not text[text.rfind("\n", 0, position) + 1 : position].strip():
                    directive = _DIRECTIVE.match(text, position, end)
                    if directive:
                        self.directives.append((line_at(position), directive))
                position = end
            elif text.startswith("/*", position) or text.startswith("<!--", position):
                closer = "*/" if text[position] == "/" else "-->"
                end = text.find(closer, position + 2)
                if end < 0:
                    raise refuse("a comment is never closed.", element="lines", index=line_at(position))
                out.append("\n" * text.count("\n", position, end))
                position = end + len(closer)
            elif text[position] == "{":
                end, breaks = self._data_end(text, position, line_at(position))
                self.blocks.append(text[position:end])
                out.append(f"\ue000{len(self.blocks) - 1}\ue001")
                out.append("\n" * breaks)
                position = end
            else:  # a backslash before a line break, or a lone "/" or "<" the run stopped at
                out.append(text[position])
                position += 1
        return "".join(out)

    def _data_end(self, text: str, start: int, line: int) -> tuple[int, int]:
        """End of the ``{…}`` block at ``start`` and its line breaks; quotes are skipped, depth is bounded."""
        depth, breaks, position = 0, 0, start
        limit = min(len(text), start + MAX_DATA_CHARS)
        while True:
            match = _DATA_TOKEN.search(text, position, limit)
            if match is None:
                if limit < len(text):
                    raise refuse(
                        f"a {{data}} block is longer than {MAX_DATA_CHARS} characters.", element="lines", index=line
                    )
                raise refuse("a {data} block is never closed.", element="lines", index=line)
            token = match.group()
            position = match.end()
            if token == "\n":
                breaks += 1
            elif token == '"':
                closing = _DOUBLE_QUOTED_END.match(text, position, limit)
                if closing is None:
                    raise refuse("a {data} block has an unclosed quote.", element="lines", index=line)
                breaks += text.count("\n", position, closing.end())
                position = closing.end()
            elif token == "'":
                end = text.find("'", position, limit)
                if end < 0:
                    raise refuse("a {data} block has an unclosed quote.", element="lines", index=line)
                breaks += text.count("\n", position, end)
                position = end + 1
            elif token in "{[":
                depth += 1
                if depth > MAX_DATA_DEPTH:
                    raise refuse(
                        f"a {{data}} block is nested deeper than {MAX_DATA_DEPTH}.", element="lines", index=line
                    )
            elif token in "}]":
                depth -= 1
                if depth == 0:
                    return position, breaks

    # -- pass 2: lines → elements --

    def parse(self) -> ParsedImport:
        lines = self.text.split("\n")
        if len(lines) > MAX_ELEMENTS:
            raise refuse(f"at most {MAX_ELEMENTS} lines per import.", element="file")
        start = self._frontmatter(lines)
        body = self._strip("\n".join(lines[start:]), start + 1)
        self._elements(body.split("\n"), start + 1)
        self._finish_relations()
        self._resolve_directives()
        self._default_kinds()
        return ParsedImport(
            payload=self.payload,
            name=self.name,
            counts={"statements": len(self.payload.statements), "applications": len(self.payload.applications)},
            origins=self.origins,
            participant_matches={ident: (None, name) for name, ident in self.speakers.items()},
        )

    def _frontmatter(self, lines: list[str]) -> int:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            raise refuse("the document is empty.", element="file")
        if lines[first].strip() != "===":
            return first
        for end in range(first + 1, len(lines)):
            if lines[end].strip() == "===":
                meta = load_yaml("\n".join(lines[first + 1 : end]), what="front matter", line=first + 1) or {}
                if isinstance(meta, dict) and isinstance(meta.get("title"), str):
                    self.name = " ".join(meta["title"].split())
                self.from_argmap = isinstance(meta, dict) and meta.get("generator") == "argmap"
                return end + 1
            if end - first > MAX_DATA_CHARS:
                break
        raise refuse("the front matter (===) is never closed.", element="lines", index=first + 1)

    def _elements(self, lines: list[str], first_line: int) -> None:
        current: _Element | None = None
        tree: list[tuple[int, _Node]] = []  # (indent, node) of the open relation tree
        argument: _Node | None = None  # the argument a following PCS belongs to
        pcs: dict | None = None
        multiline_rule: dict | None = None
        for offset, raw in enumerate(lines):
            number = first_line + offset
            stripped = raw.strip()
            indent = len(raw) - len(raw.lstrip())
            if multiline_rule is not None:
                if stripped.startswith("--"):
                    self._inference_line(number, pcs, " ".join(multiline_rule["parts"]) + " " + stripped[2:])
                    multiline_rule = None
                else:
                    multiline_rule["parts"].append(stripped)
                continue
            if not stripped:
                current = self._close(current)
                if pcs is not None and pcs["after_inference"] is None:
                    pcs = self._close_pcs(pcs)
                continue
            heading = _HEADING.match(stripped) if indent == 0 else None
            if heading:
                current = self._close(current)
                pcs = self._close_pcs(pcs)
                self._heading(number, heading)
                tree, argument = [], None
                continue
            numbered = _PCS.match(stripped)
            if numbered and indent == 0:
                current = self._close(current)
                if pcs is None:
                    owner = argument or self._untitled_argument(number)
                    pcs = {"argument": owner, "members": [], "numbers": {}, "after_inference": False, "step": []}
                    argument = None
                elif pcs["after_inference"] is None:
                    pcs["after_inference"] = False
                current = self._open_pcs_member(number, numbered, pcs)
                tree = [(0, current.node)]
                self.concluding = (current.node, pcs["argument"].steps[-1]) if pcs["after_inference"] is None else None
                continue
            inference = _INFERENCE.match(stripped) if indent == 0 and pcs is not None else None
            if inference:
                current = self._close(current)
                body = inference.group("body").strip()
                if body.strip("-") == "" and len(stripped) < 4 and not body:
                    multiline_rule = {"parts": []}  # "--" alone opens a rule spanning lines
                    continue
                self._inference_line(number, pcs, body)
                continue
            relation = _RELATION.match(stripped) if indent > 0 else None
            if relation and tree:
                current = self._close(current)
                while tree and tree[-1][0] >= indent:
                    tree.pop()
                if not tree:
                    raise refuse(
                        "a relation must be indented under a statement or argument.", element="lines", index=number
                    )
                if len(tree) > MAX_TREE_DEPTH:
                    raise refuse(
                        f"relation trees may be at most {MAX_TREE_DEPTH} levels deep.", element="lines", index=number
                    )
                parent = tree[-1][1]
                current = self._open_node(number, relation.group("rest"), indent)
                tree.append((indent, current.node))
                self._relate(number, relation.group("symbol"), parent, current.node)
                continue
            if current is not None and not (indent == 0 and _starts_element(stripped)):
                current.parts.append(stripped)  # hard-wrapped text goes on
                continue
            current = self._close(current)
            pcs = self._close_pcs(pcs)
            self.concluding = None
            current = self._open_node(number, stripped, indent)
            if indent == 0 or not tree:
                tree = [(indent, current.node)]
            argument = current.node if current.node.family == "argument" and indent == 0 else None
        if multiline_rule is not None:
            raise refuse("an inference rule (--) is never closed.", element="lines", index=first_line + len(lines) - 1)
        self._close(current)
        self._close_pcs(pcs)

    def _heading(self, number: int, heading: re.Match) -> None:
        level = len(heading.group("level"))
        text, _tags, _data = self._text_parts(heading.group("text"), number)
        slug = _slug(text) or None
        del self.section_tags[level - 1 :]
        self.section_tags.extend([None] * (level - 1 - len(self.section_tags)))
        self.section_tags.append(slug)

    def _untitled_argument(self, number: int) -> _Node:
        node = _Node("argument", None, number)
        self.untitled.append(node)
        return node

    def _open_node(self, number: int, content: str, indent: int) -> _Element:
        statement = _STATEMENT.match(content)
        argument = _ARGUMENT.match(content)
        if statement:
            node = self._statement(unescape(statement.group("title")).strip(), number)
            rest = statement.group("rest")
        elif argument:
            node = self._argument(unescape(argument.group("title")).strip(), number)
            rest = argument.group("rest")
        else:
            node = _Node("statement", None, number)
            self.untitled.append(node)
            rest = content
        element = _Element("node", node, number, indent=indent)
        if rest:
            element.parts.append(rest)
        return element

    def _statement(self, title: str, number: int) -> _Node:
        if title not in self.statements:
            self.statements[title] = _Node("statement", title, number)
        return self.statements[title]

    def _argument(self, title: str, number: int) -> _Node:
        if title not in self.arguments:
            self.arguments[title] = _Node("argument", title, number)
        return self.arguments[title]

    def _close(self, element: _Element | None) -> None:
        """A paragraph ends: its text, tags and data go to its node."""
        if element is None or element.node is None:
            return None
        node = element.node
        text, tags, data = self._text_parts(" ".join(element.parts), element.line)
        if text and not node.texts:
            node.line = element.line
        if text:
            node.texts.append(text)
            node.tags.extend(t for t in self.section_tags if t)  # the section it is defined in
        node.tags.extend(tags)
        for key, value in data.items():
            node.data.setdefault(key, value)
        if node.family == "statement":
            self._statement_row(node)
        return None

    def _text_parts(self, raw: str, number: int) -> tuple[str, list[str], dict]:
        data: dict = {}
        for match in _PLACEHOLDER.finditer(raw):
            value = self._block(int(match.group(1)), number)
            for key, item in value.items():
                data.setdefault(str(key), item)
        raw = _PLACEHOLDER.sub(" ", raw)
        tags = []
        for match in _TAG.finditer(raw):
            tag = _slug(unescape(match.group("long") if match.group("long") is not None else match.group("short")))
            if tag:
                tags.append(tag)
        text = " ".join(unescape(_TAG.sub(" ", raw)).split())
        return text, tags, data

    def _block(self, index: int, number: int) -> dict:
        raw = self.blocks[index]
        if len(raw) > MAX_DATA_CHARS:
            raise refuse("its {data} is too large.", element="lines", index=number)
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            value = load_yaml(raw, what="{data}", line=number)
        if not isinstance(value, dict):
            raise refuse("its {data} must be a mapping.", element="lines", index=number)
        return value

    def _statement_row(self, node: _Node) -> dict:
        if node.row is None:
            node.row = {"id": next(self.ids), "kind": None, "text": ""}
            self.statement_nodes.append(node)
            self.origin_of[node.row["id"]] = len(self.origins["statements"])
            self.origins["statements"].append(("lines", node.line, node.title))
            self.payload.statements.append(node.row)
        return node.row

    def _open_pcs_member(self, number: int, numbered: re.Match, pcs: dict) -> _Element:
        element = self._open_node(number, numbered.group("rest"), 0)
        if element.node.family != "statement":
            raise refuse(
                "a premise–conclusion structure lists statements, not arguments.", element="lines", index=number
            )
        position = int(numbered.group("number"))
        pcs["numbers"][position] = element.node
        if pcs["after_inference"]:
            self._step(number, pcs, element.node)
            pcs["after_inference"] = None  # the next numbered line starts the next step's premises
        else:
            pcs["step"].append(element.node)
            pcs["line"] = number
        pcs["members"].append(element.node)
        return element

    def _inference_line(self, number: int, pcs: dict, body: str) -> None:
        if pcs["after_inference"]:
            raise refuse("two inference lines follow each other.", element="lines", index=number)
        rule = body.strip().strip("-").strip()
        text, _tags, data = self._text_parts(rule, number)
        pcs["rule"] = {"text": text, "data": data, "line": number}
        pcs["after_inference"] = True

    def _step(self, number: int, pcs: dict, conclusion: _Node) -> None:
        """One inference of a premise–conclusion structure: the statements since the last inference line
        (and the previous conclusion), or those its ``uses`` names, to the statement after the line."""
        argument: _Node = pcs["argument"]
        rule = pcs.pop("rule")
        uses = rule["data"].get("uses")
        if isinstance(uses, list) and uses:
            try:
                premises = [pcs["numbers"][int(n)] for n in uses]
            except (KeyError, TypeError, ValueError):
                raise refuse(
                    f"'uses' names a statement that is not numbered before: {uses!r}.", element="lines", index=number
                ) from None
        else:
            premises = ([argument.conclusion] if argument.conclusion else []) + pcs["step"]
        if not premises:
            raise refuse("an inference line needs at least one premise above it.", element="lines", index=number)
        row = {"id": next(self.ids), "type": "inference", "scheme": None, "note": "", "data": {}}
        name = rule["text"]
        if name:
            match = self.schemes.get(normalised_scheme_name(name))
            if match and match[1] == "inference":
                row["scheme"] = match[0]
            if not match or name not in (match[0], _rule(match[0])):
                row["data"]["rule"] = name
        extra = {k: v for k, v in rule["data"].items() if k != "uses"}
        if extra:
            row["data"]["inference"] = extra
        self.payload.applications.append(row)
        self.origins["applications"].append(("lines", rule["line"], argument.title))
        for premise in premises:
            self._edge(number, row, "antecedent", premise)
        self._edge(number, row, "consequent", conclusion)
        argument.steps.append(row)
        argument.conclusion = conclusion
        pcs["step"] = []

    def _close_pcs(self, pcs: dict | None) -> None:
        if pcs is None:
            return None
        argument: _Node = pcs["argument"]
        if not argument.steps or pcs["after_inference"] is True:
            raise refuse(
                "a premise–conclusion structure needs an inference line (----) followed by a conclusion.",
                element="lines",
                index=pcs["members"][0].line if pcs["members"] else argument.line,
            )
        if pcs["step"]:
            raise refuse("premises after the last conclusion lead nowhere.", element="lines", index=pcs["line"])
        return None

    def _edge(self, number: int, application: dict, role: str, far) -> None:
        if isinstance(far, _Node):
            far_row, family = self._statement_row(far), "statement"
        else:
            far_row, family = far, "other_application"
        self.payload.edges.append({"application": application["id"], "role": role, family: far_row["id"]})
        self.origins["edges"].append(("lines", number, None))

    # -- relations --

    def _relate(self, number: int, symbol: str, parent: _Node, child: _Node) -> None:
        if symbol == "><":
            self.relations.append((number, "attack", parent, child))
            self.relations.append((number, "attack", child, parent))
            return
        kind = {"+": "support", "-": "attack", "_": "undercut"}[symbol.strip("<>")]
        outgoing = symbol.endswith(">")
        source, target = (parent, child) if outgoing else (child, parent)
        if kind == "undercut" and not outgoing and self.concluding and self.concluding[0] is parent:
            target = self.concluding[1]  # an undercut under a conclusion attacks the inference drawing it
        self.relations.append((number, kind, source, target))

    def _finish_relations(self) -> None:
        """Statements and arguments are all known now: give the arguments their rows, then the relations."""
        for node in [*self.arguments.values(), *(n for n in self.untitled if n.family == "argument")]:
            self._argument_rows(node)
        for node in self.statements.values():
            self._statement_row(node)
        for number, kind, source, target in self.relations:
            self._relation(number, kind, source, target)

    def _argument_rows(self, node: _Node) -> None:
        """Title, description and data to the argument's last inference; without one, a statement stands for it."""
        description = node.texts[0] if node.texts else ""
        data = {k: v for k, v in node.data.items() if k not in APPLICATION_KEYS}
        if not node.steps:
            if node.title in self.statements or not (description or node.title):
                stand_in = _Node("statement", None, node.line, texts=[description or node.title or ""])
            else:
                stand_in = self._statement(node.title, node.line)
                stand_in.texts.insert(0, description or node.title)
            stand_in.tags.extend(node.tags)
            stand_in.data.update(data)
            stand_in.data["argument"] = True
            self._statement_row(stand_in)
            node.conclusion = stand_in
            return
        last = node.steps[-1]
        if node.title and not self._numbering(node.title):
            last["data"]["title"] = node.title
        if description and description != _default_description(last.get("scheme")):
            last["data"]["description"] = description
        if len(node.texts) > 1:
            last["data"]["descriptions"] = node.texts[1:]
        if data:
            last["data"]["yaml"] = data
        if node.tags:
            last["data"]["tags"] = list(dict.fromkeys(node.tags))
        for name in APPLICATION_KEYS:
            if isinstance(node.data.get(name), str) and name != "scheme":
                last[name] = node.data[name]
        for i, step in enumerate(node.steps[:-1], 1):
            step["data"]["title"] = f"{node.title or 'Untitled'} ({i})"

    def _anchor(self, node: _Node, *, as_target: str):
        """What a relation's end means in AIF: a statement, or an argument's inference or conclusion."""
        if node.family == "statement":
            return node
        if as_target in ("attack", "undercut") and node.steps:
            return node.steps[-1]
        return node.conclusion

    def _relation(self, number: int, kind: str, source: _Node, target: _Node) -> None:
        start = source if source.family == "statement" else source.conclusion
        if isinstance(target, dict):
            end = target
        elif kind == "undercut" and target.family == "statement":
            raise refuse("an undercut (_) attacks an argument, not a statement.", element="lines", index=number)
        else:
            end = self._anchor(target, as_target=kind)
        if kind == "support" and source.family == "argument" and end is source.conclusion:
            return  # an argument supports its own conclusion already
        signature = (id(start), id(end), kind)
        if signature in self.seen_relations:
            return
        self.seen_relations.add(signature)
        row = {
            "id": next(self.ids),
            "type": "inference" if kind == "support" else "conflict",
            "scheme": None,
            "note": "",
            "data": {},
        }
        self.payload.applications.append(row)
        self.origins["applications"].append(("lines", number, None))
        self._edge(number, row, "antecedent", start)
        self._edge(number, row, "consequent", end)
        if row["type"] == "conflict":
            self.conflict_by_relation.setdefault((id(start), id(end)), []).append(row)

    # -- // argmap: lines --

    def _reference(self, number: int, reference: str, named: dict):
        if reference in named:
            return named[reference]
        match = _REFERENCE.match(reference.strip())
        if match and match.group("statement"):
            title = unescape(match.group("statement"))
            if title not in self.statements:
                raise refuse(f"[{title}] is not defined in this document.", element="lines", index=number)
            return self.statements[title]
        if match and match.group("argument"):
            title = unescape(match.group("argument"))
            if title not in self.arguments:
                raise refuse(f"<{title}> is not defined in this document.", element="lines", index=number)
            node = self.arguments[title]
            return node.steps[-1] if node.steps else node.conclusion
        raise refuse(f"{reference!r} names nothing in this document.", element="lines", index=number)

    def _resolve_directives(self) -> None:
        """Rows first (a name may be used before the line that defines it), then their edges: linear."""
        named: dict = {}
        pending = []
        for number, directive in self.directives:
            kind = directive.group("type")
            arrow = _ARROWS[kind]
            body, brace, raw_data = directive.group("rest").partition("{")
            body = f" {body.strip()} "
            if f" {arrow} " not in body:
                raise refuse(f"an argmap {kind} line needs '{arrow}'.", element="lines", index=number)
            left, right = body.rsplit(f" {arrow} ", 1)
            data = self._block_text(brace + raw_data.rstrip(), number) if brace else {}
            row = None
            parts = _DIRECTIVE_REF.findall(left)
            if (
                kind == "conflict"
                and len(parts) == 1
                and _REFERENCE.match(parts[0])
                and _REFERENCE.match(right.strip())
            ):
                source = self._reference(number, parts[0], named)
                target = self._reference(number, right.strip(), named)
                existing = self.conflict_by_relation.get((id(source), id(target)))
                row = existing.pop(0) if existing else None
            if row is None:
                row = {"id": next(self.ids), "type": kind, "scheme": None, "note": "", "data": {}}
                self.payload.applications.append(row)
                self.origins["applications"].append(("lines", number, directive.group("name")))
                pending.append((number, row, parts, right.strip()))
            for name in APPLICATION_KEYS:
                if isinstance(data.get(name), str):
                    row[name] = data[name]
            if isinstance(data.get("data"), dict):
                row["data"] = data["data"]
            if directive.group("name").startswith(("[", "<")) or directive.group("name") in named:
                raise refuse(
                    f"{directive.group('name')} is defined twice or looks like a reference.",
                    element="lines",
                    index=number,
                )
            named[directive.group("name")] = row
        for number, row, parts, right in pending:
            for part in parts:
                self._edge(number, row, "antecedent", self._reference(number, part, named))
            self._edge(number, row, "consequent", self._reference(number, right, named))

    def _block_text(self, raw: str, number: int) -> dict:
        self.blocks.append(raw)
        return self._block(len(self.blocks) - 1, number)

    def _default_kinds(self) -> None:
        for node in self.statement_nodes:
            self._fill_statement(node)
        concluded = {e["statement"] for e in self.payload.edges if e["role"] == "consequent" and e.get("statement")}
        used = {e["statement"] for e in self.payload.edges if e["role"] == "antecedent" and e.get("statement")}
        for row in self.payload.statements:
            if not row["kind"]:
                row["kind"] = "claim" if row["id"] in concluded and row["id"] not in used else "premise"
            if not row.get("tags"):
                row.pop("tags", None)
            if not row.get("data"):
                row.pop("data", None)

    def _numbering(self, title: str) -> bool:
        return self.from_argmap and re.fullmatch(r"[SA]\d+", title) is not None

    def _fill_statement(self, node: _Node) -> None:
        row = self._statement_row(node)
        if row["id"] in self.filled:
            return
        self.filled.add(row["id"])
        index = self.origin_of[row["id"]]
        self.origins["statements"][index] = ("lines", node.line, node.title)
        data = node.data
        text = data.get("text") if isinstance(data.get("text"), str) else (node.texts[0] if node.texts else "")
        row["text"] = text or (node.title or "")
        tags = [t for t in node.tags if t not in KINDS and SLUG.fullmatch(t)]
        other_tags = list(dict.fromkeys(t for t in node.tags if not SLUG.fullmatch(t)))
        if isinstance(data.get("tags"), list):
            tags += [t for t in data["tags"] if isinstance(t, str)]
        kind = data.get("kind") if data.get("kind") in KINDS else next((t for t in node.tags if t in KINDS), None)
        row["kind"] = kind
        row["tags"] = clean_tags(
            [t for t in tags if t not in KINDS], element="lines", index=node.line, ident=node.title
        )
        for name in ("gloss", "status", "key"):
            if isinstance(data.get(name), str):
                row[name] = data[name]
        if isinstance(data.get("implicit"), bool):
            row["implicit"] = data["implicit"]
        if data.get("illocution") in ILLOCUTIONS:
            row["illocution"] = data["illocution"]
        own = {}
        if stated_turn(data) is not None:
            own["turn"] = stated_turn(data)
        if isinstance(data.get("speaker"), str) and data["speaker"].strip():
            row["speaker"] = self._speaker(data["speaker"].strip()[:300])
        if node.title and not self._numbering(node.title):
            own["title"] = node.title
        if len(node.texts) > 1 and any(t != node.texts[0] for t in node.texts[1:]):
            own["texts"] = list(dict.fromkeys(node.texts))
        if other_tags:
            own["other_tags"] = other_tags  # Argdown tags a Tag slug cannot hold (e.g. Japanese headings)
        extra = {k: v for k, v in data.items() if k not in STATEMENT_KEYS}
        if extra:
            own["yaml"] = extra
        row["data"] = own

    def _speaker(self, name: str) -> uuid.UUID:
        """The participant a ``{speaker: name}`` names: one per name in the file (the workspace's own where it
        has one of that name, see :func:`argmap.interchange.imports.import_map`)."""
        if name not in self.speakers:
            self.speakers[name] = uuid.uuid4()
            self.payload.participants.append({"id": self.speakers[name], "name": name})
            self.origins["participants"].append(("participants", None, name))
        return self.speakers[name]


def _starts_element(line: str) -> bool:
    """A definition (``[T]: …``, ``<T>: …``) or a bare reference starts a new element even without a blank line."""
    match = _STATEMENT.match(line) or _ARGUMENT.match(line)
    return bool(match and (match.group("colon") or not match.group("rest")))


def _slug(text: str) -> str:
    """A tag slug from a tag or heading text: words joined by ``-``, other characters dropped, at most 80."""
    words = re.sub(r"[^\w\s-]", "", text, flags=re.UNICODE).split()
    return "-".join(words)[:80].strip("-")
