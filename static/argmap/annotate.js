// The annotation screen: the document with its highlighted passages, the map's statements,
// the selected node's links, review, discussion and history, and the map picture.
//
// Everything it reads and writes goes through the public REST API (/api/v1/, the admin's session
// and its CSRF token): the same validation, permissions and errors as any other client. Errors are
// RFC 9457 problem details; a stale write (412: someone saved first) asks the user to reload.
//
// Offsets sent to the server count Unicode code points (Array.from), never UTF-16 units
// (String.length, DOM ranges): a character outside the BMP such as 𠮷 is one code point but
// two UTF-16 units. The server checks text[start:end] == exact on every write.

import { fmt, local, t } from "./i18n.js";

const boot = JSON.parse(document.getElementById("argmap-boot").textContent);
const urls = boot.urls;
const api = urls.api; // "/api/v1/"
const points = Array.from(boot.text);
const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;

const docEl = document.getElementById("doc");
const listEl = document.getElementById("statement-list");
const detailEl = document.getElementById("detail");
const pictureEl = document.getElementById("picture");
const menuEl = document.getElementById("kind-menu");
const flashEl = document.getElementById("flash");

let state = null;
let perms = { create: false, review: false, discuss: false, own_work_only: true, user: null, username: "", role: null };
let selected = null; // {family, id}
let pendingSelection = null; // {start, end}
let clickCycle = { key: "", index: 0 };

// ------------------------------------------------------------------ utilities

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style") node.style.cssText = value; // CSSOM, allowed by the strict CSP (a style attribute is not)
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

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
      await refresh();
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
    await refresh();
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

function renderDoc() {
  const anchors = docAnchors();
  const visible = statementsById();
  const cuts = new Set([0, points.length]);
  for (const a of anchors) { cuts.add(a.start); cuts.add(a.end); }
  const bounds = [...cuts].sort((x, y) => x - y);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i], end = bounds[i + 1];
    const covering = anchors
      .filter((a) => a.start <= start && end <= a.end)
      .sort((x, y) => (x.end - x.start) - (y.end - y.start));
    const span = el("span", { class: "seg", dataset: { start, end } }, points.slice(start, end).join(""));
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
      if (selected && selected.family === "statement" && covering.some((a) => a.statement === selected.id)) {
        span.classList.add("selected");
      }
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

docEl.addEventListener("mouseup", () => setTimeout(showKindMenu, 0));
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
  for (const s of docEl.querySelectorAll(".seg.hl")) {
    if (s.dataset.statements.split(" ").includes(statementId)) {
      s.classList.remove("flash-hl");
      void s.offsetWidth;
      s.classList.add("flash-hl");
    }
  }
  return true;
}

// ------------------------------------------------------------------ the statement list

function firstStart(statementId) {
  const anchor = state.anchors.find((a) => a.statement === statementId && a.document === boot.document.id);
  return anchor ? anchor.start : Infinity;
}

function renderList() {
  const onlyDoc = document.getElementById("only-doc").checked;
  const onlyMine = document.getElementById("only-mine").checked;
  const items = state.statements
    .filter((s) => !onlyDoc || firstStart(s.id) !== Infinity || !state.anchors.some((a) => a.statement === s.id))
    .filter((s) => !onlyMine || mine(s))
    .sort((x, y) => firstStart(x.id) - firstStart(y.id));
  listEl.replaceChildren(...items.map((s) => el("li", {
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
  ))));
  if (!items.length) listEl.append(el("li", { class: "muted" }, t("No statements yet: select a passage and choose its kind.")));
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
  markPicture();
  revealInPicture(id);
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
  if (app.type === "inference") return `${(app.scheme_name && local(app, "scheme_name")) || t("inference")}: ${app.antecedents.map(name).join(" + ")} ⇒ ${name(app.consequent)}`;
  if (app.type === "conflict") return `${t(app.conflict_kind || "attack")}: ${app.antecedents.map(name).join(" + ")} ⚔ ${name(app.consequent)}`;
  return `${t(app.type)}: ${app.antecedents.map(name).join(" + ")} → ${name(app.consequent)}`;
}

function statementOptions(exclude, { blank } = {}) {
  const options = state.statements.filter((s) => s.id !== exclude).map((s) => el("option", { value: s.id }, `${t(s.kind)}: ${short(s.text, 36)}`));
  return blank ? [el("option", { value: "" }, blank), ...options] : options;
}

function supportForm(statement) {
  const choices = el("div", { class: "premise-choices" }, state.statements.filter((s) => s.id !== statement.id).map((s) =>
    el("label", {}, el("input", { type: "checkbox", value: s.id, name: "premise" }), ` ${t(s.kind)}: ${short(s.text, 50)}`)));
  const scheme = el("select", { name: "scheme", "aria-label": t("scheme") }, el("option", { value: "" }, t("— no scheme —")),
    state.schemes.map((s) => el("option", { value: s.key }, local(s, "name"))));
  return el("fieldset", { class: "support-form" }, el("legend", {}, t("Add a support (premises → inference → this)")), choices,
    el("div", { class: "row" }, scheme, el("button", {
      type: "button", class: "button", onclick: async () => {
        const premises = [...choices.querySelectorAll("input:checked")].map((input) => input.value);
        await act(t("Support added."), postConfirming(urls.arguments, { conclusion: statement.id, premises, scheme: scheme.value || null }));
      },
    }, t("Add support"))));
}

function attackForm(statement) {
  const attacker = el("select", { name: "attacker", "aria-label": t("attacker") }, statementOptions(statement.id, { blank: t("— attacking statement —") }));
  const targets = [el("option", { value: `statement:${statement.id}` }, t("this statement (rebut / undermine)"))];
  for (const app of state.scheme_applications.filter((a) => a.type === "inference" && a.consequent === statement.id)) {
    targets.push(el("option", { value: `application:${app.id}` }, fmt(t("undercut: %(inference)s"), { inference: short(describeApplication(app), 50) })));
  }
  const target = el("select", { name: "target", "aria-label": t("target") }, targets);
  return el("fieldset", { class: "attack-form" }, el("legend", {}, t("Add an attack")),
    el("div", { class: "row" }, attacker), el("div", { class: "row" }, target,
      el("button", {
        type: "button", class: "button", onclick: async () => {
          const [, id] = target.value.split(":");
          await act(t("Attack added."), post(urls.attacks, { attacker: attacker.value, target: id }));
        },
      }, t("Add attack"))));
}

function evidenceSection(statement) {
  const links = state.evidence_links.filter((e) => e.statement === statement.id);
  const source = el("select", { name: "source", "aria-label": t("source") }, el("option", { value: "" }, t("— new source —")),
    state.sources.map((s) => el("option", { value: s.id }, `${s.footnote ? `[${s.footnote}] ` : ""}${short(s.title, 50)}`)));
  const title = el("input", { type: "text", name: "source_title", placeholder: t("new source: title") });
  const url = el("input", { type: "url", name: "source_url", placeholder: t("URL (optional)") });
  const locator = el("input", { type: "text", name: "locator", placeholder: t("page, chapter (optional)") });
  return el("div", {},
    el("h3", {}, t("Evidence")),
    links.length ? el("ul", {}, links.map((l) => el("li", {}, `${l.source_title}${l.locator ? ` (${l.locator})` : ""}`))) : el("p", { class: "muted" }, t("No sources cited.")),
    perms.create ? el("fieldset", { class: "evidence-form" }, el("legend", {}, t("Cite a source")), el("div", { class: "row" }, source, title, url, locator),
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
    await refresh();
    flash(fmt(t("Restored: %(node)s"), { node: short(row.text || row.entity, 40) }));
  } catch (error) {
    flash(fmt(t("Not restored: %(reason)s"), { reason: error.message }), true);
  }
}

function criticalQuestions(app) {
  if (!app.critical_questions || !app.critical_questions.length) return null;
  return el("div", {}, el("h3", {}, fmt(t("Critical questions (%(scheme)s)"), { scheme: local(app, "scheme_name") })), app.critical_questions.map((q) => {
    const answered = el("input", { type: "checkbox", checked: q.answered, "aria-label": fmt(t("answered: %(question)s"), { question: local(q, "text") }) });
    const answer = el("select", { "aria-label": t("answering statement") }, statementOptions(null, { blank: t("— answered by —") }));
    answer.value = q.answer || "";
    const statements = statementsById();
    return el("div", { class: `cq${q.answered ? " answered" : ""}` },
      el("div", {}, `CQ${q.position}. ${local(q, "text")}`),
      q.answer && statements.has(q.answer) ? el("div", {}, t("answered by"), " ", nodeLink("statement", q.answer, `「${short(statements.get(q.answer).text, 30)}」`)) : null,
      perms.create ? el("div", { class: "row" }, el("label", {}, answered, " ", t("answered")), answer,
        el("button", {
          type: "button", class: "button", onclick: () => act(t("Critical question updated."), post(nodeUrl("application", app.id, "critical-questions/"), {
            question: q.id, answered: answered.checked, answer: answer.value || null,
          })),
        }, t("Save"))) : null);
  }));
}

async function renderDetail() {
  if (!selected) { detailEl.replaceChildren(el("p", { class: "muted" }, t("Click a highlight or a statement."))); return; }
  const { family, id } = selected;
  const node = family === "statement" ? statementsById().get(id) : applicationsById().get(id);
  if (!node) { detailEl.replaceChildren(el("p", { class: "muted" }, t("This node is gone (deleted or reverted)."))); return; }
  let detail, history;
  try {
    [detail, history] = await Promise.all([getJSON(nodeUrl(family, id, "discussion/")), getJSON(nodeUrl(family, id, "history/"))]);
  } catch (error) { flash(problemMessage(error), true); return; }
  if (!selected || selected.id !== id) return;
  const parts = [];
  if (family === "statement") {
    parts.push(el("div", { class: "row" }, el("span", { class: `chip kind-${node.kind}` }, t(node.kind)), el("span", { class: `status status-${node.status}` }, t(node.status)), el("span", { class: "muted" }, `${fmt(t("by %(user)s"), { user: node.created_by_username || "—" })} · v${node.version}`)));
    if (node.status === "rejected" && node.status_reason) parts.push(el("p", { class: "flash error" }, fmt(t("Rejected: %(reason)s"), { reason: node.status_reason })));
    if (canEdit(node)) {
      const text = el("textarea", { rows: 3, "aria-label": t("statement text") }, node.text);
      const gloss = el("input", { type: "text", value: node.gloss, placeholder: t("English gloss"), "aria-label": t("gloss") });
      const kind = el("select", { "aria-label": t("kind") }, boot.kinds.map((k) => el("option", { value: k, selected: k === node.kind }, t(k))));
      parts.push(text, el("div", { class: "row" }, kind, gloss, el("button", {
        type: "button", class: "button", onclick: () => act(t("Saved."), request("PATCH", nodeUrl("statement", id), { version: node.version, body: { text: text.value, gloss: gloss.value, kind: kind.value } })),
      }, t("Save"))));
    } else {
      parts.push(el("p", {}, node.text), node.gloss ? el("p", { class: "muted" }, node.gloss) : null);
    }
    parts.push(reviewControls(node, family));
    const related = (predicate) => state.scheme_applications.filter(predicate);
    const list = (title, apps) => el("div", {}, el("h3", {}, title), apps.length ? el("ul", {}, apps.map((a) => el("li", {}, nodeLink("application", a.id, describeApplication(a)), " ", el("span", { class: `status status-${a.status}` }, t(a.status))))) : el("p", { class: "muted" }, t("none")));
    parts.push(list(t("Supported by"), related((a) => a.type === "inference" && a.consequent === id)));
    parts.push(list(t("Attacked by"), related((a) => a.type === "conflict" && a.consequent === id)));
    parts.push(list(t("Supports / attacks"), related((a) => a.antecedents.includes(id))));
    if (perms.create) parts.push(supportForm(node), attackForm(node));
    parts.push(evidenceSection(node));
  } else {
    parts.push(el("div", { class: "row" }, el("strong", {}, node.type === "conflict" ? fmt(t("attack (%(kind)s)"), { kind: t(node.conflict_kind || "conflict") }) : t(node.type)), el("span", { class: `status status-${node.status}` }, t(node.status)), el("span", { class: "muted" }, `${fmt(t("by %(user)s"), { user: node.created_by_username || "—" })} · v${node.version}`)));
    parts.push(el("p", {}, describeApplication(node)));
    const ends = [...node.antecedents, node.consequent].filter(Boolean);
    const statements = statementsById();
    parts.push(el("ul", {}, ends.map((ref) => statements.has(ref) ? el("li", {}, nodeLink("statement", ref, `${t(statements.get(ref).kind)}: ${short(statements.get(ref).text, 50)}`)) : el("li", {}, nodeLink("application", ref, t("scheme application"))))));
    if (node.status === "rejected" && node.status_reason) parts.push(el("p", { class: "flash error" }, fmt(t("Rejected: %(reason)s"), { reason: node.status_reason })));
    parts.push(reviewControls(node, family));
    parts.push(criticalQuestions(node));
    if (node.type === "inference" && perms.create) parts.push(attackOnInference(node));
  }
  if (family === "statement" || node.type === "inference") parts.push(assessmentSection(family, node, detail));
  parts.push(commentSection(family, node, detail), historySection(history));
  detailEl.replaceChildren(el("div", { class: "detail" }, parts));
}

function attackOnInference(app) {
  const attacker = el("select", { "aria-label": t("attacker") }, statementOptions(null, { blank: t("— undercutting statement —") }));
  return el("fieldset", {}, el("legend", {}, t("Undercut this inference")), el("div", { class: "row" }, attacker, el("button", {
    type: "button", class: "button", onclick: () => act(t("Undercut added."), post(urls.attacks, { attacker: attacker.value, target: app.id })),
  }, t("Add undercut"))));
}

// ------------------------------------------------------------------ the map picture

async function renderPicture() {
  try {
    const response = await fetch(urls.picture, { credentials: "same-origin" });
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new Error(fmt(t("map picture: %(reason)s"), { reason: (problem && problem.detail) || `HTTP ${response.status}` }));
    }
    pictureEl.innerHTML = await response.text();
    pictureEl.dataset.loaded = String(Date.now());
    markPicture();
  } catch (error) { flash(error.message, true); }
}

/** Review status and selection on the picture's nodes (the SVG carries kinds and evaluation labels). */
function markPicture() {
  const statuses = new Map([...state.statements, ...state.scheme_applications].map((n) => [n.id, n.status]));
  for (const node of pictureEl.querySelectorAll("[data-id]")) {
    for (const status of ["draft", "proposed", "accepted", "rejected"]) node.classList.remove(`status-${status}`);
    if (statuses.has(node.dataset.id)) node.classList.add(`status-${statuses.get(node.dataset.id)}`);
    node.classList.toggle("selected", Boolean(selected && node.dataset.id === selected.id));
    node.setAttribute("tabindex", "0");
  }
}

function revealInPicture(id) {
  const target = pictureEl.querySelector(`[data-id="${id}"]`);
  if (!target || !target.getBBox) return;
  const box = target.getBBox();
  pictureEl.scrollTo({ left: box.x + box.width / 2 - pictureEl.clientWidth / 2, top: Math.max(0, box.y - 40), behavior: "smooth" });
}

function pictureNode(event) {
  const node = event.target.closest("[data-id]");
  return node ? { family: node.classList.contains("statement") ? "statement" : "application", id: node.dataset.id } : null;
}

pictureEl.addEventListener("click", (event) => {
  const node = pictureNode(event);
  if (node) select(node.family, node.id, { scroll: true });
});
pictureEl.addEventListener("keydown", (event) => {
  const node = event.key === "Enter" ? pictureNode(event) : null;
  if (node) select(node.family, node.id, { scroll: true });
});

// ------------------------------------------------------------------ the page

async function refresh() {
  state = await getJSON(urls.state);
  perms = state.permissions;
  renderPermissions();
  renderDoc();
  renderList();
  await Promise.all([renderPicture(), selected ? renderDetail() : Promise.resolve(), deletedTabOpen() ? renderDeleted() : Promise.resolve()]);
  document.getElementById("annotator").dataset.ready = String(Date.now());
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
