// The annotation screen's first two reads (its state and the map's stored layout), started by a tiny classic
// script as soon as the <head> is parsed, while the screen's module graph (Cytoscape: ~400 KB) is still
// loading. annotate.js takes each answer once (`window.argmapPreload`), through its usual error handling; its
// later reads go to the API as before. The URLs come from this script's data attributes (no inline script:
// the Content-Security-Policy forbids them).
(() => {
  const { state, layout } = document.currentScript.dataset;
  const read = (url) => fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  window.argmapPreload = { [state]: read(state), [layout]: read(layout) };
})();
