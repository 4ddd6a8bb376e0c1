"""Argdown: export a map as an Argdown document, and import the dialect this module writes.

Export (see docs/interchange.md for a full example):

* every statement once, ``[S1]: text #kind {data}``, under ``# Statements``; its
  single-attacker conflicts as relations below it: ``-> [S2]`` (rebut or
  undermine) and ``_> <A1>`` (undercut);
* every inference as a premise–conclusion structure under ``# Arguments``:
  ``<A1>: description {data}``, numbered premises ``(1) [S2]``, the inference
  line ``-- scheme --`` (``----`` without a scheme) and the conclusion;
* what Argdown has no syntax for (conflicts with several attackers or on a
  conflict, rephrases, preferences, and the review data of a conflict) in
  ``// argmap:`` comment lines, which other Argdown tools ignore.

Text that contains Argdown's special characters is backslash-escaped;
statement data is JSON (a subset of the YAML Argdown expects).

Import refuses what it cannot read; what the graph rules forbid (an argument
without premises, a support of an argument, …) is refused by the bulk
importer with the rule of :mod:`argmap.rules`, pointing at the line.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict

import yaml

from argmap.errors import InvalidInput
from argmap.payload import GraphPayload

from .aif import ParsedImport, normalised_scheme_name, scheme_lookup
from .safety import MAX_ELEMENTS, check_nesting, clean_tags, decode_text, refuse

KINDS = ("claim", "premise", "rebuttal", "evidence")
#: Longest {data} block or front matter a line may carry (characters).
MAX_DATA_CHARS = 100_000
SPECIAL = re.compile(r"([\\\[\]<>{}#*_])")
UNESCAPE = re.compile(r"\\(.)")
STATEMENT_LINE = re.compile(r"^\[(?P<title>(?:[^\]\\]|\\.)+)\](?::\s*(?P<rest>.*))?$")
ARGUMENT_LINE = re.compile(r"^<(?P<title>(?:[^>\\]|\\.)+)>(?::\s*(?P<rest>.*))?$")
PCS_LINE = re.compile(r"^\((?P<number>\d+)\)\s+(?P<rest>.+)$")
INFERENCE_LINE = re.compile(r"^--(?:-+|\s*(?P<rule>.*?)\s*--)$")
RELATION_LINE = re.compile(r"^(?P<symbol>\+>|->|_>|<\+|<-|<_|\+|-)\s*(?P<target>\[.+\]|<.+>)\s*(?::.*)?$")
REFERENCE = re.compile(r"^\[(?P<statement>(?:[^\]\\]|\\.)+)\]$|^<(?P<argument>(?:[^>\\]|\\.)+)>$")
TAG = re.compile(r"(?<!\\)#(?:\((?P<long>[^)]+)\)|(?P<short>[\w-]+))")
DIRECTIVE = re.compile(
    r"^//\s*argmap:\s*(?P<type>conflict|rephrase|preference)\s+(?P<name>\S+):\s*(?P<body>.*?)\s*(?P<data>\{.*\})?$"
)


def escape(text: str) -> str:
    return SPECIAL.sub(r"\\\1", " ".join(text.split()))


def unescape(text: str) -> str:
    return UNESCAPE.sub(r"\1", text)


def _data(payload: dict) -> str:
    cleaned = {k: v for k, v in payload.items() if v not in (None, "", [], False)}
    return " " + json.dumps(cleaned, ensure_ascii=False) if cleaned else ""


def export_argdown(graph: dict) -> str:
    """The map (as :func:`argmap.selectors.interchange.interchange_graph` reads it) as Argdown text."""
    statements = graph["statements"]
    applications = graph["scheme_applications"]
    title = {row["id"]: f"S{i}" for i, row in enumerate(statements, 1)}
    inferences = [a for a in applications if a["type"] == "inference"]
    for i, row in enumerate(inferences, 1):
        title[row["id"]] = f"A{i}"
    others = [a for a in applications if a["type"] != "inference"]
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

    relations: dict = defaultdict(list)
    directives: list[str] = []
    for row in others:
        ident = row["id"]
        if ident not in consequent or not antecedents[ident]:
            continue
        meta = {"note": row.get("note"), "scheme": row.get("scheme"), "status": _non_default(row.get("status"))}
        sources = " ".join(ref(a) for a in antecedents[ident])
        target = consequent[ident]
        simple = (
            row["type"] == "conflict"
            and len(antecedents[ident]) == 1
            and kinds.get(target) in ("statement", "inference")
            and not any(other_target == ident for other_target in consequent.values())
        )
        if simple:
            symbol = "_>" if kinds[target] == "inference" else "->"
            relations[antecedents[ident][0]].append(f"    {symbol} {ref(target)}")
            if any(meta.values()):
                directives.append(f"// argmap: conflict {title[ident]}: {sources} -> {ref(target)}{_data(meta)}")
            continue
        arrow = {"conflict": "->", "rephrase": "=>", "preference": ">"}[row["type"]]
        directives.append(f"// argmap: {row['type']} {title[ident]}: {sources} {arrow} {ref(target)}{_data(meta)}")

    lines = ["===", f"title: {json.dumps(graph['map']['name'], ensure_ascii=False)}", "generator: argmap", "==="]
    lines += ["", "// Exported by argmap. Statement kinds are tags; data in {…} is JSON.", "", "# Statements", ""]
    for row in statements:
        tags = [f"#{row['kind']}"] + [f"#({tag})" for tag in row.get("tags", []) if tag not in KINDS]
        data = {
            "gloss": row.get("gloss"),
            "status": _non_default(row.get("status")),
            "implicit": row.get("implicit"),
            "key": row.get("key"),
            "tags": [t for t in row.get("tags", []) if t in KINDS],
        }
        if " ".join(row["text"].split()) != row["text"]:
            data["text"] = row["text"]
        lines.append(f"[{title[row['id']]}]: {escape(row['text'])} {' '.join(tags)}{_data(data)}")
        lines.extend(relations.get(row["id"], []))
        lines.append("")
    if inferences:
        lines += ["# Arguments", ""]
    for row in inferences:
        ident = row["id"]
        data = {"note": row.get("note"), "status": _non_default(row.get("status")), "key": row.get("key")}
        description = escape(row["scheme"].replace("_", " ")) if row.get("scheme") else ""
        lines.append(f"<{title[ident]}>: {description}{_data(data)}".rstrip())
        lines.append("")
        number = 0
        for premise in antecedents[ident]:
            number += 1
            lines.append(f"({number}) [{title[premise]}]")
        rule = row.get("scheme")
        lines.append(f"-- {rule} --" if rule else "----")
        if ident in consequent:
            lines.append(f"({number + 1}) [{title[consequent[ident]]}]")
        lines.append("")
    if directives:
        lines += ["# Other relations", "", *directives, ""]
    return "\n".join(lines)


def _non_default(status: str | None) -> str | None:
    return None if status in (None, "draft") else status


def _split_data(rest: str, where: tuple) -> tuple[str, dict]:
    """Text and trailing ``{data}`` of a line; the data's first brace is the first unescaped one."""
    match = re.search(r"(?<!\\)\{", rest)
    if match is None:
        return rest, {}
    return rest[: match.start()], _parse_data(rest[match.start() :], where[0])


def _parse_data(raw: str, line: int) -> dict:
    """A ``{data}`` block: JSON, else YAML; bounded in size and nesting before either parser sees it."""
    if len(raw) > MAX_DATA_CHARS:
        raise refuse("its {data} is too large.", element="lines", index=line)
    try:
        check_nesting(raw)
    except InvalidInput:
        raise refuse("its {data} is nested too deeply.", element="lines", index=line) from None
    try:
        data = json.loads(raw)
    except ValueError:
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError:
            raise refuse("its {data} is neither JSON nor YAML.", element="lines", index=line) from None
    if not isinstance(data, dict):
        raise refuse("its {data} must be a mapping.", element="lines", index=line)
    return data


def parse_argdown(raw: bytes | str) -> ParsedImport:
    """Argdown text (the dialect :func:`export_argdown` writes) → a :class:`GraphPayload`."""
    return _ArgdownParser(decode_text(raw)).parse()


class _ArgdownParser:
    def __init__(self, text: str):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.payload = GraphPayload()
        self.name = ""
        self.statements: dict[str, dict] = {}  # title → payload row
        self.arguments: dict[str, dict] = {}  # title → payload row
        self.named: dict[str, dict] = {}  # directive name → payload row
        self.conflicts_by_relation: dict[tuple, list] = defaultdict(list)
        self.origins: dict[str, list] = defaultdict(list)
        self.antecedent_count: dict = defaultdict(int)
        self.pending: list[tuple] = []  # (line index, kind, payload)
        self.schemes = scheme_lookup()

    def parse(self) -> ParsedImport:
        if len(self.lines) > MAX_ELEMENTS:
            raise refuse(f"at most {MAX_ELEMENTS} lines per import.", element="file")
        start = self._frontmatter()
        current = None  # ("statement", title) or ("argument", title)
        pcs: list[str] = []
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            stripped = line.strip()
            indented = line[:1] in (" ", "\t")
            if not stripped:
                continue
            if stripped.startswith("//"):
                directive = DIRECTIVE.match(stripped)
                if directive:
                    self.pending.append((index, "directive", directive))
                continue
            if stripped.startswith("#") and not indented:
                current = None
                continue
            relation = RELATION_LINE.match(stripped) if indented else None
            if relation and current is not None and current[0] in ("statement", "argument"):
                self.pending.append((index, "relation", (current, relation)))
                continue
            statement = STATEMENT_LINE.match(stripped)
            if statement and not indented:
                title = unescape(statement.group("title"))
                self._define_statement(index, title, statement.group("rest"))
                current = ("statement", title)
                continue
            argument = ARGUMENT_LINE.match(stripped)
            if argument and not indented:
                title = unescape(argument.group("title"))
                self._define_argument(index, title, argument.group("rest"))
                current = ("argument", title)
                pcs = []
                continue
            numbered = PCS_LINE.match(stripped)
            if numbered and current and current[0] == "argument":
                pcs.append(self._pcs_statement(index, numbered.group("rest")))
                current = ("pcs", current[1], pcs)
                continue
            if numbered and current and current[0] == "pcs":
                pcs.append(self._pcs_statement(index, numbered.group("rest")))
                if current[-1] == "after-inference":
                    self._step(index, current[1], pcs)
                    current = ("pcs", current[1], pcs)
                continue
            inference = INFERENCE_LINE.match(stripped)
            if inference and current and current[0] == "pcs":
                self._set_rule(index, current[1], inference.group("rule"))
                current = ("pcs", current[1], pcs, "after-inference")
                continue
            raise refuse(f"cannot read this line: {stripped[:80]!r}.", element="lines", index=index + 1)
        for index, kind, item in self.pending:
            if kind == "relation":
                self._relation(index, *item)
        self._directives([(index, item) for index, kind, item in self.pending if kind == "directive"])
        self._default_kinds()
        return ParsedImport(
            payload=self.payload,
            name=self.name,
            counts={"statements": len(self.payload.statements), "applications": len(self.payload.applications)},
            origins=self.origins,
        )

    def _frontmatter(self) -> int:
        first = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if first is None:
            raise refuse("the document is empty.", element="file")
        if self.lines[first].strip() != "===":
            return first
        for end in range(first + 1, len(self.lines)):
            if self.lines[end].strip() == "===":
                front = "\n".join(self.lines[first + 1 : end])
                if len(front) > MAX_DATA_CHARS:
                    raise refuse("the front matter is too large.", element="lines", index=first + 1)
                check_nesting(front)
                try:
                    meta = yaml.safe_load(front) or {}
                except yaml.YAMLError:
                    raise refuse("the front matter is not YAML.", element="lines", index=first + 1) from None
                if isinstance(meta, dict) and isinstance(meta.get("title"), str):
                    self.name = meta["title"]
                return end + 1
        raise refuse("the front matter (===) is never closed.", element="lines", index=first + 1)

    def _statement_row(self, index: int, title: str) -> dict:
        if title not in self.statements:
            row = {"id": uuid.uuid4(), "kind": None, "text": ""}
            self.statements[title] = row
            self.payload.statements.append(row)
            self.origins["statements"].append(("lines", index + 1, title))
        return self.statements[title]

    def _define_statement(self, index: int, title: str, rest: str | None) -> dict:
        row = self._statement_row(index, title)
        if rest is None:
            return row
        text, data = _split_data(rest, (index + 1,))
        tags = [m.group("long") or m.group("short") for m in TAG.finditer(text)]
        text = TAG.sub("", text)
        if row["text"] and unescape(text).strip() and row["text"] != " ".join(unescape(text).split()):
            raise refuse(
                f"statement [{title}] is defined twice with different texts.", element="lines", index=index + 1
            )
        row["text"] = data.get("text") if isinstance(data.get("text"), str) else " ".join(unescape(text).split())
        kind = data.get("kind") if data.get("kind") in KINDS else next((t for t in tags if t in KINDS), None)
        row["kind"] = kind or row["kind"]
        extra_tags = data.get("tags") if isinstance(data.get("tags"), list) else []
        row["tags"] = clean_tags(
            [t for t in tags if t not in KINDS] + extra_tags, element="lines", index=index + 1, ident=title
        )
        for name in ("gloss", "status", "key"):
            if isinstance(data.get(name), str):
                row[name] = data[name]
        if isinstance(data.get("implicit"), bool):
            row["implicit"] = data["implicit"]
        return row

    def _define_argument(self, index: int, title: str, rest: str | None) -> None:
        if title in self.arguments:
            raise refuse(f"argument <{title}> is defined twice.", element="lines", index=index + 1)
        _, data = _split_data(rest or "", (index + 1,))
        row = {"id": uuid.uuid4(), "type": "inference", "scheme": None, "note": ""}
        for name in ("note", "status", "key"):
            if isinstance(data.get(name), str):
                row[name] = data[name]
        self.arguments[title] = row
        self.payload.applications.append(row)
        self.origins["applications"].append(("lines", index + 1, title))

    def _pcs_statement(self, index: int, rest: str) -> dict:
        reference = STATEMENT_LINE.match(rest.strip())
        if reference:
            return self._define_statement(index, unescape(reference.group("title")), reference.group("rest"))
        title = f"line {index + 1}"
        return self._define_statement(index, title, rest)

    def _set_rule(self, index: int, title: str, rule: str | None) -> None:
        """An inference rule naming an argmap scheme sets the scheme; any other rule is kept in the note."""
        row = self.arguments[title]
        name = (rule or "").split("{")[0].strip()
        if not name:
            return
        match = self.schemes.get(normalised_scheme_name(name))
        if match and match[1] == "inference":
            row["scheme"] = match[0]
        else:
            row["note"] = "\n".join(filter(None, [row.get("note"), f"Argdown rule: {name}"]))

    def _step(self, index: int, title: str, pcs: list[dict]) -> None:
        """The line after an inference line is the argument's conclusion; what came before, its premises."""
        row = self.arguments[title]
        if self.antecedent_count[row["id"]]:
            raise refuse(
                f"argument <{title}> has more than one inference step; import one step per argument.",
                element="lines",
                index=index + 1,
            )
        *premises, conclusion = pcs
        for premise in premises:
            self._edge(index, row, "antecedent", premise)
        self._edge(index, row, "consequent", conclusion)

    def _edge(self, index: int, application: dict, role: str, far: dict) -> None:
        family = "statement" if "kind" in far else "other_application"
        self.payload.edges.append({"application": application["id"], "role": role, family: far["id"]})
        self.origins["edges"].append(("lines", index + 1, None))
        if role == "antecedent":
            self.antecedent_count[application["id"]] += 1

    def _resolve(self, index: int, reference: str) -> dict:
        match = REFERENCE.match(reference.strip())
        if match and match.group("statement"):
            title = unescape(match.group("statement"))
            if title not in self.statements:
                raise refuse(f"[{title}] is not defined in this document.", element="lines", index=index + 1)
            return self.statements[title]
        if match and match.group("argument"):
            title = unescape(match.group("argument"))
            if title not in self.arguments:
                raise refuse(f"<{title}> is not defined in this document.", element="lines", index=index + 1)
            return self.arguments[title]
        if reference in self.named:
            return self.named[reference]
        raise refuse(f"{reference!r} names nothing in this document.", element="lines", index=index + 1)

    def _new_application(self, index: int, kind: str, sources: list[dict], target: dict, data: dict) -> dict:
        row = {"id": uuid.uuid4(), "type": kind, "scheme": None, "note": ""}
        for name in ("note", "status", "key", "scheme"):
            if isinstance(data.get(name), str):
                row[name] = data[name]
        self.payload.applications.append(row)
        self.origins["applications"].append(("lines", index + 1, None))
        for source in sources:
            self._edge(index, row, "antecedent", source)
        self._edge(index, row, "consequent", target)
        return row

    def _relation(self, index: int, current: tuple, relation: re.Match) -> None:
        own = self.statements[current[1]] if current[0] == "statement" else self.arguments[current[1]]
        other = self._resolve(index, relation.group("target"))
        symbol = relation.group("symbol")
        outgoing = symbol in ("+>", "->", "_>")
        source, target = (own, other) if outgoing else (other, own)
        if symbol in ("+>", "<+", "+"):
            self._new_application(index, "inference", [source], target, {})
            return
        row = self._new_application(index, "conflict", [source], target, {})
        self.conflicts_by_relation[(source["id"], target["id"])].append(row)

    def _directives(self, waiting: list[tuple]) -> None:
        """Directives may name a conflict defined by a later directive: resolve in passes until none is left."""
        while waiting:
            deferred, first_error = [], None
            for index, directive in waiting:
                try:
                    self._directive(index, directive)
                except InvalidInput as error:
                    if "names nothing" not in error.message:
                        raise
                    deferred.append((index, directive))
                    first_error = first_error or error
            if len(deferred) == len(waiting):
                raise first_error
            waiting = deferred

    def _directive(self, index: int, directive: re.Match) -> None:
        kind = directive.group("type")
        arrow = {"conflict": "->", "rephrase": "=>", "preference": ">"}[kind]
        body = directive.group("body")
        if f" {arrow} " not in f" {body} ":
            raise refuse(f"an argmap {kind} line needs '{arrow}'.", element="lines", index=index + 1)
        left, right = body.rsplit(f" {arrow} ", 1) if f" {arrow} " in body else ("", body)
        sources = [self._resolve(index, part) for part in re.findall(r"\[[^\]]+\]|<[^>]+>|\S+", left)]
        target = self._resolve(index, right.strip())
        data = _parse_data(directive.group("data"), index + 1) if directive.group("data") else {}
        existing = self.conflicts_by_relation.get((sources[0]["id"], target["id"])) if len(sources) == 1 else None
        if kind == "conflict" and existing:
            row = existing.pop(0)
            for name in ("note", "status", "key", "scheme"):
                if isinstance(data.get(name), str):
                    row[name] = data[name]
        else:
            row = self._new_application(index, kind, sources, target, data)
        self.named[directive.group("name")] = row

    def _default_kinds(self) -> None:
        concluded = {e["statement"] for e in self.payload.edges if e["role"] == "consequent" and e.get("statement")}
        used = {e["statement"] for e in self.payload.edges if e["role"] == "antecedent" and e.get("statement")}
        for row in self.payload.statements:
            if not row["kind"]:
                row["kind"] = "claim" if row["id"] in concluded and row["id"] not in used else "premise"
            if not row.get("tags"):
                row.pop("tags", None)
