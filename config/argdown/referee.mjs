// The official Argdown parser as a referee: reads a JSON list of file paths on stdin and prints, per file
// and per parser version (@argdown/core as @argdown/cli 1.7.5 ships it, and @argdown/core 2.0.1),
// the errors and the model it built (statements, arguments, relations by kind) as one JSON document.
import { createRequire } from "module";
import { readFileSync } from "fs";
import path from "path";
import { pathToFileURL } from "url";

// ARGDOWN_HOME is where config/scripts/ensure_argdown.sh installed the pinned packages (var/node).
const home = process.env.ARGDOWN_HOME || path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(path.join(home, "package.json"));
const cliDir = path.dirname(require.resolve("@argdown/cli/package.json"));
const node17 = require(require.resolve("@argdown/node", { paths: [cliDir] }));
const core20 = await import(pathToFileURL(require.resolve("@argdown/core")).href);
const versions = {
  "1.7.5": (request) => node17.argdown.runAsync(request),
  "2.0.1": async (request) => core20.argdown.run(request),
};
const PROCESS = ["parse-input", "build-model", "build-map", "transform-closed-groups", "export-dot"];

function end(node) {
  if (!node) return null;
  return { type: node.type, title: node.title };
}

function summarise(response) {
  const errors = [...(response.lexerErrors || []), ...(response.parserErrors || [])].map((e) => ({
    message: e.message,
    line: e.token ? e.token.startLine : e.line,
  }));
  const statements = {};
  for (const [title, ec] of Object.entries(response.statements || {})) {
    const canonical = ec.members.find((m) => m.isCanonical) || ec.members[0] || {};
    statements[title] = {
      text: canonical.text || "",
      tags: ec.tags || [],
      data: ec.data || null,
      isUsedAsPremise: !!ec.isUsedAsPremise,
      isUsedAsMainConclusion: !!ec.isUsedAsMainConclusion,
      isUsedAsIntermediaryConclusion: !!ec.isUsedAsIntermediaryConclusion,
      section: ec.section ? ec.section.title : null,
    };
  }
  const argumentsOut = {};
  for (const [title, a] of Object.entries(response.arguments || {})) {
    const description = (a.members || []).filter((m) => m.text).map((m) => m.text);
    argumentsOut[title] = {
      descriptions: description,
      tags: a.tags || [],
      data: a.data || null,
      pcs: (a.pcs || []).map((s) => ({
        title: s.title,
        role: s.role,
        inference: s.inference
          ? { rules: s.inference.inferenceRules || [], data: s.inference.data || null }
          : null,
      })),
    };
  }
  const relations = (response.relations || []).map((r) => ({
    from: end(r.from),
    to: end(r.to),
    kind: r.relationType,
    occurrences: (r.occurrences || []).length,
  }));
  const groups = [];
  const walk = (nodes, depth) => {
    for (const node of nodes || []) {
      if (node.type === "group") {
        groups.push({ title: node.title, depth, children: (node.children || []).length });
        walk(node.children, depth + 1);
      }
    }
  };
  walk(response.map ? response.map.nodes : [], 0);
  return {
    errors,
    statements,
    arguments: argumentsOut,
    relations,
    map: response.map ? { nodes: response.map.nodes.length, edges: response.map.edges.length } : null,
    groups,
    dot: response.dot || "",
  };
}

const files = JSON.parse(readFileSync(0, "utf8"));
const out = {};
for (const file of files) {
  const input = readFileSync(file, "utf8");
  out[file] = {};
  for (const [version, app] of Object.entries(versions)) {
    try {
      const response = await app({ input, process: PROCESS, logLevel: "error", throwExceptions: false });
      out[file][version] = summarise(response);
    } catch (error) {
      out[file][version] = { errors: [{ message: String(error && error.message ? error.message : error) }] };
    }
  }
}
process.stdout.write(JSON.stringify(out));
