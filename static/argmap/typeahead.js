// Type-ahead pickers: an accessible combobox (WAI-ARIA 1.2: an input with a listbox popup) over
// statements, sources or schemes, never an unfiltered list. Typing filters on text, gloss and key
// (Japanese substrings included: matching is on NFKC-folded, case-folded code points); the best matches
// come first, then the nearest in the document. ↓/↑ move, Enter picks, Esc closes (a second Esc clears).
// With `multiple`, picks become removable chips (Backspace on an empty input removes the last).
//
// Exported for every picker of the screen (the canvas's inline scheme picker included):
//   const picker = createTypeahead({ label, items, multiple, placeholder, near, onChange });
//   form.append(picker.element); picker.value (an id, or ids when multiple); picker.clear();
// An item is {id, kind?, text, gloss?, key?, position?}: kind is shown as a chip, position (a code-point
// offset in the document) orders equally good matches by distance from `near`.

import { t } from "./i18n.js";

const MAX_OPTIONS = 30;
let counter = 0;

const fold = (text) => (text || "").normalize("NFKC").toLowerCase();

/** How well an item matches the query: 0 none, higher better (start of key/text beats inside). */
export function matchScore(item, query) {
  const q = fold(query).trim();
  if (!q) return 1;
  let best = 0;
  for (const [field, weight] of [[item.key, 3], [item.text, 2], [item.gloss, 2]]) {
    const value = fold(field);
    if (!value) continue;
    const at = value.indexOf(q);
    if (at < 0) continue;
    best = Math.max(best, weight + (at === 0 ? 2 : 0) + (value === q ? 4 : 0));
  }
  return best;
}

/** The items matching `query`, best first, then nearest to `near` in the document, then in given order. */
export function rankItems(items, query, { near = null, exclude = new Set() } = {}) {
  const scored = [];
  items.forEach((item, index) => {
    if (exclude.has(item.id)) return;
    const score = matchScore(item, query);
    if (!score) return;
    const distance = near === null || item.position === undefined || item.position === null ? Infinity : Math.abs(item.position - near);
    scored.push({ item, score, distance, index });
  });
  scored.sort((a, b) => b.score - a.score || a.distance - b.distance || a.index - b.index);
  return scored.map((s) => s.item);
}

function shortText(text, n) {
  const cps = Array.from(text || "");
  return cps.length > n ? cps.slice(0, n).join("") + "…" : text || "";
}

export function createTypeahead({ label, items = [], multiple = false, placeholder = "", near = null, onChange = () => {}, name = "" } = {}) {
  const id = `typeahead-${++counter}`;
  let all = items;
  let picked = [];
  let shown = [];
  let active = -1;

  const root = document.createElement("div");
  root.className = `typeahead${multiple ? " typeahead-multiple" : ""}`;
  if (name) root.dataset.name = name;
  const chips = document.createElement("div");
  chips.className = "typeahead-chips";
  const input = document.createElement("input");
  Object.assign(input, { type: "text", placeholder, autocomplete: "off", spellcheck: false });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-label", label);
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${id}-list`);
  if (name) input.name = name;
  const list = document.createElement("ul");
  list.className = "typeahead-list";
  list.id = `${id}-list`;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", label);
  if (multiple) list.setAttribute("aria-multiselectable", "true");
  list.hidden = true;
  root.append(chips, input, list);

  const byId = () => new Map(all.map((item) => [item.id, item]));

  function option(item, index) {
    const li = document.createElement("li");
    li.id = `${id}-opt-${index}`;
    li.setAttribute("role", "option");
    li.dataset.id = item.id;
    li.setAttribute("aria-selected", String(index === active));
    if (index === active) li.classList.add("active");
    if (item.kind) {
      const chip = document.createElement("span");
      chip.className = `chip kind-${item.kind}`;
      chip.textContent = t(item.kind);
      li.append(chip, " ");
    }
    li.append(shortText(item.text, 60));
    if (item.gloss) {
      const gloss = document.createElement("span");
      gloss.className = "muted typeahead-gloss";
      gloss.textContent = ` ${shortText(item.gloss, 40)}`;
      li.append(gloss);
    }
    li.addEventListener("mousedown", (event) => { event.preventDefault(); pick(item); });
    return li;
  }

  function renderList() {
    list.replaceChildren(...shown.map(option));
    if (!shown.length) {
      const empty = document.createElement("li");
      empty.className = "muted typeahead-empty";
      empty.textContent = t("No match.");
      list.append(empty);
    }
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", `${id}-opt-${active}`);
      const current = list.children[active];
      if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open() {
    shown = rankItems(all, input.value, { near, exclude: new Set(picked) }).slice(0, MAX_OPTIONS);
    active = shown.length ? 0 : -1;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    renderList();
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function renderChips() {
    const known = byId();
    chips.replaceChildren(...picked.map((pickedId) => {
      const item = known.get(pickedId) || { id: pickedId, text: pickedId };
      const chip = document.createElement("span");
      chip.className = `typeahead-chip${item.kind ? ` kind-${item.kind}` : ""}`;
      chip.dataset.id = pickedId;
      chip.append(shortText(item.text, multiple ? 24 : 50));
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "typeahead-remove";
      remove.textContent = "×";
      remove.setAttribute("aria-label", `${t("Remove")} ${shortText(item.text, 24)}`);
      remove.addEventListener("click", () => { unpick(pickedId); input.focus(); });
      chip.append(remove);
      return chip;
    }));
  }

  function pick(item) {
    picked = multiple ? [...picked.filter((p) => p !== item.id), item.id] : [item.id];
    input.value = "";
    renderChips();
    close();
    if (!multiple) input.placeholder = t("change…");
    onChange(api.value);
  }

  function unpick(pickedId) {
    picked = picked.filter((p) => p !== pickedId);
    if (!picked.length) input.placeholder = placeholder;
    renderChips();
    onChange(api.value);
  }

  input.addEventListener("input", open);
  input.addEventListener("focus", () => { if (input.value) open(); });
  input.addEventListener("blur", () => setTimeout(close, 0));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { open(); return; }
      if (!shown.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : -1) + shown.length) % shown.length;
      renderList();
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0 && shown[active]) {
        event.preventDefault();
        pick(shown[active]);
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); event.stopPropagation(); close(); }
      else if (input.value) { event.preventDefault(); event.stopPropagation(); input.value = ""; }
    } else if (event.key === "Backspace" && !input.value && picked.length) {
      unpick(picked[picked.length - 1]);
    }
  });

  const api = {
    element: root,
    input,
    get value() { return multiple ? [...picked] : picked[0] || ""; },
    set value(next) { picked = next ? (Array.isArray(next) ? [...next] : [next]) : []; renderChips(); },
    setItems(next) { all = next; if (!list.hidden) open(); renderChips(); },
    clear() { picked = []; input.value = ""; input.placeholder = placeholder; renderChips(); close(); },
    focus() { input.focus(); },
  };
  return api;
}
