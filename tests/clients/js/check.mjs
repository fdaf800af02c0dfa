// Reads eventgraph exports with the libraries visualisers use, and prints what each one saw as
// one JSON line: node and edge labels for Cytoscape.js and graphology, slide headlines and
// dates for TimelineJS3 (run in jsdom, as in a browser).
// usage: node check.mjs CYTOSCAPE.json GRAPHOLOGY.json TIMELINEJS.json
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import cytoscape from "cytoscape";
import graphology from "graphology";
import { JSDOM } from "jsdom";

const require = createRequire(import.meta.url);
const [cytoFile, graphologyFile, timelineFile] = process.argv.slice(2);
const read = (f) => JSON.parse(readFileSync(f, "utf8"));
const sorted = (xs) => [...xs].sort();

const cy = cytoscape({ headless: true, elements: read(cytoFile).elements });
const label = (id) => cy.getElementById(id).data("label");
console.log(JSON.stringify({
  client: "cytoscape",
  nodes: sorted(cy.nodes().map((n) => n.data("label"))),
  edges: sorted(cy.edges().map((e) => sorted([label(e.data("source")), label(e.data("target"))]).join(" ~ "))),
}));

const g = graphology.Graph.from(read(graphologyFile));
console.log(JSON.stringify({
  client: "graphology",
  nodes: sorted(g.mapNodes((_, a) => a.label)),
  edges: sorted(g.mapEdges((_, a, s, t, sa, ta) => sorted([sa.label, ta.label]).join(" ~ "))),
}));

// TimelineJS3 builds its slides in a page: give it one.
const dom = new JSDOM('<!DOCTYPE html><div id="timeline" style="width:800px;height:600px"></div>', {
  url: "http://localhost/",
  runScripts: "outside-only",
  pretendToBeVisual: true,
});
const { window } = dom;
window.eval(readFileSync(require.resolve("@knight-lab/timelinejs/dist/js/timeline.js"), "utf8"));
const data = read(timelineFile);
const timeline = new window.TL.Timeline("timeline", data, { script_path: "http://localhost/js/", hash_bookmark: false });
// The timeline loads its language and data asynchronously; wait until it has built its config.
const started = Date.now();
while (!timeline.config && Date.now() - started < 10000) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const config = timeline.config;
if (!config) {
  console.error("TimelineJS3 did not load the data");
  process.exit(1);
}
console.log(JSON.stringify({
  client: "timelinejs",
  valid: config.isValid(),
  slides: window.document.querySelectorAll(".tl-slide").length,
  headlines: config.events.map((e) => e.text.headline),
  dates: config.events.map((e) => [e.start_date.data.year, e.start_date.data.month, e.start_date.data.day].join("-")),
}));
process.exit(0);
