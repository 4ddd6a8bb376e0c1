// The keyboard: a registry of shortcuts (the `?` sheet lists every registered section), global hotkeys that
// never fire while typing, and caret mode in the document (a selection started without the mouse).
//
// Other modules add their keys with `registerShortcuts(section, [{keys: ["1", "c"], description}])`
// (the canvas: `registerShortcuts(t("Map canvas"), CANVAS_SHORTCUTS)`); the sheet reads the registry each time
// it opens, so the order of registration does not matter.

import { t } from "./i18n.js";

const sections = new Map();

export function registerShortcuts(section, list) {
  sections.set(section, list.map((entry) => ({ keys: [...entry.keys], description: entry.description })));
}

export function registeredShortcuts() {
  return [...sections.entries()].map(([section, list]) => ({ section, list }));
}

/** True while the user types into a field: hotkeys leave those keys to the field. */
export function isTyping(event) {
  const target = event.target;
  return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable]"));
}

/** Global single-key hotkeys: `bindings` is [{keys, run(event), when?()}]; no modifier but Shift. */
export function installHotkeys(bindings) {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
    if (event.target.closest && event.target.closest("dialog[open]") && event.key !== "?") return;
    const binding = bindings.find((b) => b.keys.includes(event.key) && (!b.when || b.when(event)));
    if (!binding) return;
    event.preventDefault();
    binding.run(event);
  });
}

// ------------------------------------------------------------------ the shortcut sheet

let sheet = null;

export function openShortcutSheet(host = document.body) {
  if (!sheet) {
    sheet = document.createElement("dialog");
    sheet.id = "shortcut-sheet";
    sheet.className = "shortcut-sheet";
    sheet.setAttribute("aria-labelledby", "shortcut-sheet-title");
    host.append(sheet);
  }
  const title = document.createElement("h2");
  title.id = "shortcut-sheet-title";
  title.textContent = t("Keyboard shortcuts");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "button";
  close.textContent = t("Close (Esc)");
  close.addEventListener("click", () => sheet.close());
  const body = registeredShortcuts().map(({ section, list }) => {
    const wrap = document.createElement("section");
    const heading = document.createElement("h3");
    heading.textContent = section;
    const table = document.createElement("dl");
    for (const entry of list) {
      const dt = document.createElement("dt");
      entry.keys.forEach((key, i) => {
        if (i) dt.append(" / ");
        const kbd = document.createElement("kbd");
        kbd.textContent = key;
        dt.append(kbd);
      });
      const dd = document.createElement("dd");
      dd.textContent = entry.description;
      table.append(dt, dd);
    }
    wrap.append(heading, table);
    return wrap;
  });
  sheet.replaceChildren(title, ...body, close);
  if (!sheet.open) sheet.showModal();
  close.focus();
  return sheet;
}

// ------------------------------------------------------------------ sentences and caret mode

const SENTENCE_END = new Set(["。", "．", "！", "？", "!", "?"]);
const isSpace = (c) => /\s/u.test(c);

/** The sentence holding code point `at`: [start, end) trimmed of white space. Sentences end after 。．！？ (and
 * ! ?) or at a newline. */
export function sentenceAt(points, at) {
  const n = points.length;
  at = Math.max(0, Math.min(at, n - 1));
  let start = at;
  while (start > 0 && points[start - 1] !== "\n" && !SENTENCE_END.has(points[start - 1])) start--;
  let end = at;
  while (end < n && points[end] !== "\n" && !SENTENCE_END.has(points[end])) end++;
  if (end < n && SENTENCE_END.has(points[end])) end++;
  while (start < end && isSpace(points[start])) start++;
  while (end > start && isSpace(points[end - 1])) end--;
  return { start, end };
}

/** The start of the next (step 1) or previous (step -1) sentence from code point `at`. */
export function sentenceStep(points, at, step) {
  const here = sentenceAt(points, at);
  if (step > 0) {
    let probe = Math.max(here.end, at + 1);
    while (probe < points.length) {
      const next = sentenceAt(points, probe);
      if (next.end > next.start && next.start >= here.end && next.start > at) return next.start;
      probe = Math.max(next.end, probe + 1);
    }
    return at;
  }
  if (at > here.start) return here.start;
  let probe = here.start - 1;
  while (probe >= 0) {
    const previous = sentenceAt(points, probe);
    if (previous.end > previous.start && previous.start < here.start) return previous.start;
    probe = Math.min(previous.start, probe) - 1;
  }
  return at;
}

/**
 * Caret mode in the focused document. `view` supplies `showCaret(offset)`, `showRange(start, end)` (the
 * document's own selection) and `choose(start, end)` (the selection is ready for a kind).
 * ←/→ move by character, ]/[ by sentence (Shift extends), Home/End to the sentence's ends,
 * Enter or v choose the extended range or else the caret's sentence.
 */
export function createCaret({ docEl, points, view }) {
  const caret = { anchor: 0, focus: 0 };

  const draw = () => {
    if (caret.anchor === caret.focus) view.showCaret(caret.focus);
    else view.showRange(Math.min(caret.anchor, caret.focus), Math.max(caret.anchor, caret.focus));
  };

  caret.moveTo = (offset, extend = false) => {
    caret.focus = Math.max(0, Math.min(points.length, offset));
    if (!extend) caret.anchor = caret.focus;
    draw();
  };

  docEl.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const { key, shiftKey } = event;
    const forward = key === "ArrowRight" || key === "]" || key === "}" || key === "End";
    // Without Shift a selection collapses first, to its end going forward and to its start going back.
    const from = shiftKey || caret.anchor === caret.focus ? caret.focus
      : forward ? Math.max(caret.anchor, caret.focus) : Math.min(caret.anchor, caret.focus);
    let target = null;
    if (key === "ArrowRight") target = from + (shiftKey || caret.anchor === caret.focus ? 1 : 0);
    else if (key === "ArrowLeft") target = from - (shiftKey || caret.anchor === caret.focus ? 1 : 0);
    else if (key === "]" || key === "}") target = sentenceStep(points, from, 1);
    else if (key === "[" || key === "{") target = sentenceStep(points, from, -1);
    else if (key === "Home") target = sentenceAt(points, from).start;
    else if (key === "End") target = sentenceAt(points, from).end;
    else if (key === "Enter" || key === "v") {
      event.preventDefault();
      event.stopPropagation();
      if (caret.anchor !== caret.focus) view.choose(Math.min(caret.anchor, caret.focus), Math.max(caret.anchor, caret.focus));
      else {
        const { start, end } = sentenceAt(points, caret.focus);
        if (end > start) view.choose(start, end);
      }
      return;
    }
    if (target === null) return;
    event.preventDefault();
    event.stopPropagation();
    caret.moveTo(target, shiftKey);
  });
  // A mouse click keeps its own caret and selection; keyboard focus shows the caret mode's.
  docEl.addEventListener("focus", () => { if (docEl.matches(":focus-visible")) draw(); });
  docEl.addEventListener("blur", () => view.showCaret(null));
  return caret;
}
