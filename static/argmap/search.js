// Search in the document: every occurrence of a (Japanese or Latin) substring, over the document's code
// points, so hits are the same offsets anchors use. The screen draws hits as classes on the document's
// segments (`.search-hit`, `.search-current`; the strict CSP forbids style attributes). Enter / Shift+Enter
// (or F3 / Shift+F3 anywhere) go to the next / previous hit; Esc clears the search and leaves the current
// hit selected in the document, so a kind hotkey annotates it at once.

import { fmt, t } from "./i18n.js";

/** Every occurrence of `query` in `points` (an array of code points) as [start, end) code-point offsets. */
export function findAll(points, query) {
  const needle = Array.from(query);
  if (!needle.length) return [];
  const text = points.join("");
  const folded = text.toLowerCase();
  const caseless = folded.length === text.length;
  const haystack = caseless ? folded : text;
  const wanted = caseless ? needle.join("").toLowerCase() : needle.join("");
  const codePointAt = new Int32Array(text.length + 1); // UTF-16 index → code-point index
  for (let unit = 0, point = 0; point < points.length; point++) {
    for (let k = 0; k < points[point].length; k++) codePointAt[unit + k] = point;
    unit += points[point].length;
    codePointAt[unit] = point + 1;
  }
  const hits = [];
  for (let at = haystack.indexOf(wanted); at >= 0; at = haystack.indexOf(wanted, at + 1)) {
    const start = codePointAt[at];
    hits.push([start, start + needle.length]);
  }
  return hits;
}

/**
 * Wires the search box. `onChange()` redraws the document (read `search.hits`, `search.current`);
 * `onGo(hit)` reveals and selects one hit; `onLeave(hit)` is called on Esc (focus back to the text).
 */
export function createSearch({ points, input, counter, previous, next, onChange, onGo, onLeave }) {
  const search = { hits: [], current: -1, query: "" };
  let timer = null;

  function render() {
    counter.textContent = !search.query ? "" : search.hits.length
      ? fmt(t("%(n)s of %(m)s"), { n: search.current + 1, m: search.hits.length })
      : t("no match");
    counter.classList.toggle("no-match", Boolean(search.query) && !search.hits.length);
  }

  function run() {
    search.query = input.value;
    search.hits = findAll(points, search.query);
    search.current = search.hits.length ? 0 : -1;
    render();
    onChange();
    if (search.current >= 0) onGo(search.hits[0]);
  }

  search.go = (step) => {
    if (input.value !== search.query) run();
    if (!search.hits.length) return;
    search.current = (search.current + step + search.hits.length) % search.hits.length;
    render();
    onChange();
    onGo(search.hits[search.current]);
  };

  search.clear = () => {
    const hit = search.hits[search.current] || null;
    input.value = "";
    search.query = "";
    search.hits = [];
    search.current = -1;
    render();
    onChange();
    onLeave(hit);
  };

  /** Which hit (index) covers [start, end), or -1: the screen marks segments with it. */
  search.hitAt = (start, end) => {
    let low = 0, high = search.hits.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [s, e] = search.hits[mid];
      if (e <= start) low = mid + 1;
      else if (s >= end) high = mid - 1;
      else {
        let first = mid;
        while (first > 0 && search.hits[first - 1][1] > start) first--;
        return first;
      }
    }
    return -1;
  };

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 120); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); search.go(event.shiftKey ? -1 : 1); }
    else if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); clearTimeout(timer); search.clear(); }
  });
  previous.addEventListener("click", () => search.go(-1));
  next.addEventListener("click", () => search.go(1));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "F3") return;
    event.preventDefault();
    search.go(event.shiftKey ? -1 : 1);
  });
  return search;
}
