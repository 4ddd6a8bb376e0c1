// The argument graph as an interactive canvas beside the text (Cytoscape.js, vendored).
//
// The canvas draws what the screen's `state` holds (statements, scheme applications, edges) and keeps
// itself in step by diffing: `sync(state)` adds, updates and removes elements by id, never rebuilding.
// It writes nothing to the argument itself: gestures (draw an edge, drop on an inference, an implicit
// premise, delete) are handed to the screen through `callbacks`, which calls the REST API as every other
// part of the screen does. Only the layout (where nodes sit) is stored from here, through callbacks too.
//
// Nothing here sets a `style` attribute: Cytoscape draws on <canvas>, the overlays are positioned through
// the CSSOM (`element.style.left = …`), which the strict Content-Security-Policy allows.

import cytoscape from "../vendor/cytoscape/cytoscape.esm.min.js";
import dagre from "../vendor/cytoscape-dagre/cytoscape-dagre.min.js";
import { el } from "./dom.js";
import { fmt, local, t } from "./i18n.js";
import { GHOST_STYLE, SUGGESTED, ghostBadge } from "./suggestions.js";

cytoscape.use(dagre);

/** The canvas's own keys (the text side has its own); the shortcut sheet lists these. */
export const CANVAS_SHORTCUTS = [
  { key: "← ↑ → ↓", description: t("Move the selection to the nearest node in that direction") },
  { key: "Enter", description: t("Open the selected node in the panel") },
  { key: "s", description: t("Support: the selected statement supports a statement you type to find") },
  { key: "a", description: t("Attack: the selected statement attacks a statement you type to find") },
  { key: "i", description: t("Add an implicit premise to the selected statement") },
  { key: "Delete", description: t("Delete the selected node (asks first)") },
  { key: "f", description: t("Fit the whole map in the pane") },
  { key: "+ / −", description: t("Zoom in / out") },
  { key: t("Shift + drag from ⊕"), description: t("Draw an attack instead of a support") },
  { key: "Escape", description: t("Close the canvas's popup") },
];

const KIND_COLOURS = { claim: "#1d4ed8", premise: "#15803d", rebuttal: "#b91c1c", evidence: "#b45309" };
const KIND_FILLS = { claim: "#dbeafe", premise: "#dcfce7", rebuttal: "#fee2e2", evidence: "#fef3c7" };
const TYPE_STYLE = {
  inference: { fill: "#e2e8f0", line: "#334155", symbol: "⇒" },
  conflict: { fill: "#fecaca", line: "#b91c1c", symbol: "⟂" },
  rephrase: { fill: "#e0e7ff", line: "#4338ca", symbol: "≡" },
  preference: { fill: "#fef9c3", line: "#a16207", symbol: "≻" },
};
const EVALUATION_COLOURS = { IN: "#16a34a", OUT: "#dc2626", UNDEC: "#a3a3a3" };

/** Cytoscape adds an inline <style> (one rule: its container is position: relative) unless an element with
 * this id exists; the strict CSP would block it, so a placeholder stands in and annotate.css holds the rule. */
const CYTOSCAPE_STYLESHEET = "__________cytoscape_stylesheet";
/** The minimap appears once a map is too big to take in at a glance. */
const MINIMAP_FROM = 40;
/** Maps up to this size are laid out again whole when nodes are added; bigger ones place newcomers locally. */
const RELAYOUT_LIMIT = 300;
/** Above this many nodes the first draw uses a grid, not the layered layout (see docs/annotation.md). */
const DAGRE_LIMIT = 1500;

/** Node sizes (the stylesheet's): positions can be planned before Cytoscape has computed a single style. */
const SIZE = { statement: { w: 168, h: 58 }, application: { w: 26, h: 26 } };
/** A statement's label size (px), and the smallest size on screen Cytoscape draws a label at: below a zoom of
 * MIN_ZOOMED_FONT / LABEL_FONT no label shows, so a map first fitted below it is drawn before its labels are
 * measured (see labelsShown in createCanvas). */
const LABEL_FONT = 11;
const MIN_ZOOMED_FONT = 7;
/** The grid for maps too big for the layered layout: one cell per node, in the order the nodes come. */
const GRID_CELL = { w: 200, h: 90 };

const short = (text, n) => { const cps = Array.from(text || ""); return cps.length > n ? cps.slice(0, n).join("") + "…" : text || ""; };

const STYLE = [
  { selector: "node", style: { "font-family": '"Noto Sans CJK JP", "Noto Sans JP", sans-serif', "min-zoomed-font-size": MIN_ZOOMED_FONT } },
  {
    selector: "node.statement",
    style: {
      shape: "round-rectangle", width: SIZE.statement.w, height: SIZE.statement.h, "background-color": "#f1f5f9", "border-width": 2,
      "border-color": "#64748b", label: "data(display)", "text-wrap": "wrap", "text-max-width": 156,
"text-valign": "center", "font-size": LABEL_FONT, color: "#0f172a",
    },
  },
  ...Object.keys(KIND_COLOURS).map((kind) => ({
    selector: `node.kind-${kind}`, style: { "border-color": KIND_COLOURS[kind], "background-color": KIND_FILLS[kind] },
  })),
  { selector: "node.implicit", style: { "background-opacity": 0.35, "font-style": "italic" } },
  {
    selector: "node.application",
    style: {
      shape: "diamond", width: SIZE.application.w, height: SIZE.application.h, "border-width": 2, label: "data(display)", "font-size": 9,
      "text-valign": "bottom", "text-margin-y": 3, color: "#334155", "text-max-width": 120, "text-wrap": "ellipsis",
    },
  },
  ...Object.entries(TYPE_STYLE).map(([type, s]) => ({
    selector: `node.type-${type}`, style: { "background-color": s.fill, "border-color": s.line },
  })),
  { selector: "node.status-draft", style: { "border-style": "dashed" } },
  { selector: "node.status-proposed", style: { "border-style": "dotted", "border-width": 3 } },
  { selector: "node.status-accepted", style: { "border-style": "solid" } },
  { selector: "node.status-rejected", style: { opacity: 0.35 } },
  ...Object.entries(EVALUATION_COLOURS).map(([label, colour]) => ({
    selector: `node.evaluation-${label}`,
    style: { "underlay-color": colour, "underlay-padding": 6, "underlay-opacity": 0.45, "underlay-shape": "round-rectangle" },
  })),
  { selector: "node.picked", style: { "overlay-color": "#0f172a", "overlay-padding": 5, "overlay-opacity": 0.18, "border-width": 4 } },
  { selector: "node.drop-target", style: { "overlay-color": "#2563eb", "overlay-padding": 8, "overlay-opacity": 0.3 } },
  {
    selector: "edge",
    style: {
      width: 1.6, "line-color": "#64748b", "target-arrow-color": "#64748b", "target-arrow-shape": "triangle",
      "curve-style": "straight", "arrow-scale": 0.8, // straight: no bundling of parallel edges to compute
    },
  },
  { selector: "edge.conflict", style: { "line-color": "#b91c1c", "target-arrow-color": "#b91c1c" } },
  { selector: "edge.rephrase", style: { "line-color": "#4338ca", "target-arrow-color": "#4338ca" } },
  { selector: "edge.preference", style: { "line-color": "#a16207", "target-arrow-color": "#a16207" } },
  { selector: "edge.ghost", style: { "line-style": "dashed", "line-color": "#2563eb", "target-arrow-color": "#2563eb", width: 2 } },
  { selector: "edge.ghost.attack", style: { "line-color": "#b91c1c", "target-arrow-color": "#b91c1c" } },
  { selector: "node.ghost", style: { width: 1, height: 1, opacity: 0, label: "" } },
  ...GHOST_STYLE,
];

/** What is drawn for a statement or application: when this changes, the element is updated. */
function statementData(s) {
  return { id: s.id, family: "statement", kind: s.kind, status: s.status, implicit: Boolean(s.implicit), label: lines(short(s.text, 38)) + ghostBadge(s) };
}

/** Text without spaces (Japanese) broken into lines here, 13 code points each: Cytoscape would otherwise
 * measure it character by character to wrap it, which costs seconds on a 1,000-statement map. */
function lines(text) {
  if (/\s/u.test(text)) return text;
  const cps = Array.from(text);
  const out = [];
  for (let i = 0; i < cps.length; i += 13) out.push(cps.slice(i, i + 13).join(""));
  return out.join("\n");
}

function applicationData(a) {
  const style = TYPE_STYLE[a.type] || TYPE_STYLE.inference;
  const name = a.type === "conflict" ? t(a.conflict_kind || "attack") : (a.scheme_name && local(a, "scheme_name")) || "";
  return { id: a.id, family: "application", type: a.type, status: a.status, label: (name ? `${style.symbol} ${short(name, 22)}` : style.symbol) + ghostBadge(a) };
}

function classesOf(data) {
  const classes = [data.family, `status-${data.status}`];
  if (data.family === "statement") classes.push(`kind-${data.kind}`);
  else classes.push(`type-${data.type}`);
  if (data.implicit) classes.push("implicit");
  return classes.join(" ");
}

const signature = (data) => JSON.stringify(data);

/** The box around planned positions (`positions`: Map id → {x, y}) of `nodes` (Map id → {family}), from SIZE. */
function plannedBounds(nodes, positions) {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const [id, p] of positions) {
    const size = SIZE[nodes.get(id).family] || SIZE.statement;
    x1 = Math.min(x1, p.x - size.w / 2); x2 = Math.max(x2, p.x + size.w / 2);
    y1 = Math.min(y1, p.y - size.h / 2); y2 = Math.max(y2, p.y + size.h / 2);
  }
  return { x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 };
}

/** The box around the nodes' shapes (positions and sizes only: no label measuring, no edge routing). */
function shapeBounds(nodes) {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  nodes.forEach((node) => {
    const p = node.position();
    const w = node.width() / 2, h = node.height() / 2;
    x1 = Math.min(x1, p.x - w); x2 = Math.max(x2, p.x + w);
    y1 = Math.min(y1, p.y - h); y2 = Math.max(y2, p.y + h);
  });
  return { x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 };
}

/**
 * Where `nodes` ([{id, family}]) go without the layered layout, or null when dagre should place them: every
 * node at its stored position (`stored`: Map id → {x, y}, used when `keepStored`), the others in a grid below
 * the placed ones. Dagre is skipped when everything is placed, when the map has more than DAGRE_LIMIT nodes,
 * or when fewer than a quarter are unplaced. Sizes come from SIZE, so this needs no computed style.
 */
export function plannedPositions(nodes, stored, { keepStored }) {
  const useStored = keepStored && stored.size > 0;
  const unplaced = nodes.filter((n) => !(useStored && stored.has(n.id)));
  if (unplaced.length && nodes.length <= DAGRE_LIMIT && !(useStored && unplaced.length < nodes.length / 4)) return null;
  const positions = new Map();
  let x1 = Infinity;
  let y2 = -Infinity;
  for (const n of nodes) {
    if (!useStored || !stored.has(n.id)) continue;
    const p = stored.get(n.id);
    const size = SIZE[n.family] || SIZE.statement;
    positions.set(n.id, { x: p.x, y: p.y });
    x1 = Math.min(x1, p.x - size.w / 2);
    y2 = Math.max(y2, p.y + size.h / 2);
  }
  const origin = positions.size ? { x: x1, y: y2 + 140 } : { x: 0, y: 0 };
  const side = Math.ceil(Math.sqrt(unplaced.length));
  unplaced.forEach((n, i) => {
    positions.set(n.id, { x: origin.x + ((i % side) + 0.5) * GRID_CELL.w, y: origin.y + (Math.floor(i / side) + 0.5) * GRID_CELL.h });
  });
  return positions;
}

/**
 * The canvas in `container`. `callbacks`:
 *   select(family, id)                  open a node in the screen's panel
 *   support({premise, conclusion, scheme}), attack({attacker, target}), addPremise({premise, inference}),
 *   implicitPremise({conclusion, text}), remove(family, id)   the gestures' writes (promises)
 *   loadLayout() → [{node, x, y}], saveLayout([{node, x, y}]), evaluate() → {id: "IN"|"OUT"|"UNDEC"}
 *   canCreate() → whether the user may add to (and arrange) the map; schemes() → [{key, name, …}]
 *   flash(message, isError)
 */
export function createCanvas(container, callbacks) {
  const toolbar = el("div", { class: "canvas-toolbar", role: "toolbar", "aria-label": t("graph tools") });
  const surface = el("div", { class: "canvas-surface", tabindex: "0", role: "application", "aria-label": t("argument graph: arrow keys move between nodes, Enter opens, s supports, a attacks") });
  const minimap = el("canvas", { class: "canvas-minimap", width: "160", height: "100", "aria-label": t("minimap: click to move there") });
  const handle = el("button", { type: "button", class: "canvas-handle", hidden: true, title: t("Drag to a statement: support (hold Shift: attack); to an inference: add a premise (Shift: undercut)"), "aria-label": t("draw an edge") }, "⊕");
  const popup = el("div", { class: "canvas-popup", hidden: true, role: "dialog" });
  const status = el("p", { class: "canvas-status", role: "status", "aria-live": "polite" });
  container.append(toolbar, surface, minimap, handle, popup, status);
  if (!document.getElementById(CYTOSCAPE_STYLESHEET)) {
    document.head.append(el("meta", { id: CYTOSCAPE_STYLESHEET, name: "cytoscape-stylesheet", content: "annotate.css" }));
  }

  const cy = cytoscape({
    container: surface,
    style: STYLE,
    minZoom: 0.03,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autounselectify: true,
    selectionType: "single",
    textureOnViewport: true, // pans and zooms move a snapshot; the shapes are redrawn when the view rests
  });

  const drawn = new Map(); // id → signature
  let state = null;
  let picked = null; // id
  let stored = null; // Map id → {x, y} from the server; null until loaded
  const layoutLoaded = callbacks.loadLayout().then((rows) => { stored = new Map(rows.map((r) => [r.node, { x: r.x, y: r.y }])); })
    .catch(() => { stored = new Map(); });
  let evaluationOn = false;
  let firstSync = true;

  // ---------------------------------------------------------------- toolbar

  const button = (label, title, onclick, action) => el("button", { type: "button", class: "button", title, dataset: { action }, onclick }, label);
  const evaluateButton = button(t("Evaluate"), t("Show IN / OUT / UNDEC under grounded semantics"), () => toggleEvaluation(), "evaluate");
  const implicitButton = button(t("Implicit premise"), t("Add an unstated premise to the selected statement (i)"), () => askImplicitPremise(), "implicit");
  toolbar.append(
    button(t("Fit"), t("Fit the whole map in the pane (f)"), () => fit(), "fit"),
    button("+", t("Zoom in"), () => zoomBy(1.25), "zoom-in"),
    button("−", t("Zoom out"), () => zoomBy(0.8), "zoom-out"),
    button(t("Re-layout"), t("Lay out every node again, ignoring where they were placed (not stored until you drag)"), () => layoutAll({ keepStored: false }), "relayout"),
    evaluateButton,
    implicitButton,
    el("span", { class: "canvas-legend" }, t("dashed draft · dotted proposed · solid accepted · faded rejected · ⇒ support ⟂ attack")),
  );

  function zoomBy(factor) {
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  /** The whole map in view. Bounds of the shapes only: with labels and edges, Cytoscape measures every label
   * and routes every edge first (seconds on a 1,000-statement map). */
  function fit() {
    const nodes = cy.nodes().not(".ghost");
    if (nodes.empty()) return;
    const box = shapeBounds(nodes);
    const zoom = fittedZoom(box);
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) } });
  }

  const FIT_PADDING = 24;
  const fittedZoom = (box) => Math.max(cy.minZoom(), Math.min(cy.maxZoom(), 1.2,
    (cy.width() - 2 * FIT_PADDING) / (box.w || 1), (cy.height() - 2 * FIT_PADDING) / (box.h || 1)));

  // ---------------------------------------------------------------- labels

  /** False while the map is shown too small for any label to be drawn: nodes then carry no label text, so
   * Cytoscape measures none (a fifth of a 1,000-statement map's first draw). The labels are filled in when the
   * browser is next idle after the first frame, or at once when the zoom makes them readable. */
  let labelsShown = true;
  function showLabels() {
    if (labelsShown) return;
    performance.mark("canvas:labels");
    labelsShown = true;
    cy.batch(() => cy.nodes().not(".ghost").forEach((node) => { node.data("display", displayOf(node.data())); }));
    performance.mark("canvas:labelled");
  }
  cy.on("zoom", () => { if (!labelsShown && cy.zoom() * LABEL_FONT >= MIN_ZOOMED_FONT) showLabels(); });

  // ---------------------------------------------------------------- sync

  let waiting = null;
  function sync(next) {
    if (stored === null) {
      // Until the stored layout is here, draw nothing: a first frame of every node at the origin costs as much
      // as the real one (seconds on a 1,000-statement map).
      if (!waiting) layoutLoaded.then(() => { const latest = waiting; waiting = null; sync(latest); });
      waiting = next;
      return;
    }
    performance.mark("canvas:sync");
    const first = firstSync;
    state = next;
    const wanted = new Map();
    for (const s of state.statements) wanted.set(s.id, statementData(s));
    for (const a of state.scheme_applications) wanted.set(a.id, applicationData(a));
    const edges = new Map();
    for (const e of state.edges) {
      const other = e.statement || e.other_application;
      const [source, target] = e.role === "antecedent" ? [other, e.application] : [e.application, other];
      if (!wanted.has(source) || !wanted.has(target)) continue;
      const { type, status } = wanted.get(e.application);
      edges.set(e.id, { id: e.id, source, target, type, suggested: status === SUGGESTED });
    }
    // The first draw: positions planned before the add (stored, or a grid) go in with the elements, so Cytoscape
    // lays out nothing and moves nothing afterwards; only a map the layered layout places waits for dagre.
    const planned = firstSync ? plannedPositions([...wanted.values()], stored, { keepStored: true }) : null;
    if (planned) labelsShown = fittedZoom(plannedBounds(wanted, planned)) * LABEL_FONT >= MIN_ZOOMED_FONT;
    const newNodes = [];
    const newEdges = [];
    let added = cy.collection();
    cy.batch(() => {
      for (const [id] of drawn) {
        if (!wanted.has(id) && !edges.has(id)) {
          if (stored.has(id)) removedStored.add(id);
          cy.getElementById(id).remove();
          drawn.delete(id);
        }
      }
      for (const [id, data] of wanted) {
        const sig = signature(data);
        if (drawn.get(id) === sig) continue;
        const display = displayOf(data);
        const existing = cy.getElementById(id);
        if (existing.nonempty()) {
          existing.data({ ...data, display });
          existing.classes(classesOf(data) + evaluationClass(id) + (picked === id ? " picked" : ""));
        } else {
          newNodes.push({ group: "nodes", data: { ...data, display }, classes: classesOf(data), position: (planned && planned.get(id)) || { x: 0, y: 0 } });
        }
        drawn.set(id, sig);
      }
      for (const [id, data] of edges) {
        const sig = signature(data);
        if (drawn.get(id) === sig) continue;
        cy.getElementById(id).remove();
        newEdges.push({ group: "edges", data, classes: data.suggested ? `${data.type} suggested` : data.type });
        drawn.set(id, sig);
      }
      if (newNodes.length) added = cy.add(newNodes);
      if (newEdges.length) cy.add(newEdges);
    });
    restorePositions(added);
    performance.mark("canvas:synced");
    if (added.nonempty()) placeNew(added, { planned: Boolean(planned) });
    else if (firstSync) container.dataset.drawn = String(Math.round(performance.now())); // an empty map
    if (evaluationOn) refreshEvaluation();
    if (!first || added.empty()) drawMinimapNodes(); // a first draw's minimap comes after its first frame
    placeHandle();
  }

  /** Nodes removed from the canvas that had a stored position. Deleting a node deletes its position on the
   * server; when the node comes back (undo, restore from "Deleted", a teammate's revert) its place is stored
   * again, so the team sees it where it was. */
  const removedStored = new Set();
  function restorePositions(added) {
    const back = added.filter((node) => removedStored.has(node.id()));
    if (back.empty()) return;
    back.forEach((node) => { removedStored.delete(node.id()); });
    if (!callbacks.canCreate()) return;
    for (const node of back) pendingMoves.set(node.id(), { node: node.id(), ...stored.get(node.id()) });
    clearTimeout(moveTimer);
    moveTimer = setTimeout(saveMoves, 150);
  }

  let evaluation = {};
  const evaluationClass = (id) => (evaluation[id] ? ` evaluation-${evaluation[id]}` : "");
  function displayOf(data) {
    if (!labelsShown) return "";
    const badge = evaluation[data.id] ? `[${evaluation[data.id]}] ` : "";
    return `${badge}${data.label}`;
  }

  /** New nodes: a stored position if the team placed them, else the layered layout. A map of up to
   * RELAYOUT_LIMIT nodes is laid out again whole (placed nodes stay put), so every teammate sees the same
   * picture; a bigger one places the newcomers next to what they are connected to, moving nothing else. */
  function placeNew(nodes, { planned = false } = {}) {
    if (firstSync && planned) {
      fit();
      requestAnimationFrame(() => {
        container.dataset.drawn = String(Math.round(performance.now()));
        setTimeout(drawMinimapNodes); // after the first frame: the map first
        if (!labelsShown) (window.requestIdleCallback || setTimeout)(showLabels, { timeout: 500 });
      });
      firstSync = false;
      return;
    }
    if (firstSync || cy.nodes().length <= RELAYOUT_LIMIT) {
      layoutAll({ keepStored: true, fitView: firstSync });
      if (firstSync) requestAnimationFrame(() => { container.dataset.drawn = String(Math.round(performance.now())); });
      firstSync = false;
      return;
    }
    cy.batch(() => {
      nodes.forEach((node) => {
        const position = stored.get(node.id());
        if (position) { node.position(position); return; }
        const near = node.neighborhood("node").filter((n) => !nodes.contains(n));
        const box = shapeBounds(near.nonempty() ? near : cy.nodes().not(nodes));
        const start = near.nonempty() ? { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 } : { x: Number.isFinite(box.x2) ? box.x2 + 200 : 0, y: Number.isFinite(box.y1) ? box.y1 : 0 };
        node.position(freeSpot(node, start));
      });
    });
    drawMinimapNodes();
  }

  /** The first spot from `start`, stepping outwards, where `node` overlaps no other node. */
  function freeSpot(node, start) {
    const others = cy.nodes().not(node).not(".ghost");
    const w = node.width() + 16, h = node.height() + 16;
    for (let ring = 0; ring < 12; ring++) {
      for (const [dx, dy] of ring ? [[0, 1], [1, 0], [-1, 0], [0, -1], [1, 1], [-1, 1]] : [[0, 0]]) {
        const p = { x: start.x + dx * ring * w * 0.6, y: start.y + dy * ring * h };
        const clash = others.some((o) => { const q = o.position(); return Math.abs(q.x - p.x) < (w + o.width()) / 2 && Math.abs(q.y - p.y) < (h + o.height()) / 2; });
        if (!clash) return p;
      }
    }
    return start;
  }

  /** Layered layout (premises below what they support), then the team's stored positions on top. Big maps,
   * and maps that are already mostly placed, skip dagre: their positions are planned (plannedPositions) and set
   * at once. */
  function layoutAll({ keepStored, fitView = true }) {
    performance.mark("canvas:layout");
    const nodes = cy.nodes().not(".ghost");
    const planned = plannedPositions(nodes.map((n) => ({ id: n.id(), family: n.data("family") })), stored, { keepStored });
    if (planned) {
      cy.batch(() => nodes.positions((n) => planned.get(n.id())));
    } else {
      cy.elements().not(".ghost").layout({ name: "dagre", rankDir: "BT", nodeSep: 24, rankSep: 60, edgeSep: 8, animate: false, fit: false }).run();
      if (keepStored && stored.size) cy.batch(() => nodes.forEach((n) => { if (stored.has(n.id())) n.position(stored.get(n.id())); }));
    }
    if (fitView) fit();
    drawMinimapNodes();
    performance.mark("canvas:laid-out");
  }

  // ---------------------------------------------------------------- selection

  function select(family, id) {
    const node = cy.getElementById(id);
    pick(node.nonempty() ? node : null, { reveal: true });
  }

  function pick(node, { reveal = false } = {}) {
    cy.batch(() => {
      if (picked) cy.getElementById(picked).removeClass("picked");
      picked = node ? node.id() : null;
      if (node) node.addClass("picked");
    });
    implicitButton.disabled = !(node && node.hasClass("statement") && callbacks.canCreate());
    if (node && reveal) revealNode(node);
    placeHandle();
  }

  function revealNode(node) {
    const box = node.renderedBoundingBox();
    if (box.x1 < 0 || box.y1 < 0 || box.x2 > cy.width() || box.y2 > cy.height()) {
      cy.animate({ center: { eles: node }, duration: 200 });
    }
  }

  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.hasClass("ghost")) return;
    pick(node);
    callbacks.select(node.data("family"), node.id());
  });
  cy.on("tap", (event) => { if (event.target === cy) closePopup(); });

  // ---------------------------------------------------------------- dragging nodes stores their positions

  let pendingMoves = new Map();
  let moveTimer = null;
  cy.on("dragfree", "node", (event) => {
    const node = event.target;
    if (node.hasClass("ghost")) return;
    const position = { ...node.position() };
    stored.set(node.id(), position);
    drawMinimapNodes();
    if (!callbacks.canCreate()) return;
    pendingMoves.set(node.id(), { node: node.id(), ...position });
    clearTimeout(moveTimer);
    moveTimer = setTimeout(saveMoves, 150);
  });
  cy.on("drag", "node", () => placeHandle());

  async function saveMoves() {
    const positions = [...pendingMoves.values()];
    pendingMoves = new Map();
    if (!positions.length) return;
    try {
      await callbacks.saveLayout(positions);
      container.dataset.saved = String(Date.now());
    } catch (error) {
      callbacks.flash(fmt(t("The position was not stored: %(reason)s"), { reason: error.message }), true);
    }
  }

  // ---------------------------------------------------------------- drawing an edge from the handle

  let hovered = null;
  let hideTimer = null;
  let hoverFrame = 0;
  /** The handle follows the statement under the pointer (hit-tested here: Cytoscape's own hover events miss
   * a pointer that comes back from an overlay such as a popup). */
  surface.addEventListener("mousemove", (event) => {
    if (drawing || hoverFrame) return;
    const point = renderedPoint(event);
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = 0;
      const node = nodeAt(point, null);
      if (node && node.hasClass("statement")) {
        clearTimeout(hideTimer);
        if (node !== hovered) { hovered = node; placeHandle(); }
      } else if (hovered) {
        clearTimeout(hideTimer);
        hideTimer = setTimeout(() => { if (!handle.matches(":hover") && !drawing) { hovered = null; placeHandle(); } }, 400);
      }
    });
  });
  cy.on("viewport", () => { placeHandle(); scheduleMinimap(); });

  function handleNode() {
    const id = hovered && hovered.inside() ? hovered.id() : picked;
    const node = id ? cy.getElementById(id) : null;
    return node && node.nonempty() && node.hasClass("statement") ? node : null;
  }

  function placeHandle() {
    const node = drawing ? null : handleNode();
    if (!node || !callbacks.canCreate()) { handle.hidden = true; return; }
    const box = node.renderedBoundingBox({ includeLabels: false });
    if (box.x2 < 0 || box.y1 < 0 || box.x2 > cy.width() || box.y1 > cy.height()) { handle.hidden = true; return; }
    handle.hidden = false;
    handle.dataset.node = node.id();
    handle.style.left = `${surface.offsetLeft + box.x2 - 12}px`;
    handle.style.top = `${surface.offsetTop + box.y1 - 4}px`;
  }

  let drawing = null; // {source, ghost, edge, attack}

  function renderedPoint(event) {
    const rect = surface.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  function nodeAt(point, except) {
    let found = null;
    cy.nodes().forEach((node) => {
      if (found || node === except || node.hasClass("ghost")) return;
      const box = node.renderedBoundingBox({ includeLabels: false });
      if (point.x >= box.x1 && point.x <= box.x2 && point.y >= box.y1 && point.y <= box.y2) found = node;
    });
    return found;
  }

  handle.addEventListener("mousedown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const source = cy.getElementById(handle.dataset.node);
    if (source.empty()) return;
    const ghost = cy.add({ group: "nodes", classes: "ghost", data: { id: "__ghost" }, renderedPosition: renderedPoint(event), grabbable: false });
    const edge = cy.add({ group: "edges", classes: "ghost", data: { id: "__ghost_edge", source: source.id(), target: "__ghost" } });
    drawing = { source, ghost, edge, target: null };
    handle.hidden = true;
    document.addEventListener("mousemove", onDrawMove);
    document.addEventListener("mouseup", onDrawEnd, { once: true });
  });

  function onDrawMove(event) {
    const point = renderedPoint(event);
    drawing.ghost.renderedPosition(point);
    drawing.edge.toggleClass("attack", event.shiftKey || event.altKey);
    const target = nodeAt(point, drawing.source);
    if (target !== drawing.target) {
      if (drawing.target) drawing.target.removeClass("drop-target");
      drawing.target = target;
      if (target) target.addClass("drop-target");
    }
  }

  function onDrawEnd(event) {
    document.removeEventListener("mousemove", onDrawMove);
    const { source, ghost, edge } = drawing;
    const target = nodeAt(renderedPoint(event), source);
    if (drawing.target) drawing.target.removeClass("drop-target");
    cy.remove(ghost.union(edge));
    drawing = null;
    if (target) connect(source, target, { attack: event.shiftKey || event.altKey, at: renderedPoint(event) });
    placeHandle();
  }

  /** The gesture's meaning: onto a statement, a support (popup: scheme, or attack) or with Shift an attack;
   * onto an inference, its premise (linked argument) or with Shift an undercut. */
  function connect(source, target, { attack, at }) {
    const from = source.id();
    if (target.hasClass("statement")) {
      if (attack) return run(t("Attack added."), callbacks.attack({ attacker: from, target: target.id() }));
      return offerSupport(from, target.id(), at);
    }
    if (target.data("type") === "inference") {
      if (attack) return run(t("Undercut added."), callbacks.attack({ attacker: from, target: target.id() }));
      return run(t("Premise added to the argument."), callbacks.addPremise({ premise: from, inference: target.id() }));
    }
    if (attack) return run(t("Attack added."), callbacks.attack({ attacker: from, target: target.id() }));
    callbacks.flash(t("Drop on a statement (support or attack) or on an inference (add a premise, or with Shift undercut it)."), true);
    return null;
  }

  async function run(message, promise) {
    const result = await promise;
    if (result && message) callbacks.flash(message);
    return result;
  }

  // ---------------------------------------------------------------- popups: scheme picker, statement finder

  function closePopup() {
    popup.hidden = true;
    popup.replaceChildren();
  }

  function openPopup(at, ...children) {
    popup.replaceChildren(...children);
    popup.hidden = false;
    const x = Math.min(Math.max(8, at.x), Math.max(8, cy.width() - 300));
    const y = Math.min(Math.max(8, at.y), Math.max(8, cy.height() - 200));
    popup.style.left = `${surface.offsetLeft + x}px`;
    popup.style.top = `${surface.offsetTop + y}px`;
  }

  /** A type-ahead list: `items()` filtered by every word typed; Enter or a click picks, arrows move. */
  function typeAhead({ placeholder, label, items, describe, onPick, allowEmpty }) {
    const input = el("input", { type: "search", class: "canvas-typeahead", placeholder, "aria-label": label, autocomplete: "off" });
    const list = el("ul", { class: "canvas-choices", role: "listbox" });
    let shown = [];
    let active = 0;
    const render = () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      shown = items().filter((item) => { const hay = describe(item).search.toLowerCase(); return words.every((w) => hay.includes(w)); }).slice(0, 8);
      active = Math.min(active, Math.max(0, shown.length - 1));
      list.replaceChildren(...shown.map((item, i) => el("li", {
        role: "option", class: i === active ? "active" : "", "aria-selected": String(i === active),
        onmousedown: (event) => { event.preventDefault(); onPick(item); },
      }, describe(item).label)));
    };
    input.addEventListener("input", () => { active = 0; render(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") { active = Math.min(active + 1, shown.length - 1); render(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); event.preventDefault(); }
      else if (event.key === "Enter") {
        event.preventDefault();
        if (shown.length && input.value.trim()) onPick(shown[active]);
        else if (allowEmpty) onPick(null);
      } else if (event.key === "Escape") { closePopup(); surface.focus(); }
      event.stopPropagation();
    });
    render();
    return { input, list };
  }

  const schemeText = (scheme) => Object.values(scheme).filter((v) => typeof v === "string" && !/^[0-9a-f-]{36}$/.test(v)).join(" ");

  function offerSupport(premise, conclusion, at) {
    const make = (scheme) => { closePopup(); surface.focus(); return run(t("Support added."), callbacks.support({ premise, conclusion, scheme })); };
    const picker = typeAhead({
      placeholder: t("scheme (optional): type to find"),
      label: t("scheme"),
      items: () => callbacks.schemes(),
      describe: (s) => ({ label: `${local(s, "name")} (${s.key})`, search: schemeText(s) }),
      onPick: (s) => make(s ? s.key : null),
      allowEmpty: true,
    });
    openPopup(at,
      el("div", { class: "canvas-popup-title" }, t("Connect the two statements")),
      el("div", { class: "row" },
        el("button", { type: "button", class: "button default", dataset: { action: "support" }, onclick: () => make(null) }, t("Support ⇒")),
        el("button", { type: "button", class: "button", dataset: { action: "attack" }, onclick: () => { closePopup(); run(t("Attack added."), callbacks.attack({ attacker: premise, target: conclusion })); } }, t("Attack ⟂")),
        el("button", { type: "button", class: "button", dataset: { action: "cancel" }, onclick: () => closePopup() }, t("Cancel"))),
      picker.input, picker.list);
    picker.input.focus();
  }

  /** `s` / `a` from the keyboard: find the other end by typing (text, gloss, key). */
  function findOtherEnd(mode) {
    const node = picked && cy.getElementById(picked);
    if (!node || node.empty() || !node.hasClass("statement")) { callbacks.flash(t("Select a statement on the canvas first."), true); return; }
    if (!callbacks.canCreate()) return;
    const from = node.id();
    const picker = typeAhead({
      placeholder: mode === "support" ? t("supports which statement? type text, gloss or key") : t("attacks which statement? type text, gloss or key"),
      label: mode === "support" ? t("conclusion") : t("target"),
      items: () => state.statements.filter((s) => s.id !== from),
      describe: (s) => ({ label: `${t(s.kind)}: ${short(s.text, 50)}`, search: `${s.text} ${s.gloss || ""} ${s.key || ""} ${s.kind}` }),
      onPick: (s) => {
        if (!s) return;
        closePopup();
        const target = cy.getElementById(s.id);
        if (mode === "support") offerSupport(from, s.id, target.nonempty() ? target.renderedPosition() : { x: 40, y: 40 });
        else { surface.focus(); run(t("Attack added."), callbacks.attack({ attacker: from, target: s.id })); }
      },
    });
    const box = node.renderedBoundingBox();
    openPopup({ x: box.x1, y: box.y2 + 6 }, el("div", { class: "canvas-popup-title" }, mode === "support" ? t("Support: this statement ⇒ …") : t("Attack: this statement ⟂ …")), picker.input, picker.list);
    picker.input.focus();
  }

  function askImplicitPremise() {
    const node = picked && cy.getElementById(picked);
    if (!node || node.empty() || !node.hasClass("statement")) { callbacks.flash(t("Select the statement the unstated premise supports."), true); return; }
    const text = el("input", { type: "text", class: "canvas-typeahead", placeholder: t("the unstated premise, in your words"), "aria-label": t("implicit premise") });
    const add = async () => {
      if (!text.value.trim()) return;
      closePopup();
      surface.focus();
      await run(t("Implicit premise added."), callbacks.implicitPremise({ conclusion: node.id(), text: text.value.trim() }));
    };
    text.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") { event.preventDefault(); add(); }
      if (event.key === "Escape") closePopup();
    });
    const box = node.renderedBoundingBox();
    openPopup({ x: box.x1, y: box.y2 + 6 }, el("div", { class: "canvas-popup-title" }, t("Implicit premise (not stated in the text)")), text,
      el("div", { class: "row" }, el("button", { type: "button", class: "button default", dataset: { action: "add-implicit" }, onclick: add }, t("Add")),
        el("button", { type: "button", class: "button", onclick: () => closePopup() }, t("Cancel"))));
    text.focus();
  }

  // ---------------------------------------------------------------- keyboard

  const DIRECTIONS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  /** The nearest node in a direction: distance along it, plus twice the distance across it (a node straight
   * ahead wins over a nearer one off to the side). */
  function nearest(from, [dx, dy]) {
    const origin = from.position();
    let best = null;
    let bestScore = Infinity;
    cy.nodes().forEach((node) => {
      if (node === from || node.hasClass("ghost")) return;
      const p = node.position();
      const along = (p.x - origin.x) * dx + (p.y - origin.y) * dy;
      const across = Math.abs((p.x - origin.x) * dy - (p.y - origin.y) * dx);
      if (along <= 0.5) return;
      const score = along + 2 * across;
      if (score < bestScore) { bestScore = score; best = node; }
    });
    return best;
  }

  surface.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const node = picked ? cy.getElementById(picked) : null;
    if (DIRECTIONS[event.key]) {
      event.preventDefault();
      if (!node || node.empty()) { const first = cy.nodes().not(".ghost").first(); if (first.nonempty()) pick(first, { reveal: true }); return; }
      const next = nearest(node, DIRECTIONS[event.key]);
      if (next) pick(next, { reveal: true });
    } else if (event.key === "Enter" && node && node.nonempty()) {
      event.preventDefault();
      callbacks.select(node.data("family"), node.id());
    } else if (event.key === "s" || event.key === "a") {
      event.preventDefault();
      findOtherEnd(event.key === "s" ? "support" : "attack");
    } else if (event.key === "i") {
      event.preventDefault();
      askImplicitPremise();
    } else if ((event.key === "Delete" || event.key === "Backspace") && node && node.nonempty()) {
      event.preventDefault();
      if (window.confirm(t("Delete this node and what only it held together?"))) run(t("Deleted."), callbacks.remove(node.data("family"), node.id()));
    } else if (event.key === "f") { event.preventDefault(); fit(); }
    else if (event.key === "+" || event.key === "=") { event.preventDefault(); zoomBy(1.25); }
    else if (event.key === "-") { event.preventDefault(); zoomBy(0.8); }
    else if (event.key === "Escape") closePopup();
    else return;
    event.stopPropagation();
  });
  surface.addEventListener("focus", () => { if (!picked) { const first = cy.nodes().not(".ghost").first(); if (first.nonempty()) pick(first); } });
  popup.addEventListener("keydown", (event) => { if (event.key === "Escape") { closePopup(); surface.focus(); } });

  // ---------------------------------------------------------------- evaluation

  async function toggleEvaluation() {
    evaluationOn = !evaluationOn;
    evaluateButton.classList.toggle("active", evaluationOn);
    evaluateButton.setAttribute("aria-pressed", String(evaluationOn));
    if (evaluationOn) await refreshEvaluation();
    else showEvaluation(null);
  }

  let evaluationRun = 0;
  async function refreshEvaluation() {
    const run = ++evaluationRun;
    try {
      const labels = await callbacks.evaluate();
      if (run === evaluationRun && evaluationOn) showEvaluation(labels);
    } catch (error) { callbacks.flash(error.message, true); }
  }

  /** IN / OUT / UNDEC per node id as a coloured halo and a badge in the label; null clears them. */
  function showEvaluation(labels) {
    evaluation = labels || {};
    cy.batch(() => cy.nodes().not(".ghost").forEach((node) => {
      for (const label of Object.keys(EVALUATION_COLOURS)) node.removeClass(`evaluation-${label}`);
      if (evaluation[node.id()]) node.addClass(`evaluation-${evaluation[node.id()]}`);
      node.data("display", displayOf(node.data()));
    }));
    container.dataset.evaluated = labels ? String(Date.now()) : "";
  }

  // ---------------------------------------------------------------- minimap

  const mini = minimap.getContext("2d");
  let miniLayer = null; // an offscreen bitmap of the nodes; the viewport frame is drawn over it
  let miniBox = null;
  let miniFrame = 0;

  function drawMinimapNodes() {
    const nodes = cy.nodes().not(".ghost");
    minimap.hidden = nodes.length < MINIMAP_FROM;
    if (minimap.hidden) return;
    const box = shapeBounds(nodes);
    const scale = Math.min(minimap.width / (box.w || 1), minimap.height / (box.h || 1)) * 0.92;
    miniBox = { x1: box.x1, y1: box.y1, scale, dx: (minimap.width - box.w * scale) / 2, dy: (minimap.height - box.h * scale) / 2 };
    miniLayer = miniLayer || document.createElement("canvas");
    miniLayer.width = minimap.width;
    miniLayer.height = minimap.height;
    const g = miniLayer.getContext("2d");
    g.clearRect(0, 0, miniLayer.width, miniLayer.height);
    nodes.forEach((node) => {
      const p = node.position();
      const family = node.data("family");
      g.fillStyle = family === "statement" ? KIND_COLOURS[node.data("kind")] || "#64748b" : (TYPE_STYLE[node.data("type")] || TYPE_STYLE.inference).line;
      const size = family === "statement" ? 3 : 2;
      g.fillRect(miniBox.dx + (p.x - miniBox.x1) * scale - size / 2, miniBox.dy + (p.y - miniBox.y1) * scale - size / 2, size, size);
    });
    scheduleMinimap();
  }

  function scheduleMinimap() {
    if (miniFrame) return;
    miniFrame = requestAnimationFrame(() => {
      miniFrame = 0;
      if (!miniLayer || minimap.hidden) return;
      mini.clearRect(0, 0, minimap.width, minimap.height);
      mini.drawImage(miniLayer, 0, 0);
      const view = cy.extent();
      mini.strokeStyle = "#0f172a";
      mini.lineWidth = 1.5;
      mini.strokeRect(miniBox.dx + (view.x1 - miniBox.x1) * miniBox.scale, miniBox.dy + (view.y1 - miniBox.y1) * miniBox.scale, view.w * miniBox.scale, view.h * miniBox.scale);
    });
  }

  function panFromMinimap(event) {
    if (!miniBox) return;
    const rect = minimap.getBoundingClientRect();
    const x = miniBox.x1 + (event.clientX - rect.left - miniBox.dx) / miniBox.scale;
    const y = miniBox.y1 + (event.clientY - rect.top - miniBox.dy) / miniBox.scale;
    cy.pan({ x: cy.width() / 2 - x * cy.zoom(), y: cy.height() / 2 - y * cy.zoom() });
  }
  minimap.addEventListener("mousedown", (event) => {
    panFromMinimap(event);
    const move = (e) => panFromMinimap(e);
    document.addEventListener("mousemove", move);
    document.addEventListener("mouseup", () => document.removeEventListener("mousemove", move), { once: true });
  });

  // ---------------------------------------------------------------- size

  new ResizeObserver(() => { cy.resize(); placeHandle(); scheduleMinimap(); }).observe(surface);

  return {
    cy,
    sync,
    select,
    fit,
    showEvaluation,
    /** For tests and tools: a node's centre in page (viewport) coordinates. */
    pagePoint(id) {
      const node = cy.getElementById(id);
      if (node.empty()) return null;
      const rect = surface.getBoundingClientRect();
      const p = node.renderedPosition();
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
    get picked() { return picked; },
  };
}

/** The splitter between the text and the graph: drag it, or focus it and press ← / →. The text pane's width
 * is a custom property of `grid` (CSSOM, allowed by the strict CSP), remembered in this browser. */
export function resizablePanes(splitter, grid, { min = 280, key = "argmap.docWidth" } = {}) {
  const apply = (width) => {
    const max = grid.clientWidth - min - 320;
    const clamped = Math.round(Math.max(min, Math.min(max, width)));
    grid.style.setProperty("--doc-width", `${clamped}px`);
    splitter.setAttribute("aria-valuenow", String(clamped));
    return clamped;
  };
  const saved = Number(window.localStorage.getItem(key));
  if (saved) apply(saved);
  const remember = (width) => window.localStorage.setItem(key, String(width));
  splitter.addEventListener("mousedown", (event) => {
    event.preventDefault();
    const left = grid.getBoundingClientRect().left;
    const move = (e) => apply(e.clientX - left);
    document.addEventListener("mousemove", move);
    document.addEventListener("mouseup", (e) => { document.removeEventListener("mousemove", move); remember(apply(e.clientX - left)); }, { once: true });
  });
  splitter.addEventListener("keydown", (event) => {
    const step = { ArrowLeft: -40, ArrowRight: 40 }[event.key];
    if (!step) return;
    event.preventDefault();
    const first = grid.firstElementChild.getBoundingClientRect().width;
    remember(apply(first + step));
  });
}
