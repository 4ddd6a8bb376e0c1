// The annotation screen: the document with its highlighted passages, the map's statements,
// the selected node's links, review, discussion and history, and the argument graph as a canvas
// (static/argmap/canvas.js) beside the text.
//
// Everything it reads and writes goes through the public REST API (/api/v1/, the admin's session
// and its CSRF token): the same validation, permissions and errors as any other client. Errors are
// RFC 9457 problem details; a stale write (412: someone saved first) asks the user to reload.
//
// Offsets sent to the server count Unicode code points (Array.from), never UTF-16 units
// (String.length, DOM ranges): a character outside the BMP such as 𠮷 is one code point but
// two UTF-16 units. The server checks text[start:end] == exact on every write.
//
// The state is read whole once; after that the screen follows the map's change feed (live.js): each
// action, and each teammate's, re-reads only the nodes it touched and redraws only those.

import { createTypeahead } from "./typeahead.js";
import { createSearch } from "./search.js";
import { createCaret, installHotkeys, openShortcutSheet, registerShortcuts } from "./keys.js";
import { createFeed, describeEvent, mergeState, touchedNodes } from "./live.js";

import { CANVAS_SHORTCUTS, createCanvas, resizablePanes } from "./canvas.js";
import { createSuggestions, isSuggested, provenance } from "./suggestions.js";
import { el } from "./dom.js";

import { fmt, local, t } from "./i18n.js";

const boot = JSON.parse(document.getElementById("argmap-boot").textContent);
const urls = boot.urls;
const api = urls.api; // "/api/v1/"
const points = Array.from(boot.text);
const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;

const docEl = document.getElementById("doc");
const listEl = document.getElementById("statement-list");
const detailEl = document.getElementById("detail");
const menuEl = document.getElementById("kind-menu");
const flashEl = document.getElementById("flash");
const searchInput = document.getElementById("doc-search");
const caretEl = document.getElementById("doc-caret");
const liveNoteEl = document.getElementById("live-note");

let state = null;
let perms = { create: false, review: false, discuss: false, own_work_only: true, user: null, username: "", role: null };
let selected = null; // {family, id}
let pendingSelection = null; // {start, end}
let clickCycle = { key: "", index: 0 };
let feed = null;

// ------------------------------------------------------------------ utilities

function flash(message, isError = false, { reload = false } = {}) {
  flashEl.replaceChildren(message);
  if (reload) {
    flashEl.append(" ", el("button", { type: "button", class: "button", dataset: { action: "reload" }, onclick: () => { flashEl.hidden = true; undoStack.render();
refresh().catch((error) => flash(problemMessage(error), true)); } }, t("Reload")));
  }
  flashEl.classList.toggle("error", isError);
  flashEl.hidden = false;
  clearTimeout(flash.timer);
  if (!reload) flash.timer = setTimeout(() => { flashEl.hidden = true; }, isError ? 8000 : 3000);
}

/** An error answered by the API: its RFC 9457 problem details (detail, errors per field, rule). */
class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  get stale() { return this.status === 412; }
}

function problemMessage(error) {
  if (error instanceof ApiError && error.stale) {
    return fmt(t("Someone else saved this after you loaded it, so nothing was changed. Reload to see the current version, then apply your change again. (%(reason)s)"), { reason: error.message });
  }
  return error.message;
}

/** One REST call: JSON in and out, the session's CSRF token, If-Match when a version is given.
 * A write's history batch(es) (the X-Argmap-Batch header) go on the undo stack unless `undoable` is false. */
async function request(method, url, { body, version, undoable = true } = {}) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrf };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (version !== undefined) headers["If-Match"] = `"${version}"`;
  const response = await fetch(url, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answer(method, response, undoable);
}

async function answer(method, response, undoable = true) {
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  const batches = response.headers.get("X-Argmap-Batch");
  if (undoable && method !== "GET" && batches) undoStack.record(batches.split(",").map((b) => b.trim()));
  return data;
}

// ------------------------------------------------------------------ undo / redo

/** Undo and redo of this screen session's own writes, through history: undo reverts a write's batches
 * (newest first), redo reverts those reverts. A refused revert (someone changed the node since) shows the
 * server's own words, which name who changed what, and leaves both stacks as they were. */
const undoStack = {
  done: [], // [[batch, …], …] writes that can be undone
  undone: [], // [[revert batch, …], …] undos that can be redone
  record(batches) { this.done.push(batches); this.undone = []; this.render(); },
  async revertAll(batches) {
    const reverts = [];
    for (const batch of [...batches].reverse()) {
      const result = await request("POST", `${api}changes/${batch}/revert/`, { body: {}, undoable: false });
      reverts.push(result.batch);
    }
    return reverts;
  },
  async step(from, to, verb) {
    if (this.busy) return;
    const entry = from.pop();
    if (!entry) { flash(verb === "undo" ? t("Nothing to undo.") : t("Nothing to redo.")); return; }
    this.busy = true;
    try {
      to.push(await this.revertAll(entry));
      await update();
      flash(verb === "undo" ? t("Undone.") : t("Redone."));
    } catch (error) {
      from.push(entry);
      flash(fmt(verb === "undo" ? t("Not undone: %(reason)s") : t("Not redone: %(reason)s"), { reason: error.message }), true);
    } finally {
      this.busy = false;
      this.render();
    }
  },
  undo() { return this.step(this.done, this.undone, "undo"); },
  redo() { return this.step(this.undone, this.done, "redo"); },
  render() {
    document.getElementById("undo").disabled = !this.done.length;
    document.getElementById("redo").disabled = !this.undone.length;
  },
};

document.getElementById("undo").addEventListener("click", () => undoStack.undo());
document.getElementById("redo").addEventListener("click", () => undoStack.redo());
document.addEventListener("keydown", (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "z") return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return; // their own text undo
  event.preventDefault();
  if (event.shiftKey) undoStack.redo();
  else undoStack.undo();
});

const getJSON = (url) => request("GET", url);

/** A read the page started before the modules loaded (preload.js), taken once; otherwise an ordinary read. */
function preloaded(url) {
  const started = window.argmapPreload && window.argmapPreload[url];
  if (!started) return getJSON(url);
  delete window.argmapPreload[url];
  return started.then((response) => answer("GET", response), () => getJSON(url));
}
const post = (url, body) => request("POST", url, { body });

/** Rules the server checks but lets the user override: the refusal's own words become the question. */
const CONFIRMABLE = { repeated_passage: "confirm_repeat", support_cycle: "confirm_cycle" };

/** POST; when refused by a confirmable rule, ask the user and, if they agree, send again with its flag. */
async function postConfirming(url, body) {
  try {
    return await post(url, body);
  } catch (error) {
    const flag = error instanceof ApiError && error.status === 409 && CONFIRMABLE[error.problem.rule];
    if (!flag || !window.confirm(error.message)) throw error;
    return post(url, { ...body, [flag]: true });
  }
}

/** The REST URL of a node: statements/{id}/ or scheme-applications/{id}/ (+ a sub-resource). */
const nodeUrl = (family, id, sub = "") => `${api}${family === "statement" ? "statements" : "scheme-applications"}/${id}/${sub}`;
/** A comment or an assessment names its node as {statement: id} or {application: id}. */
const nodeRef = (family, id) => (family === "statement" ? { statement: id } : { application: id });

async function act(message, promise) {
  try {
    const result = await promise;
    await update();
    if (message) flash(message);
    return result;
  } catch (error) {
    flash(problemMessage(error), true, { reload: error instanceof ApiError && error.stale });
    return null;
  }
}

const statementsById = () => new Map(state.statements.map((s) => [s.id, s]));
const applicationsById = () => new Map(state.scheme_applications.map((a) => [a.id, a]));
const short = (text, n = 40) => { const cps = Array.from(text); return cps.length > n ? cps.slice(0, n).join("") + "…" : text; };
const mine = (node) => node.created_by === perms.user;
const canEdit = (node) => perms.create && (!perms.own_work_only || mine(node));

// ------------------------------------------------------------------ the document

function docAnchors() {
  const visible = statementsById();
  return state.anchors.filter((a) => a.document === boot.document.id && a.status === "anchored" && visible.has(a.statement));
}

/** The statements whose passages the selection highlights: a statement itself, or an inference's premises and
 * conclusion, a conflict's attacker and target (so a reviewer judges a link with its passages in view). */
function selectedPassages() {
  if (!selected) return new Set();
  if (selected.family === "statement") return new Set([selected.id]);
  const app = applicationsById().get(selected.id);
  return new Set(app ? [...app.antecedents, app.consequent].filter(Boolean) : []);
}

function renderDoc() {
  const anchors = docAnchors();
  const selectedStatements = selectedPassages();
  const visible = statementsById();
  const cuts = new Set([0, points.length]);
  for (const a of anchors) { cuts.add(a.start); cuts.add(a.end); }
  for (const [start, end] of search.hits) { cuts.add(start); cuts.add(end); }
  const bounds = [...cuts].sort((x, y) => x - y);
  const fragment = document.createDocumentFragment();
  // One sweep over the cuts, keeping the passages open at each: filtering every anchor per segment costs
  // segments × anchors (seconds with 1,000 highlights). Every end is a cut, so an open passage covers the segment.
  const order = new Map(anchors.map((a, i) => [a, i]));
  const byStart = [...anchors].sort((x, y) => x.start - y.start);
  let next = 0;
  let open = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i], end = bounds[i + 1];
    while (next < byStart.length && byStart[next].start <= start) open.push(byStart[next++]);
    open = open.filter((a) => a.end > start);
    const covering = open
      .filter((a) => end <= a.end)
      .sort((x, y) => (x.end - x.start) - (y.end - y.start) || order.get(x) - order.get(y));
    const span = el("span", { class: "seg", dataset: { start, end } }, points.slice(start, end).join(""));
    const hit = search.hits.length ? search.hitAt(start, end) : -1;
    if (hit >= 0) {
      span.classList.add("search-hit");
      span.dataset.hit = hit;
      if (hit === search.current) span.classList.add("search-current");
    }
    if (covering.length) {
      const inner = visible.get(covering[0].statement);
      span.classList.add("hl", `kind-${inner.kind}`);
      if (inner.status === "rejected") span.classList.add("rejected");
      span.dataset.statements = covering.map((a) => a.statement).join(" ");
      span.style.boxShadow = covering.slice(0, 4).map((a, depth) => {
        const st = visible.get(a.statement);
        const colour = st.status === "rejected" ? "var(--rejected)" : `var(--${st.kind})`;
        return `inset 0 -${3 * (depth + 1)}px 0 ${colour}`;
      }).join(", ");
      span.title = covering.map((a) => `${t(visible.get(a.statement).kind)}: ${short(visible.get(a.statement).text)}`).join("\n");
      if (covering.some((a) => selectedStatements.has(a.statement))) span.classList.add("selected");
      suggestions.markSegment(span, covering.map((a) => visible.get(a.statement)), end);
    }
    fragment.append(span);
  }
  docEl.replaceChildren(fragment);
}

function pointAt(node, offset) {
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement.closest("[data-start]");
    if (!seg || !docEl.contains(seg)) return null;
    return Number(seg.dataset.start) + Array.from(node.data.slice(0, offset)).length;
  }
  if (node === docEl) {
    if (offset >= docEl.childNodes.length) return points.length;
    return Number(docEl.childNodes[offset].dataset.start);
  }
  const seg = node.closest ? node.closest("[data-start]") : null;
  if (!seg || !docEl.contains(seg)) return null;
  return offset === 0 ? Number(seg.dataset.start) : Number(seg.dataset.end);
}

/** The current selection in the document as code-point offsets, trimmed of surrounding white space. */
function selectionInDocument() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!docEl.contains(range.startContainer) || !docEl.contains(range.endContainer)) return null;
  let start = pointAt(range.startContainer, range.startOffset);
  let end = pointAt(range.endContainer, range.endOffset);
  if (start === null || end === null) return null;
  while (start < end && /\s/u.test(points[start])) start++;
  while (end > start && /\s/u.test(points[end - 1])) end--;
  if (end <= start) return null;
  return { start, end, rect: range.getBoundingClientRect() };
}

function showKindMenu() {
  const picked = perms.create ? selectionInDocument() : null;
  if (!picked) { menuEl.hidden = true; pendingSelection = null; return; }
  pendingSelection = { start: picked.start, end: picked.end };
  document.getElementById("kind-menu-quote").textContent = `「${short(points.slice(picked.start, picked.end).join(""), 60)}」 ${picked.start}–${picked.end}`;
  menuEl.hidden = false;
  menuEl.style.left = `${Math.max(8, picked.rect.left + window.scrollX)}px`;
  menuEl.style.top = `${picked.rect.bottom + window.scrollY + 6}px`;
}

async function createPassage(kind) {
  if (!pendingSelection) return;
  const { start, end } = pendingSelection;
  menuEl.hidden = true;
  pendingSelection = null;
  const exact = points.slice(start, end).join("");
  const result = await act(fmt(t("New %(kind)s created."), { kind: t(kind) }), postConfirming(urls.passages, { document: boot.document.id, kind, exact, start, end }));
  window.getSelection().removeAllRanges();
  if (result) select("statement", result.statement.id, { scroll: false });
}

// ------------------------------------------------------------------ keyboard: caret mode, search, hotkeys

/** The DOM position of code point `offset` in the drawn document (segment text node + UTF-16 offset). */
function domPoint(offset) {
  const segments = docEl.children;
  let low = 0, high = segments.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (Number(segments[mid].dataset.start) <= offset) low = mid; else high = mid - 1;
  }
  const seg = segments[low];
  const text = seg.firstChild;
  const within = Array.from(text.data).slice(0, offset - Number(seg.dataset.start)).join("").length;
  return { node: text, offset: within, seg };
}

function setDocSelection(start, end) {
  const from = domPoint(start), to = domPoint(end);
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  from.seg.scrollIntoView({ block: "nearest" });
}

const caret = createCaret({
  docEl, points, view: {
    showCaret(offset) {
      if (offset === null) { caretEl.hidden = true; return; }
      window.getSelection().removeAllRanges();
      menuEl.hidden = true;
      pendingSelection = null;
      const at = domPoint(offset);
      const range = document.createRange();
      range.setStart(at.node, at.offset);
      const rect = range.getClientRects()[0] || at.seg.getBoundingClientRect();
      caretEl.hidden = false;
      const pane = caretEl.offsetParent ? caretEl.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
      caretEl.style.left = `${rect.left - pane.left}px`;
      caretEl.style.top = `${rect.top - pane.top}px`;
      caretEl.style.height = `${rect.height || 20}px`;
      at.seg.scrollIntoView({ block: "nearest" });
    },
    showRange(start, end) { caretEl.hidden = true; setDocSelection(start, end); showKindMenu(); },
    choose(start, end) { caret.anchor = start; caret.focus = end; caretEl.hidden = true; setDocSelection(start, end); showKindMenu(); },
  },
});

const search = createSearch({
  points, input: searchInput, counter: document.getElementById("doc-search-count"),
  previous: document.getElementById("doc-search-prev"), next: document.getElementById("doc-search-next"),
  onChange: () => { if (state) renderDoc(); },
  onGo: ([start]) => {
    const seg = docEl.querySelector(`.seg[data-start="${start}"]`);
    if (seg) seg.scrollIntoView({ block: "center" });
    caret.anchor = caret.focus = start;
  },
  onLeave: (hit) => {
    docEl.focus();
    if (hit) { caret.anchor = hit[0]; caret.focus = hit[1]; caretEl.hidden = true; setDocSelection(hit[0], hit[1]); showKindMenu(); }
  },
});

const KIND_KEYS = { claim: ["1", "c"], premise: ["2", "p"], rebuttal: ["3", "r"], evidence: ["4", "e"] };

/** Moves the selection in the statement list by `step` (j / k). */
function stepStatement(step) {
  const rows = [...listEl.querySelectorAll("li[data-statement]")];
  if (!rows.length) return;
  const at = rows.findIndex((row) => selected && row.dataset.statement === selected.id);
  const next = rows[Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + step))];
  select("statement", next.dataset.statement, { scroll: true });
  next.focus();
}

function focusPicker(form) {
  const input = detailEl.querySelector(`.${form} [role=combobox]`);
  if (!input) { flash(t("Select a statement first (j / k, or click one).")); return; }
  input.focus();
}

installHotkeys([
  ...Object.entries(KIND_KEYS).map(([kind, keys]) => ({ keys, when: () => Boolean(pendingSelection) && !menuEl.hidden, run: () => createPassage(kind) })),
  { keys: ["/"], run: () => searchInput.focus() },
  { keys: ["?"], run: () => openShortcutSheet(document.getElementById("annotator")) },
  { keys: ["t"], run: () => docEl.focus() },
  { keys: ["j"], run: () => stepStatement(1) },
  { keys: ["k"], run: () => stepStatement(-1) },
  { keys: ["s"], run: () => focusPicker("support-form") },
  { keys: ["a"], run: () => focusPicker("attack-form") },
]);

registerShortcuts(t("Text"), [
  { keys: ["t"], description: t("Focus the document text (caret mode)") },
  { keys: ["←", "→"], description: t("Move the caret by one character (Shift extends the selection)") },
  { keys: ["]", "["], description: t("Move the caret to the next / previous sentence (Shift extends)") },
  { keys: ["Home", "End"], description: t("Caret to the start / end of the sentence") },
  { keys: ["Enter", "v"], description: t("Select the caret's sentence (or the extended selection)") },
  { keys: ["1", "c"], description: t("Selection → claim") },
  { keys: ["2", "p"], description: t("Selection → premise") },
  { keys: ["3", "r"], description: t("Selection → rebuttal") },
  { keys: ["4", "e"], description: t("Selection → evidence") },
  { keys: ["Esc"], description: t("Close the kind menu") },
]);
registerShortcuts(t("Search"), [
  { keys: ["/"], description: t("Search the text") },
  { keys: ["Enter", "F3"], description: t("Next hit") },
  { keys: ["Shift+Enter", "Shift+F3"], description: t("Previous hit") },
  { keys: ["Esc"], description: t("Clear the search; the current hit stays selected for a kind hotkey") },
]);
registerShortcuts(t("Statements and links"), [
  { keys: ["j", "k"], description: t("Select the next / previous statement in the list") },
  { keys: ["s"], description: t("Add a support to the selected statement: premises picker") },
  { keys: ["a"], description: t("Add an attack on the selected statement: attacker picker") },
  { keys: ["↑", "↓", "Enter", "Esc"], description: t("In a picker: move, choose, close") },
  { keys: ["Ctrl+Z", "Ctrl+Shift+Z"], description: t("Undo / redo your last action here") },
  { keys: ["?"], description: t("This sheet") },
]);
registerShortcuts(t("Map canvas (when it has the focus)"), CANVAS_SHORTCUTS.map(({ key, description }) => ({ keys: key.split(" / "), description })));
document.getElementById("shortcuts").addEventListener("click", () => openShortcutSheet(document.getElementById("annotator")));

docEl.addEventListener("mouseup", () => setTimeout(() => {
  const selection = window.getSelection();
  if (selection.isCollapsed && selection.rangeCount && docEl.contains(selection.anchorNode)) {
    const at = pointAt(selection.anchorNode, selection.anchorOffset);
    if (at !== null) caret.anchor = caret.focus = at;
  }
  showKindMenu();
}, 0));
docEl.addEventListener("keyup", (event) => { if (event.shiftKey || event.key === "Shift") showKindMenu(); });
docEl.addEventListener("click", (event) => {
  const seg = event.target.closest(".seg.hl");
  if (!seg || !window.getSelection().isCollapsed) return;
  const ids = seg.dataset.statements.split(" ");
  clickCycle = clickCycle.key === seg.dataset.statements ? { key: clickCycle.key, index: (clickCycle.index + 1) % ids.length } : { key: seg.dataset.statements, index: 0 };
  select("statement", ids[clickCycle.index], { scroll: false });
});
menuEl.addEventListener("mousedown", (event) => event.preventDefault());
menuEl.addEventListener("click", (event) => {
  const button = event.target.closest("[data-kind]");
  if (button) createPassage(button.dataset.kind);
});
document.addEventListener("keydown", (event) => { if (event.key === "Escape") menuEl.hidden = true; });

function scrollToPassage(statementId) {
  const anchor = docAnchors().find((a) => a.statement === statementId);
  if (!anchor) return false;
  const seg = docEl.querySelector(`[data-start="${anchor.start}"]`);
  if (!seg) return false;
  seg.scrollIntoView({ block: "center", behavior: "smooth" });
  flashPassage(statementId);
  return true;
}

function flashPassage(statementId) {
  for (const s of docEl.querySelectorAll(".seg.hl")) {
    if (s.dataset.statements.split(" ").includes(statementId)) {
      s.classList.remove("flash-hl");
      void s.offsetWidth;
      s.classList.add("flash-hl");
    }
  }
}

// ------------------------------------------------------------------ the statement list

/** While the list is drawn: every statement's first start, computed once (not once per comparison). */
let knownStarts = null;

function firstStart(statementId) {
  if (knownStarts) return knownStarts.has(statementId) ? knownStarts.get(statementId) : Infinity;
  const anchor = state.anchors.find((a) => a.statement === statementId && a.document === boot.document.id);
  return anchor ? anchor.start : Infinity;
}

/** {statement id: its first passage's start in this document}, in one pass. */
function firstStarts() {
  const starts = new Map();
  for (const a of state.anchors) {
    if (a.document === boot.document.id && !(starts.get(a.statement) <= a.start)) starts.set(a.statement, a.start);
  }
  return starts;
}

function renderList() {
  knownStarts = firstStarts();
  try { drawList(); } finally { knownStarts = null; }
  performance.mark("screen:list");
}

function drawList() {
  const onlyDoc = document.getElementById("only-doc").checked;
  const onlyMine = document.getElementById("only-mine").checked;
  const items = state.statements
    .filter((s) => !onlyDoc || firstStart(s.id) !== Infinity || !state.anchors.some((a) => a.statement === s.id))
    .filter((s) => !onlyMine || mine(s))
    .filter((s) => !isSuggested(s)) // in the Suggestions tab
    .sort((x, y) => firstStart(x.id) - firstStart(y.id));
  listEl.replaceChildren(...items.map(listRow));
  if (!items.length) listEl.append(el("li", { class: "muted" }, t("No statements yet: select a passage and choose its kind.")));
}

/** Redraws one statement's row in place (its text, kind, status, counts changed). */
function renderListRow(id) {
  const row = listEl.querySelector(`li[data-statement="${id}"]`);
  const statement = state.statements.find((s) => s.id === id);
  if (row && statement) row.replaceWith(listRow(statement));
}

function listRow(s) {
  return el("li", {
    class: `kind-${s.kind} status-${s.status}${selected && selected.id === s.id ? " selected" : ""}`,
    dataset: { statement: s.id },
    tabindex: 0,
    onclick: () => select("statement", s.id, { scroll: true }),
    onkeydown: (event) => { if (event.key === "Enter") select("statement", s.id, { scroll: true }); },
  },
  el("div", { class: "st-text" }, s.text),
  el("div", { class: "st-meta" },
    el("span", { class: `chip kind-${s.kind}` }, t(s.kind)),
    el("span", { class: `status status-${s.status}` }, t(s.status)),
    el("span", {}, s.created_by_username || ""),
    s.comments ? el("span", {}, `💬 ${s.comments}`) : null,
    s.assessment ? el("span", {}, `✓${s.assessment.agreement.agree} ✗${s.assessment.agreement.disagree} ?${s.assessment.agreement.unsure}`) : null,
    firstStart(s.id) === Infinity ? el("span", { class: "muted" }, state.anchors.some((a) => a.statement === s.id) ? t("other document") : t("no passage")) : null,
  ));
}
document.getElementById("only-doc").addEventListener("change", renderList);
document.getElementById("only-mine").addEventListener("change", renderList);

// ------------------------------------------------------------------ tabs

function showTab(name) {
  for (const button of document.querySelectorAll(".side-tabs button")) button.classList.toggle("active", button.dataset.tab === name);
  for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== `tab-${name}`;
  if (name === "deleted") renderDeleted().catch((error) => flash(problemMessage(error), true));
}
const deletedTabOpen = () => !document.getElementById("tab-deleted").hidden;
for (const button of document.querySelectorAll(".side-tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab));

// ------------------------------------------------------------------ selection and detail

async function select(family, id, { scroll = false } = {}) {
  selected = { family, id };
  renderDoc();
  renderList();
  canvas.select(family, id);
  showTab("detail");
  if (family === "statement" && scroll) scrollToPassage(id);
  await renderDetail();
}

function reviewControls(node, family) {
  const controls = el("div", { class: "row review" });
  const version = node.version;
  const send = (status, reason = "") => act(fmt(t("Now %(status)s."), { status: t(status) }), post(urls.reviews, { status, reason, nodes: [{ id: node.id, version }] }));
  if (canEdit(node) && (node.status === "draft" || node.status === "rejected")) {
    controls.append(el("button", { type: "button", class: "button", dataset: { action: "propose" }, onclick: () => send("proposed") }, t("Propose")));
  }
  if (canEdit(node) && node.status === "proposed") {
    controls.append(el("button", { type: "button", class: "button", onclick: () => send("draft") }, t("Back to draft")));
  }
  if (perms.review && node.status !== "accepted") {
    controls.append(el("button", { type: "button", class: "button default", dataset: { action: "accept" }, onclick: () => send("accepted") }, t("Accept")));
  }
  if (perms.review && node.status !== "rejected") {
    const reason = el("input", { type: "text", placeholder: t("reason for rejecting"), "aria-label": t("reason for rejecting") });
    controls.append(reason, el("button", { type: "button", class: "button", dataset: { action: "reject" }, onclick: () => send("rejected", reason.value) }, t("Reject")));
  }
  if (canEdit(node)) {
    controls.append(el("button", {
      type: "button", class: "button", onclick: () => {
        if (confirm(t("Delete this node and what only it held together?"))) {
          act(t("Deleted."), request("DELETE", nodeUrl(family, node.id), { version })).then((result) => { if (result) { selected = null; renderDetail(); } });
        }
      },
    }, t("Delete")));
  }
  return controls;
}

function nodeLink(family, id, label) {
  return el("a", { href: "#", onclick: (event) => { event.preventDefault(); select(family, id, { scroll: true }); } }, label);
}

function describeApplication(app) {
  const statements = statementsById();
  const applications = applicationsById();
  const name = (ref) => statements.has(ref) ? `「${short(statements.get(ref).text, 24)}」` : applications.has(ref) ? describeApplication(applications.get(ref)) : "?";
  if (app.type === "inference") return `${app.antecedents.map(name).join(" + ")} ⇒ ${name(app.consequent)} (${(app.scheme_name && local(app, "scheme_name")) || t("inference")})`;
  if (app.type === "conflict") return `${app.antecedents.map(name).join(" + ")} ⟂ ${name(app.consequent)} (${t(app.conflict_kind || "attack")})`;
  return `${t(app.type)}: ${app.antecedents.map(name).join(" + ")} → ${name(app.consequent)}`;
}

/** The map's statements as type-ahead items: kind, text, gloss, and where each first sits in this document. */
function statementItems(exclude = null) {
  const starts = firstStarts();
  return state.statements.filter((s) => s.id !== exclude).map((s) => ({
    id: s.id, kind: s.kind, text: s.text, gloss: s.gloss, key: s.id, position: starts.get(s.id),
  }));
}

function statementPicker(statement, { label, placeholder, multiple = false, name = "" }) {
  return createTypeahead({
    label, placeholder, multiple, name, items: statementItems(statement ? statement.id : null),
    near: statement ? firstStart(statement.id) : null,
  });
}

function supportForm(statement) {
  const premises = statementPicker(statement, { label: t("premises"), placeholder: t("Type to find premises…"), multiple: true, name: "premise" });
  const scheme = createTypeahead({
    label: t("scheme"), placeholder: t("scheme (optional): type a name"), name: "scheme",
    items: state.schemes.map((s) => ({ id: s.key, key: s.key, text: local(s, "name"), gloss: local(s, "name") !== s.name ? s.name : "" })),
  });
  return el("fieldset", { class: "support-form" }, el("legend", {}, t("Add a support (premises → inference → this)")), premises.element,
    el("div", { class: "row" }, scheme.element, el("button", {
      type: "button", class: "button", onclick: async () => {
        await act(t("Support added."), postConfirming(urls.arguments, { conclusion: statement.id, premises: premises.value, scheme: scheme.value || null }));
      },
    }, t("Add support"))));
}

function attackForm(statement) {
  const attacker = statementPicker(statement, { label: t("attacker"), placeholder: t("Type to find the attacking statement…"), name: "attacker" });
  const targets = [el("option", { value: `statement:${statement.id}` }, t("this statement (rebut / undermine)"))];
  for (const app of state.scheme_applications.filter((a) => a.type === "inference" && a.consequent === statement.id)) {
    targets.push(el("option", { value: `application:${app.id}` }, fmt(t("undercut: %(inference)s"), { inference: short(describeApplication(app), 50) })));
  }
  const target = el("select", { name: "target", "aria-label": t("target") }, targets);
  return el("fieldset", { class: "attack-form" }, el("legend", {}, t("Add an attack")),
    el("div", { class: "row" }, attacker.element), el("div", { class: "row" }, target,
      el("button", {
        type: "button", class: "button", onclick: async () => {
          const [, id] = target.value.split(":");
          await act(t("Attack added."), post(urls.attacks, { attacker: attacker.value, target: id }));
        },
      }, t("Add attack"))));
}

function evidenceSection(statement) {
  const links = state.evidence_links.filter((e) => e.statement === statement.id);
  const source = createTypeahead({
    label: t("source"), placeholder: t("Type to find a source (or fill in a new one)"), name: "source",
    items: state.sources.map((s) => ({ id: s.id, text: `${s.footnote ? `[${s.footnote}] ` : ""}${s.title}`, key: s.footnote ? String(s.footnote) : "" })),
  });
  const title = el("input", { type: "text", name: "source_title", placeholder: t("new source: title") });
  const url = el("input", { type: "url", name: "source_url", placeholder: t("URL (optional)") });
  const locator = el("input", { type: "text", name: "locator", placeholder: t("page, chapter (optional)") });
  return el("div", {},
    el("h3", {}, t("Evidence")),
    links.length ? el("ul", {}, links.map((l) => el("li", {}, `${l.source_title}${l.locator ? ` (${l.locator})` : ""}`))) : el("p", { class: "muted" }, t("No sources cited.")),
    perms.create ? el("fieldset", { class: "evidence-form" }, el("legend", {}, t("Cite a source")), el("div", { class: "row" }, source.element, title, url, locator),
      el("button", {
        type: "button", class: "button", onclick: () => act(t("Source cited."), post(`${api}evidence-links/`, {
          statement: statement.id,
          locator: locator.value,
          ...(source.value ? { source: source.value } : { new_source: { title: title.value, url: url.value } }),
        })),
      }, t("Add evidence"))) : null);
}

function assessmentSection(family, node, detail) {
  const spread = detail.spread;
  const total = Math.max(1, spread.count);
  const bars = el("div", { class: "spread" },
    ["agree", "disagree", "unsure"].map((choice) => el("div", {},
      el("span", { class: "bar", style: `width:${(60 * spread.agreement[choice]) / total}px` }), `${t(choice)} ${spread.agreement[choice]}`)),
    el("div", {}, `${t("strength:")} ${[1, 2, 3, 4, 5].map((n) => `${n}×${spread.strength[n]}`).join("  ")}${spread.mean_strength ? ` · ${fmt(t("mean %(mean)s"), { mean: spread.mean_strength })}` : ""}`),
    el("ul", {}, detail.assessments.map((a) => el("li", {}, `${a.assessor_username}: ${t(a.agreement)}${a.strength ? ` (${a.strength})` : ""}`))));
  if (!perms.discuss) return el("div", {}, el("h3", {}, t("Assessments")), bars);
  const own = spread.mine || {};
  const agreement = el("select", { name: "agreement", "aria-label": t("your agreement") }, ["agree", "disagree", "unsure"].map((c) => el("option", { value: c, selected: own.agreement === c }, t(c))));
  const strength = el("select", { name: "strength", "aria-label": t("strength") }, el("option", { value: "" }, t("strength —")),
    [1, 2, 3, 4, 5].map((n) => el("option", { value: n, selected: own.strength === n }, `${n}`)));
  return el("div", {}, el("h3", {}, t("Assessments")), bars, el("div", { class: "row" }, t("Yours:"), agreement, strength,
    el("button", {
      type: "button", class: "button", onclick: () => act(t("Assessment saved."), post(`${api}assessments/`, {
        ...nodeRef(family, node.id), agreement: agreement.value, strength: strength.value ? Number(strength.value) : null,
      })),
    }, t("Save"))));
}

function commentSection(family, node, detail) {
  const body = el("textarea", { rows: 2, placeholder: t("Add to the discussion"), "aria-label": t("comment") });
  return el("div", { class: "comments" }, el("h3", {}, fmt(t("Discussion (%(count)s)"), { count: detail.comments.length })),
    detail.comments.map((c) => el("div", { class: "comment" }, el("strong", {}, c.created_by_username || "?"), " ", el("span", { class: "muted" }, new Date(c.created_at).toLocaleString()), el("div", {}, c.body))),
    perms.discuss ? el("div", {}, body, el("button", { type: "button", class: "button", onclick: () => act(t("Comment posted."), post(`${api}comments/`, { ...nodeRef(family, node.id), body: body.value })) }, t("Post"))) : null);
}

function historySection(history) {
  return el("div", { class: "history" }, el("h3", {}, t("History")), el("ul", {}, history.map((h) => el("li", {},
    `${new Date(h.at).toLocaleString()} · ${h.actor_username || t("system")} · ${h.action} ${h.entity} — ${h.summary} `,
    el("button", { type: "button", class: "button", onclick: () => act(t("Reverted."), post(`${api}changes/${h.batch}/revert/`, {})) }, t("Revert"))))));
}

// ------------------------------------------------------------------ recently deleted

/** The map's deleted statements and scheme applications (newest first), each restorable in one click when
 * the role allows it: restoring reverts the deletion's batch, which brings back its edges and anchors too. */
async function renderDeleted() {
  const listing = document.getElementById("deleted-list");
  const page = await getJSON(urls.deleted);
  const rows = page.results.map((row) => el("li", { class: `deleted-row kind-${row.kind}`, dataset: { entity: row.entity_id } },
    el("span", { class: `chip kind-${row.kind}` }, t(row.kind)), " ", short(row.text || row.entity, 80),
    el("div", { class: "muted" }, `${fmt(t("deleted by %(user)s"), { user: row.deleted_by || t("an import") })} · ${new Date(row.deleted_at).toLocaleString()}`),
    row.restorable ? el("button", { type: "button", class: "button", dataset: { action: "restore" }, onclick: () => restore(row) }, t("Restore")) : null));
  listing.replaceChildren(...(rows.length ? rows : [el("li", { class: "muted" }, t("Nothing deleted here."))]));
  document.getElementById("deleted-more").hidden = !page.next;
}

async function restore(row) {
  try {
    await post(`${api}changes/${row.batch}/revert/`, {});
    await update();
    flash(fmt(t("Restored: %(node)s"), { node: short(row.text || row.entity, 40) }));
  } catch (error) {
    flash(fmt(t("Not restored: %(reason)s"), { reason: error.message }), true);
  }
}

function criticalQuestions(app) {
  if (!app.critical_questions || !app.critical_questions.length) return null;
  return el("div", {}, el("h3", {}, fmt(t("Critical questions (%(scheme)s)"), { scheme: local(app, "scheme_name") })), app.critical_questions.map((q) => {
    const answered = el("input", { type: "checkbox", checked: q.answered, "aria-label": fmt(t("answered: %(question)s"), { question: local(q, "text") }) });
    const answer = statementPicker(null, { label: t("answering statement"), placeholder: t("answered by…") });
    answer.value = q.answer || "";
    const statements = statementsById();
    return el("div", { class: `cq${q.answered ? " answered" : ""}` },
      el("div", {}, `CQ${q.position}. ${local(q, "text")}`),
      q.answer && statements.has(q.answer) ? el("div", {}, t("answered by"), " ", nodeLink("statement", q.answer, `「${short(statements.get(q.answer).text, 30)}」`)) : null,
      perms.create ? el("div", { class: "row" }, el("label", {}, answered, " ", t("answered")), answer.element,
        el("button", {
          type: "button", class: "button", onclick: () => act(t("Critical question updated."), post(nodeUrl("application", app.id, "critical-questions/"), {
            question: q.id, answered: answered.checked, answer: answer.value || null,
          })),
        }, t("Save"))) : null);
  }));
}

/** True while the user works in the selected node's panel: focus in it, or a field they changed. */
function workingInDetail() {
  if (detailEl.contains(document.activeElement) && document.activeElement !== detailEl) return true;
  return [...detailEl.querySelectorAll("input, textarea")].some((field) =>
    field.type === "checkbox" ? field.checked !== field.defaultChecked : field.value !== field.defaultValue);
}

/** The selected node's panel. A teammate's change (`live`) does not redraw a panel the user works in (their
 * typing would be lost): it says so, and their own next action or selecting again shows the change. */
async function renderDetail({ live = false } = {}) {
  if (live && workingInDetail()) { announce(t("The selected node changed; select it again to see the change.")); return; }
  if (!selected) { detailEl.replaceChildren(el("p", { class: "muted" }, t("Click a highlight or a statement."))); return; }
  const { family, id } = selected;
  const node = family === "statement" ? statementsById().get(id) : applicationsById().get(id);
  if (!node) { detailEl.replaceChildren(el("p", { class: "muted" }, t("This node is gone (deleted or reverted)."))); return; }
  let detail, history;
  try {
    [detail, history] = await Promise.all([getJSON(nodeUrl(family, id, "discussion/")), getJSON(nodeUrl(family, id, "history/"))]);
  } catch (error) { flash(problemMessage(error), true); return; }
  if (!selected || selected.id !== id) return;
  if (live && workingInDetail()) return;
  const parts = [];
  if (family === "statement") {
    parts.push(el("div", { class: "row" }, el("span", { class: `chip kind-${node.kind}` }, t(node.kind)), el("span", { class: `status status-${node.status}` }, t(node.status)), el("span", { class: "muted" }, `${fmt(t("by %(user)s"), { user: node.created_by_username || "—" })} · v${node.version}`)));
    parts.push(provenance(node));
    if (node.status === "rejected" && node.status_reason) parts.push(el("p", { class: "flash error" }, fmt(t("Rejected: %(reason)s"), { reason: node.status_reason })));
    if (canEdit(node) && !isSuggested(node)) {
      const text = el("textarea", { rows: 3, "aria-label": t("statement text") }, node.text);
      const gloss = el("input", { type: "text", value: node.gloss, placeholder: t("English gloss"), "aria-label": t("gloss") });
      const kind = el("select", { "aria-label": t("kind") }, boot.kinds.map((k) => el("option", { value: k, selected: k === node.kind }, t(k))));
      parts.push(text, el("div", { class: "row" }, kind, gloss, el("button", {
        type: "button", class: "button", onclick: () => act(t("Saved."), request("PATCH", nodeUrl("statement", id), { version: node.version, body: { text: text.value, gloss: gloss.value, kind: kind.value } })),
      }, t("Save"))));
    } else {
      parts.push(el("p", {}, node.text), node.gloss ? el("p", { class: "muted" }, node.gloss) : null);
    }
    parts.push(isSuggested(node) ? suggestions.controls(node, family) : reviewControls(node, family));
    const related = (predicate) => state.scheme_applications.filter(predicate);
    const list = (title, apps) => el("div", {}, el("h3", {}, title), apps.length ? el("ul", {}, apps.map((a) => el("li", {}, nodeLink("application", a.id, describeApplication(a)), " ", el("span", { class: `status status-${a.status}` }, t(a.status))))) : el("p", { class: "muted" }, t("none")));
    parts.push(list(t("Supported by"), related((a) => a.type === "inference" && a.consequent === id)));
    parts.push(list(t("Attacked by"), related((a) => a.type === "conflict" && a.consequent === id)));
    parts.push(list(t("Supports / attacks"), related((a) => a.antecedents.includes(id))));
    if (perms.create) parts.push(supportForm(node), attackForm(node));
    parts.push(evidenceSection(node));
  } else {
    parts.push(el("div", { class: "row" }, el("strong", {}, node.type === "conflict" ? fmt(t("attack (%(kind)s)"), { kind: t(node.conflict_kind || "conflict") }) : t(node.type)), el("span", { class: `status status-${node.status}` }, t(node.status)), el("span", { class: "muted" }, `${fmt(t("by %(user)s"), { user: node.created_by_username || "—" })} · v${node.version}`)));
    parts.push(el("p", {}, describeApplication(node)), provenance(node));
    const ends = [...node.antecedents, node.consequent].filter(Boolean);
    const statements = statementsById();
    parts.push(el("ul", {}, ends.map((ref) => statements.has(ref) ? el("li", {}, nodeLink("statement", ref, `${t(statements.get(ref).kind)}: ${short(statements.get(ref).text, 50)}`)) : el("li", {}, nodeLink("application", ref, t("scheme application"))))));
    if (node.status === "rejected" && node.status_reason) parts.push(el("p", { class: "flash error" }, fmt(t("Rejected: %(reason)s"), { reason: node.status_reason })));
    parts.push(isSuggested(node) ? suggestions.controls(node, family) : reviewControls(node, family));
    parts.push(criticalQuestions(node));
    if (node.type === "inference" && perms.create) parts.push(attackOnInference(node));
  }
  if (family === "statement" || node.type === "inference") parts.push(assessmentSection(family, node, detail));
  parts.push(commentSection(family, node, detail), historySection(history));
  detailEl.replaceChildren(el("div", { class: "detail" }, parts));
}

function attackOnInference(app) {
  const attacker = statementPicker(null, { label: t("undercutting statement"), placeholder: t("Type to find the undercutting statement…") });
  return el("fieldset", { class: "undercut-form" }, el("legend", {}, t("Undercut this inference")), el("div", { class: "row" }, attacker.element, el("button", {
    type: "button", class: "button", onclick: () => act(t("Undercut added."), post(urls.attacks, { attacker: attacker.value, target: app.id })),
  }, t("Add undercut"))));
}

// ------------------------------------------------------------------ the graph canvas

/** The canvas draws `state` and hands its gestures back here, to be written through the REST API like
 * every other change on this screen (undoable, 409 confirmations, errors flashed). */
const canvas = createCanvas(document.getElementById("graph"), {
  select: (family, id) => select(family, id, { scroll: true }),
  support: ({ premise, conclusion, scheme }) => act(null, postConfirming(urls.arguments, { conclusion, premises: [premise], scheme })),
  attack: ({ attacker, target }) => act(null, post(urls.attacks, { attacker, target })),
  addPremise: ({ premise, inference }) => act(null, postConfirming(`${api}edges/`, { application: inference, role: "antecedent", statement: premise })),
  implicitPremise: ({ conclusion, text }) => act(null, (async () => {
    const statement = await post(`${api}statements/`, { map: boot.map.id, kind: "premise", text, implicit: true });
    return postConfirming(urls.arguments, { conclusion, premises: [statement.id], scheme: null });
  })()),
  remove: async (family, id) => {
    const node = family === "statement" ? statementsById().get(id) : applicationsById().get(id);
    if (!node) return null;
    const result = await act(null, request("DELETE", nodeUrl(family, id), { version: node.version }));
    if (result && selected && selected.id === id) { selected = null; renderDetail(); }
    return result;
  },
  loadLayout: () => preloaded(urls.layout).then((body) => body.positions),
  saveLayout: (positions) => request("PUT", urls.layout, { body: { positions }, undoable: false }),
  evaluate: () => getJSON(urls.evaluation).then((r) => ({ ...r.statements, ...r.inferences, ...r.conflicts, ...r.rephrases })),
  canCreate: () => perms.create,
  schemes: () => (state ? state.schemes : []),
  flash,
});
window.argmapCanvas = canvas; // for the browser tests and the benchmark
const suggestions = createSuggestions({
  api, mapId: boot.map.id, documentId: boot.document.id, state: () => state, permissions: () => perms,
  request, act, select, selected: () => selected, flash,
  tab: document.getElementById("tab-suggestions"), tabButton: document.querySelector(".side-tabs [data-tab=suggestions]"),
});
resizablePanes(document.getElementById("splitter"), document.getElementById("panes"));
document.getElementById("toggle-side").addEventListener("click", (event) => {
  const hidden = document.getElementById("panes").classList.toggle("side-hidden");
  event.currentTarget.setAttribute("aria-expanded", String(!hidden));
});

// ------------------------------------------------------------------ the page

/** The whole state, read again (first load, "Reload", or a change too large to apply piece by piece). */
async function refresh() {
  state = await preloaded(urls.state);
  perms = state.permissions;
  if (feed) feed.reset(state.cursor);
  else {
    feed = createFeed({
      changesUrl: urls.changes, eventsUrl: urls.events, cursor: state.cursor, getJSON: (url) => request("GET", url),
      apply: applyEvents,
      onStatus: (error) => {
        if (error) flash(problemMessage(error), true);
        else document.getElementById("annotator").dataset.live = "open";
      },
    });
    feed.follow();
  }
  performance.mark("screen:state");
  renderPermissions();
  renderDoc();
  performance.mark("screen:doc");
  renderList();
  suggestions.render();
  await Promise.all([mapChanged(), selected ? renderDetail() : Promise.resolve(), deletedTabOpen() ? renderDeleted() : Promise.resolve()]);
  document.getElementById("annotator").dataset.ready = String(Date.now());
}

/** After one's own write: what the feed says changed since, applied in place. */
async function update() {
  await feed.catchUp();
}

/** The graph views (the canvas's `sync(state)`: a diff, never a redraw) after the state changed. */
function mapChanged() {
  return canvas.sync(state);
}

/** Applies feed events: re-reads the nodes they touched (and the inferences and attacks around those), merges
 * them into `state` and redraws only what shows them. Teammates' events are announced and their passages flash. */
async function applyEvents(events) {
  const ids = touchedNodes(events);
  for (const app of state.scheme_applications) {
    if ([...app.antecedents, app.consequent].some((ref) => ids.has(ref))) ids.add(app.id);
  }
  if (events.some((e) => e.truncated) || ids.size > 100) { await refresh(); return; }
  if (!ids.size) return;
  const inDocument = () => state.anchors.some((a) => ids.has(a.statement) && a.document === boot.document.id);
  const statementsBefore = new Set(state.statements.filter((s) => !isSuggested(s)).map((s) => s.id)); // the listed ones
  const highlightedBefore = inDocument();
  const part = await getJSON(`${urls.state}&nodes=${[...ids].join(",")}`);
  mergeState(state, part, ids);
  perms = state.permissions;
  if (highlightedBefore || inDocument()) renderDoc();
  const statementsNow = new Set(state.statements.filter((s) => !isSuggested(s)).map((s) => s.id));
  const listChanged = [...ids].some((id) => statementsBefore.has(id) !== statementsNow.has(id));
  if (listChanged) renderList();
  else for (const id of ids) if (statementsNow.has(id)) renderListRow(id);
  suggestions.render();
  const theirs = events.filter((e) => e.actor !== perms.user);
  if (theirs.length) {
    announce(theirs.map(describeEvent).join(" · "));
    for (const id of ids) if (statementsNow.has(id)) flashPassage(id);
  }
  const live = theirs.length === events.length;
  const detailTouched = selected && (ids.has(selected.id) || state.scheme_applications.some((a) => ids.has(a.id) && [...a.antecedents, a.consequent].includes(selected.id)));
  mapChanged(); // not awaited: the graph view follows, the action's answer need not wait for it
  await Promise.all([detailTouched ? renderDetail({ live }) : Promise.resolve(), deletedTabOpen() ? renderDeleted() : Promise.resolve()]);
  document.getElementById("annotator").dataset.updated = String(Date.now());
}

/** A transient note of a teammate's change. */
function announce(message) {
  liveNoteEl.textContent = message;
  liveNoteEl.hidden = false;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { liveNoteEl.hidden = true; }, 6000);
}

/** What the role allows, from the state (the API still authorises every write). */
function renderPermissions() {
  document.getElementById("propose-mine").hidden = !perms.create;
  document.getElementById("role-badge").textContent = `${perms.username} · ${t(perms.role || "reader")}`;
}

document.getElementById("propose-mine").addEventListener("click", () => {
  const nodes = [...state.statements, ...state.scheme_applications]
    .filter((n) => mine(n) && n.status === "draft")
    .map((n) => ({ id: n.id, version: n.version }));
  if (!nodes.length) { flash(t("You have no drafts to propose.")); return; }
  act(fmt(t("%(count)s item(s) proposed for review."), { count: nodes.length }), post(urls.reviews, { status: "proposed", nodes }));
});
document.getElementById("propose-mine").hidden = true;
document.getElementById("queue-link").href = urls.queue;
document.getElementById("agreement-link").href = urls.agreement;

undoStack.render();
refresh().catch((error) => flash(problemMessage(error), true));
