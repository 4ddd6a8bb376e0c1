// Machine suggestions on the annotation screen: a pipeline's predicted statements and relations (status
// "suggested", with the pipeline's name and version and a confidence) are drawn as ghosts — dashed outlines in
// the text, translucent dashed nodes and edges on the canvas — and listed in the "Suggestions" tab, where an
// annotator walks them (n / Shift+N), accepts one (y: it becomes their draft, provenance kept) or dismisses it
// (x), one key each, or decides every one at or above a confidence threshold at once (after a confirmation).
//
// Decisions go through the REST API (`maps/{id}/suggestions/accept/` and `…/dismiss/`) like every other write
// of the screen, so they are undoable through history when the server records a batch, and the change feed
// (live.js) brings a pipeline's new batch in like a teammate's write. This module only draws and asks; which
// suggestions exist, who may decide them and what a decision does are the server's rules.

import { el } from "./dom.js";
import { fmt, t } from "./i18n.js";
import { installHotkeys, registerShortcuts } from "./keys.js";

export const SUGGESTED = "suggested";

export const isSuggested = (node) => Boolean(node) && node.status === SUGGESTED;

/** A confidence (0..1) as shown: two decimals, "—" when there is none (a person's node). */
export const confidenceText = (value) => (typeof value === "number" ? value.toFixed(2) : "—");

const gettext_noop = (text) => text;

/** The status's word, shown with `t(node.status)` by the screen's panels (marked here for makemessages). */
export const DATA_WORDS = [gettext_noop("suggested")];

const pipelineLabel = (pipeline) => (pipeline ? `${pipeline.name} ${pipeline.version}` : "");

/** The canvas's ghosts: a suggestion's node is translucent and dashed, a suggested relation's edges dashed. */
export const GHOST_STYLE = [
  { selector: "node.status-suggested", style: { opacity: 0.55, "border-style": "dashed", "background-opacity": 0.45 } },
  { selector: "edge.suggested", style: { "line-style": "dashed", opacity: 0.55 } },
];

/** The end of a suggestion's canvas label: its confidence (nothing for every other node). */
export const ghostBadge = (node) => (isSuggested(node) ? `\n◌ ${confidenceText(node.confidence)}` : "");

/** "suggested by <pipeline> <version>, confidence 0.83" for a node a pipeline made (kept after accepting). */
export function provenance(node) {
  if (!node || !node.pipeline) return null;
  const values = { pipeline: node.pipeline.name, version: node.pipeline.version, confidence: confidenceText(node.confidence) };
  const text = typeof node.confidence === "number"
    ? fmt(t("suggested by %(pipeline)s %(version)s, confidence %(confidence)s"), values)
    : fmt(t("suggested by %(pipeline)s %(version)s"), values);
  return el("p", { class: "provenance muted" }, text);
}

const stylesheet = () => {
  if (document.getElementById("argmap-suggestions-css")) return;
  document.head.append(el("link", { id: "argmap-suggestions-css", rel: "stylesheet", href: new URL("./suggestions.css", import.meta.url).href }));
};

/**
 * The suggestions of the screen. `screen` supplies:
 *   api, mapId, documentId             where to write and which document's passages give positions
 *   state(), permissions()             the screen's current state and the user's permissions
 *   request(method, url, {body})       a REST call (undo recorded), act(message, promise) a write + update
 *   select(family, id, {scroll}), selected() → {family, id} | null, flash(message, isError)
 * and `tab`, the element of the panel's "Suggestions" tab, and `tabButton`, the button that opens it.
 */
export function createSuggestions(screen) {
  stylesheet();
  const base = `${screen.api}maps/${screen.mapId}/suggestions/`;
  let current = null; // {id, family, order} of the suggestion last moved to with n / N

  // ---------------------------------------------------------------- the tab's controls

  const pipelineFilter = el("select", { name: "suggestion-pipeline", "aria-label": t("pipeline") });
  const sortOrder = el("select", { name: "suggestion-order", "aria-label": t("order") },
    el("option", { value: "position" }, t("by position in the text")),
    el("option", { value: "confidence" }, t("by confidence, highest first")));
  const threshold = el("input", {
    type: "number", name: "suggestion-threshold", min: "0", max: "1", step: "0.05", value: "0",
    "aria-label": t("minimum confidence"), class: "suggestion-threshold",
  });
  const acceptAll = el("button", { type: "button", class: "button", dataset: { action: "accept-all" }, onclick: () => decideAll("accept") }, t("Accept all ≥ threshold"));
  const dismissAll = el("button", { type: "button", class: "button", dataset: { action: "dismiss-all" }, onclick: () => decideAll("dismiss") }, t("Dismiss all ≥ threshold"));
  const listing = el("ol", { id: "suggestion-list", class: "suggestion-list" });
  screen.tab.append(
    el("div", { class: "filters suggestion-filters" }, pipelineFilter, sortOrder,
      el("label", {}, t("confidence ≥"), " ", threshold)),
    el("div", { class: "row suggestion-bulk" }, acceptAll, dismissAll),
    listing,
  );
  for (const control of [pipelineFilter, sortOrder, threshold]) control.addEventListener("change", () => render());
  threshold.addEventListener("input", () => render());

  // ---------------------------------------------------------------- what is offered

  const minimum = () => {
    const value = Number(threshold.value);
    return Number.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
  };

  /** A relation sits where the later of its statements starts: after both in the text order. */
  const lastEnd = (positions) => {
    const placed = positions.filter(Number.isFinite);
    return placed.length ? Math.max(...placed) : Infinity;
  };

  /** Every suggestion of the state (statements and relations), with its position in this document. */
  function all() {
    const state = screen.state();
    if (!state) return [];
    const starts = new Map();
    for (const a of state.anchors) {
      if (a.document === screen.documentId && !(starts.get(a.statement) <= a.start)) starts.set(a.statement, a.start);
    }
    const at = (id) => (starts.has(id) ? starts.get(id) : Infinity);
    const statements = state.statements.filter(isSuggested).map((node) => ({ family: "statement", node, position: at(node.id) }));
    const relations = state.scheme_applications.filter(isSuggested).map((node) => ({
      family: "application", node, position: lastEnd([...node.antecedents, node.consequent].filter(Boolean).map(at)),
    }));
    return [...statements, ...relations];
  }

  /** The suggestions the tab's filters let through, grouped by pipeline and version, each group sorted. */
  function offered() {
    const picked = pipelineFilter.value;
    const floor = minimum();
    const byConfidence = sortOrder.value === "confidence";
    const rows = all()
      .filter((row) => !picked || pipelineLabel(row.node.pipeline) === picked)
      .filter((row) => (row.node.confidence ?? 0) >= floor);
    const confidence = (row) => row.node.confidence ?? 0;
    const family = (row) => (row.family === "statement" ? 0 : 1);
    const position = (x, y) => (x.position === y.position ? 0 : x.position < y.position ? -1 : 1);
    const compare = (x, y) => (byConfidence ? confidence(y) - confidence(x) || position(x, y) : position(x, y) || family(x) - family(y) || confidence(y) - confidence(x))
      || (x.node.id < y.node.id ? -1 : 1);
    const groups = new Map();
    for (const row of rows.sort(compare)) {
      const label = pipelineLabel(row.node.pipeline) || t("unknown pipeline");
      if (!groups.has(label)) groups.set(label, []);
      groups.get(label).push(row);
    }
    return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y));
  }

  const inOrder = () => offered().flatMap(([, rows]) => rows);

  // ---------------------------------------------------------------- drawing

  /** Redraws the tab (after a load, a feed event, a decision): pipelines offered, the list, the counts. */
  function render() {
    const everything = all();
    const labels = [...new Set(everything.map((row) => pipelineLabel(row.node.pipeline)).filter(Boolean))].sort();
    const chosen = pipelineFilter.value;
    pipelineFilter.replaceChildren(el("option", { value: "" }, t("all pipelines")),
      ...labels.map((label) => el("option", { value: label, selected: label === chosen }, label)));
    if (chosen && !labels.includes(chosen)) pipelineFilter.value = "";
    const groups = offered();
    const may = screen.permissions().create;
    acceptAll.hidden = dismissAll.hidden = !may;
    acceptAll.disabled = dismissAll.disabled = !groups.length;
    listing.replaceChildren(...groups.map(([label, rows]) => el("li", { class: "suggestion-group" },
      el("h3", {}, `${label} (${rows.length})`),
      el("ol", {}, rows.map((row) => listRow(row, may))))));
    if (!groups.length) listing.append(el("li", { class: "muted" }, everything.length ? t("No suggestion passes the filters.") : t("No suggestions to review.")));
    screen.tabButton.textContent = everything.length ? fmt(t("Suggestions (%(count)s)"), { count: everything.length }) : t("Suggestions");
  }

  function describe(row) {
    if (row.family === "statement") return row.node.text;
    const state = screen.state();
    const texts = new Map(state.statements.map((s) => [s.id, s.text]));
    const name = (id) => `「${Array.from(texts.get(id) || "?").slice(0, 20).join("")}」`;
    const symbol = row.node.type === "conflict" ? "⟂" : "⇒";
    return `${row.node.antecedents.map(name).join(" + ")} ${symbol} ${name(row.node.consequent)}`;
  }

  function listRow(row, may) {
    const { node, family } = row;
    const isCurrent = current && current.id === node.id;
    return el("li", {
      class: `suggestion${isCurrent ? " current" : ""}${family === "statement" ? ` kind-${node.kind}` : ""}`,
      dataset: { suggestion: node.id, family },
      tabindex: 0,
      onclick: (event) => { if (!event.target.closest("button")) moveTo(row); },
      onkeydown: (event) => { if (event.key === "Enter" && event.target === event.currentTarget) moveTo(row); },
    },
    el("div", { class: "st-text" }, describe(row)),
    el("div", { class: "st-meta" },
      family === "statement" ? el("span", { class: `chip kind-${node.kind}` }, t(node.kind)) : el("span", { class: "status" }, t(node.type)),
      el("span", { class: "confidence", title: t("confidence") }, confidenceText(node.confidence)),
      may ? el("button", { type: "button", class: "button", dataset: { action: "accept-suggestion" }, onclick: () => decide("accept", row) }, t("Accept")) : null,
      may ? el("button", { type: "button", class: "button", dataset: { action: "dismiss-suggestion" }, onclick: () => decide("dismiss", row) }, t("Dismiss")) : null));
  }

  /** Called for each drawn text segment with the statements covering it: ghosts get a dashed outline, their
   * pipeline and confidence in the title (hover), and the current one its confidence after its last segment. */
  let anchorIndex = { of: null, byStatement: new Map() };
  /** This document's anchor of a statement; indexed once per version of `state.anchors` (each merge replaces
   * the array), not searched once per drawn segment. */
  function anchorOf(statementId) {
    const anchors = screen.state().anchors;
    if (anchorIndex.of !== anchors) {
      const byStatement = new Map();
      for (const a of anchors) if (a.document === screen.documentId && !byStatement.has(a.statement)) byStatement.set(a.statement, a);
      anchorIndex = { of: anchors, byStatement };
    }
    return anchorIndex.byStatement.get(statementId);
  }

  function markSegment(span, statements, end) {
    const ghosts = statements.filter(isSuggested);
    if (!ghosts.length) return;
    span.classList.add("ghost-hl");
    if (ghosts.length === statements.length) span.classList.add("ghost-only");
    const boundaries = (s) => {
      const anchor = anchorOf(s.id);
      if (!anchor || (anchor.start_confidence == null && anchor.end_confidence == null)) return "";
      return ` ${fmt(t("(start %(start)s, end %(end)s)"), { start: confidenceText(anchor.start_confidence), end: confidenceText(anchor.end_confidence) })}`;
    };
    span.title = [span.title, ...ghosts.map((s) => fmt(t("suggestion by %(pipeline)s: confidence %(confidence)s"), {
      pipeline: pipelineLabel(s.pipeline), confidence: confidenceText(s.confidence),
    }) + boundaries(s))].filter(Boolean).join("\n");
    const mine = current && ghosts.find((s) => s.id === current.id);
    if (mine) {
      span.classList.add("ghost-current");
      const anchor = anchorOf(mine.id);
      if (anchor && anchor.end === end) span.dataset.confidence = confidenceText(mine.confidence);
    }
  }

  // ---------------------------------------------------------------- moving and deciding

  const orderOf = (row, rows) => rows.indexOf(row);

  function moveTo(row) {
    const rows = inOrder();
    current = { id: row.node.id, family: row.family, order: orderOf(rows.find((r) => r.node.id === row.node.id), rows) };
    render();
    return screen.select(row.family, row.node.id, { scroll: true });
  }

  /** n / Shift+N: the next or previous suggestion in the tab's order; after a decision, the one that followed. */
  function step(direction) {
    const rows = inOrder();
    if (!rows.length) { screen.flash(t("No suggestions to review.")); return null; }
    let at = current ? rows.findIndex((row) => row.node.id === current.id) : -1;
    if (at < 0) at = current ? (direction > 0 ? current.order - 1 : current.order) : (direction > 0 ? -1 : rows.length);
    const next = rows[Math.max(0, Math.min(rows.length - 1, at + direction))];
    return moveTo(next);
  }

  /** The suggestion a key decides: the one moved to with n / N, else the selected node if it is a suggestion. */
  function target() {
    const rows = all();
    const chosen = screen.selected();
    return (current && rows.find((row) => row.node.id === current.id))
      || (chosen && rows.find((row) => row.node.id === chosen.id)) || null;
  }

  async function decide(verb, row = target()) {
    if (!row) { screen.flash(t("No suggestion selected: n moves to the next one.")); return null; }
    if (!screen.permissions().create) { screen.flash(t("Your role cannot decide suggestions."), true); return null; }
    const rows = inOrder();
    current = { id: row.node.id, family: row.family, order: Math.max(0, orderOf(rows.find((r) => r.node.id === row.node.id), rows)) };
    const message = verb === "accept" ? t("Suggestion accepted: it is now your draft.") : t("Suggestion dismissed.");
    const result = await screen.act(message, screen.request("POST", `${base}${verb}/`, { body: { ids: [row.node.id] } }));
    render();
    if (result && verb === "accept") await screen.select(row.family, row.node.id, { scroll: false });
    return result;
  }

  async function decideAll(verb) {
    const rows = inOrder();
    if (!rows.length) return null;
    const floor = minimum();
    const values = { count: rows.length, threshold: confidenceText(floor) };
    const question = verb === "accept"
      ? fmt(t("Accept %(count)s suggestion(s) with confidence ≥ %(threshold)s? They become your drafts."), values)
      : fmt(t("Dismiss %(count)s suggestion(s) with confidence ≥ %(threshold)s? They will not be offered again."), values);
    if (!window.confirm(question)) return null;
    const body = { min_confidence: floor };
    const picked = rows[0].node.pipeline;
    if (pipelineFilter.value && picked) Object.assign(body, { pipeline: picked.name, version: picked.version });
    const message = fmt(verb === "accept" ? t("%(count)s suggestion(s) accepted.") : t("%(count)s suggestion(s) dismissed."), values);
    const result = await screen.act(message, screen.request("POST", `${base}${verb}/`, { body }));
    render();
    return result;
  }

  /** Controls for a suggestion in the selected node's panel, in place of the review buttons. */
  function controls(node, family) {
    const row = { node, family, position: 0 };
    if (!screen.permissions().create) return el("p", { class: "muted" }, t("A pipeline's suggestion, not yet decided by the team."));
    return el("div", { class: "row review suggestion-decision" },
      el("button", { type: "button", class: "button default", dataset: { action: "accept-suggestion" }, onclick: () => decide("accept", row) }, t("Accept suggestion (y)")),
      el("button", { type: "button", class: "button", dataset: { action: "dismiss-suggestion" }, onclick: () => decide("dismiss", row) }, t("Dismiss (x)")));
  }

  installHotkeys([
    { keys: ["n"], run: () => step(1) },
    { keys: ["N"], run: () => step(-1) },
    { keys: ["y"], run: () => decide("accept") },
    { keys: ["x"], run: () => decide("dismiss") },
  ]);
  registerShortcuts(t("Suggestions"), [
    { keys: ["n", "Shift+N"], description: t("Move to the next / previous suggestion") },
    { keys: ["y"], description: t("Accept the suggestion: it becomes your draft, its provenance kept") },
    { keys: ["x"], description: t("Dismiss the suggestion: not offered again by that model version") },
  ]);

  return { render, markSegment, controls, isSuggested, step, decide, get current() { return current; } };
}
