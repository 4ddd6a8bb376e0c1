// Incremental and live updates. The screen reads the whole state once (with the feed's cursor at that
// moment); from then on it follows the map's change feed: after its own writes it pages
// `changes/?after=<cursor>` at once, and teammates' writes arrive over the event stream (`events/`, an
// EventSource that resumes by itself). Either way an event is applied once: the nodes it touched are read
// again with `annotation/?nodes=…` (a few hundred bytes) and merged into the state in place, and the screen
// redraws just those. Events are applied one at a time, in feed order.

import { fmt, t } from "./i18n.js";

/** Statements and scheme applications an event's changes touch (their neighbours are added by the caller). */
export function touchedNodes(events) {
  const ids = new Set();
  const add = (value) => { if (value) ids.add(String(value)); };
  for (const event of events) {
    for (const change of event.changes || []) {
      const row = change.after || change.before || {};
      if (change.entity === "statement" || change.entity === "schemeapplication") add(change.entity_id);
      else if (change.entity === "edge") { add(row.application_id); add(row.statement_id); add(row.other_application_id); }
      else if (change.entity === "anchor" || change.entity === "evidencelink") add(row.statement_id);
      else if (["comment", "assessment", "criticalquestionanswer"].includes(change.entity)) { add(row.statement_id); add(row.application_id); }
    }
  }
  return ids;
}

/** Replaces, in `state`, every row belonging to one of `ids` by the rows of `part` (a state cut to those nodes):
 * a node missing from `part` is gone (deleted, or no longer visible). */
export function mergeState(state, part, ids) {
  const keep = (rows, owner) => rows.filter((row) => !ids.has(owner(row)));
  state.statements = [...keep(state.statements, (s) => s.id), ...part.statements];
  state.scheme_applications = [...keep(state.scheme_applications, (a) => a.id), ...part.scheme_applications];
  state.edges = [...keep(state.edges, (e) => e.application), ...part.edges];
  state.anchors = [...keep(state.anchors, (a) => a.statement), ...part.anchors];
  state.evidence_links = [...keep(state.evidence_links, (e) => e.statement), ...part.evidence_links];
  const sources = new Map(state.sources.map((s) => [s.id, s]));
  for (const source of part.sources) sources.set(source.id, source);
  state.sources = [...sources.values()];
  state.permissions = part.permissions;
  state.independent_annotation = part.independent_annotation;
}

/** A short sentence naming who did what: "alice added a premise", from an event's changes. */
export function describeEvent(event) {
  const who = event.actor_username || t("someone");
  const created = (event.changes || []).find((c) => c.entity === "statement" && c.action === "create");
  if (created) {
    const kind = (created.after && created.after.kind) || "statement";
    const text = Array.from((created.after && created.after.text) || "").slice(0, 24).join("");
    return fmt(t("%(user)s added a %(kind)s: 「%(text)s」"), { user: who, kind: t(kind), text });
  }
  const link = (event.changes || []).find((c) => c.entity === "schemeapplication" && c.action === "create");
  if (link && link.after && link.after.type === "inference") return fmt(t("%(user)s added a support"), { user: who });
  if (link && link.after && link.after.type === "conflict") return fmt(t("%(user)s added an attack"), { user: who });
  return fmt(t("%(user)s: %(summary)s"), { user: who, summary: event.summary });
}

/**
 * Follows the feed. `apply(events)` merges and redraws (awaited; calls are serialised);
 * `follow()` opens the stream, `catchUp()` pages the REST feed now (after one's own write).
 */
export function createFeed({ changesUrl, eventsUrl, cursor, getJSON, apply, onStatus = () => {} }) {
  const applied = new Set();
  let queue = Promise.resolve();
  let source = null;
  const feed = { cursor };

  let generation = 0;
  const take = (events) => {
    const taken = generation;
    queue = queue.then(async () => {
      if (taken !== generation) return; // read before a whole reload, which holds it already
      const fresh = events.filter((e) => !applied.has(e.cursor));
      if (!fresh.length) return;
      for (const e of fresh) applied.add(e.cursor);
      // A newly applied event is the newest applied: both ways deliver in order from the same cursor.
      feed.cursor = fresh[fresh.length - 1].cursor;
      await apply(fresh);
    }).catch((error) => onStatus(error));
    return queue;
  };

  feed.catchUp = async () => {
    const events = [];
    let after = feed.cursor;
    for (;;) {
      const page = await getJSON(`${changesUrl}?after=${encodeURIComponent(after)}&limit=200`);
      events.push(...page.results);
      after = page.cursor;
      if (!page.next) break;
    }
    return take(events);
  };

  feed.follow = () => {
    if (source || typeof EventSource === "undefined") return;
    source = new EventSource(`${eventsUrl}?after=${encodeURIComponent(feed.cursor)}`, { withCredentials: true });
    source.addEventListener("change", (message) => {
      try { take([JSON.parse(message.data)]); } catch (error) { onStatus(error); }
    });
    source.addEventListener("open", () => onStatus(null));
  };

  feed.reset = (nextCursor) => {
    generation++;
    feed.cursor = nextCursor;
    if (source) { source.close(); source = null; feed.follow(); }
  };

  feed.close = () => { if (source) source.close(); source = null; };
  return feed;
}
