// The eventgraph viewer: search an entity, draw its ego network (Cytoscape.js) and its
// timeline (vis-timeline) with a histogram by month, and show events with their evidence.
// Everything comes from this server's API; the state lives in the URL so a view can be shared.
/* global cytoscape, vis */
"use strict";

const CONTACT_KINDS = ["call", "meeting", "visit"];
const OTHER_KINDS = ["agreement", "attack", "investigation", "leak", "report", "sanction", "statement"];
const COLOURS = { call: "#1f77b4", meeting: "#2ca02c", visit: "#e07b00", other: "#8c8c8c" };
const MAX_TIMELINE_PAGES = 4; // 500 events a page

const $ = (id) => document.getElementById(id);
const category = (kind) => (CONTACT_KINDS.includes(kind) ? kind : "other");

const state = {
  entity: null, // {id, name, kind, country} once resolved
  query: "", // the name asked for in the URL or the search box
  depth: 1,
  kinds: new Set(CONTACT_KINDS), // categories: call, meeting, visit, other
  status: "occurred",
  from: "",
  to: "",
};
let cy = null;
let timeline = null;
let timelineItems = null;
let loadToken = 0;

// ---- small helpers -------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** A JSON request to this server; a refusal throws with the problem's `detail` as message. */
async function api(path, { method = "GET", json } = {}) {
  const headers = { accept: "application/json" };
  if (json !== undefined) {
    headers["content-type"] = "application/json";
    const token = storedToken();
    if (token) headers.authorization = `Bearer ${token}`;
  }
  const response = await fetch(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const detail = (body && body.detail) || `${response.status} ${response.statusText}`;
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return body;
}

function graphKinds() {
  const kinds = [];
  for (const c of state.kinds) kinds.push(...(c === "other" ? OTHER_KINDS : [c]));
  return kinds;
}

function allKinds() {
  return ["call", "meeting", "visit", "other"].every((c) => state.kinds.has(c));
}

/** The window parameters shared by the network, the exports and the timeline. */
function windowParams(params, { forTimeline = false } = {}) {
  if (!forTimeline) params.set("kind", graphKinds().join(","));
  if (forTimeline) {
    if (state.status !== "any") params.set("status", state.status);
  } else {
    params.set("status", state.status);
  }
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  return params;
}

/** First and last day (exclusive end) an event's date covers, from its value and precision. */
function dateRange(date) {
  if (!date || !date.value) return null;
  const v = date.value;
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) {
    const start = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return { start, end: null, precision: "day" };
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(v))) {
    return { start: new Date(Date.UTC(+m[1], +m[2] - 1, 1)), end: new Date(Date.UTC(+m[1], +m[2], 1)), precision: "month" };
  }
  if ((m = /^(\d{4})-W(\d{2})$/.exec(v))) {
    // ISO week: the week with the year's first Thursday is week 1.
    const jan4 = new Date(Date.UTC(+m[1], 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 864e5 + (+m[2] - 1) * 7 * 864e5);
    return { start: monday, end: new Date(monday.getTime() + 7 * 864e5), precision: "week" };
  }
  if ((m = /^(\d{4})$/.exec(v))) {
    return { start: new Date(Date.UTC(+m[1], 0, 1)), end: new Date(Date.UTC(+m[1] + 1, 0, 1)), precision: "year" };
  }
  return null;
}

// ---- URL state -----------------------------------------------------------------------------

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.query = (p.get("entity") || "").trim();
  state.depth = p.get("depth") === "2" ? 2 : 1;
  const kinds = p.get("kind");
  if (kinds) {
    const wanted = kinds.split(",").map((k) => k.trim()).filter((k) => ["call", "meeting", "visit", "other"].includes(k));
    if (wanted.length) state.kinds = new Set(wanted);
  }
  const status = p.get("status");
  if (["occurred", "planned", "denied", "any"].includes(status)) state.status = status;
  const date = /^\d{4}-\d{2}-\d{2}$/;
  state.from = date.test(p.get("from") || "") ? p.get("from") : "";
  state.to = date.test(p.get("to") || "") ? p.get("to") : "";
}

function writeUrl() {
  const p = new URLSearchParams();
  if (state.entity) p.set("entity", state.entity.name);
  else if (state.query) p.set("entity", state.query);
  if (state.depth !== 1) p.set("depth", String(state.depth));
  const kinds = [...state.kinds];
  if (kinds.length !== 3 || !CONTACT_KINDS.every((k) => state.kinds.has(k))) p.set("kind", kinds.join(","));
  if (state.status !== "occurred") p.set("status", state.status);
  if (state.from) p.set("from", state.from);
  if (state.to) p.set("to", state.to);
  const query = p.toString();
  history.replaceState(null, "", query ? `/?${query}` : "/");
}

function syncForm() {
  $("depth").value = String(state.depth);
  for (const box of document.querySelectorAll('#kinds input[name="kind"]')) box.checked = state.kinds.has(box.value);
  $("status").value = state.status;
  $("from").value = state.from;
  $("to").value = state.to;
  if (state.entity) $("search").value = state.entity.name;
  else if (state.query) $("search").value = state.query;
}

// ---- search with suggestions ----------------------------------------------------------------

/**
 * Entity suggestions under a search box as one types: `pick` gets the chosen entity, `enter`
 * the typed text when Enter is pressed with none highlighted. `params` adds to the query and
 * `keep` drops suggestions, both asked at each keystroke.
 */
function suggester(input, list, { pick, enter = () => {}, params = () => ({}), keep = () => true }) {
  let timer = null;
  let token = 0;
  let entities = [];
  let active = -1;

  function hide() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function show(found, q) {
    list.replaceChildren();
    entities = found;
    active = -1;
    if (!found.length) list.append(el("li", { class: "meta", text: `No entity matches “${q}”` }));
    found.forEach((e, i) => list.append(option(e, i, q)));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function option(e, i, q) {
    const folded = q.toLowerCase();
    const alias = e.name.toLowerCase().includes(folded) ? null : (e.aliases || []).find((a) => a.toLowerCase().includes(folded));
    const meta = [e.title, e.country, e.kind, `${e.counts ? e.counts.events : 0} events`].filter(Boolean).join(" · ");
    return el("li", { role: "option", id: `${list.id}-${i}`, "data-index": i, onmousedown: (ev) => { ev.preventDefault(); choose(i); } },
      el("span", { class: "name", text: e.name }),
      alias ? el("span", { class: "meta", text: ` (as “${alias}”)` }) : null,
      el("div", { class: "meta", text: meta }));
  }

  function highlight(i) {
    const items = [...list.querySelectorAll('li[role="option"]')];
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach((li, j) => li.setAttribute("aria-selected", j === active ? "true" : "false"));
    items[active].scrollIntoView({ block: "nearest" });
  }

  function choose(i) {
    const e = entities[i];
    if (!e) return;
    hide();
    input.value = e.name;
    pick(e);
  }

  async function suggest() {
    const q = input.value.trim();
    if (q.length < 2) return hide();
    const mine = ++token;
    try {
      const body = await api(`/v1/entities?${new URLSearchParams({ q, limit: "10", ...params() })}`);
      if (mine === token) show((body.entities || []).filter(keep), q);
    } catch (e) {
      if (mine === token) hide();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", (ev) => {
    const open = !list.hidden;
    if (ev.key === "ArrowDown" && open) { ev.preventDefault(); highlight(active + 1); }
    else if (ev.key === "ArrowUp" && open) { ev.preventDefault(); highlight(active - 1); }
    else if (ev.key === "Escape") hide();
    else if (ev.key === "Enter") {
      // Enter never submits the box's form: it picks, or hands the text on.
      ev.preventDefault();
      if (open && active >= 0) choose(active);
      else if (input.value.trim()) {
        hide();
        enter(input.value.trim());
      }
    }
  });
  input.addEventListener("blur", () => setTimeout(hide, 100));
  return { hide };
}

function setupSearch() {
  suggester($("search"), $("suggestions"), {
    pick: (e) => {
      state.entity = null;
      state.query = e.name;
      load(String(e.id));
    },
    enter: (text) => {
      state.entity = null;
      state.query = text;
      load(text);
    },
  });
}

// ---- filters -------------------------------------------------------------------------------

function setupFilters() {
  $("filters").addEventListener("change", () => {
    state.depth = $("depth").value === "2" ? 2 : 1;
    state.kinds = new Set([...document.querySelectorAll('#kinds input[name="kind"]:checked')].map((b) => b.value));
    state.status = $("status").value;
    state.from = $("from").value;
    state.to = $("to").value;
    if (state.from && state.to && state.from > state.to) {
      message("The From date is after the To date.", true);
      return;
    }
    writeUrl();
    if (state.entity) load(String(state.entity.id));
  });
  $("filters").addEventListener("submit", (ev) => ev.preventDefault());
}

function message(text, isError = false) {
  const m = $("message");
  m.textContent = text;
  m.className = isError ? "message error" : "message";
  m.hidden = !text;
}

// ---- loading an entity ---------------------------------------------------------------------

/** Loads an entity's views; `main` is busy until they are all drawn. */
async function load(ref) {
  const token = ++loadToken;
  const main = document.querySelector("main");
  main.setAttribute("aria-busy", "true");
  try {
    await loadViews(ref, token);
  } finally {
    if (token === loadToken) main.removeAttribute("aria-busy");
  }
}

async function loadViews(ref, token) {
  message("Loading…");
  $("cap-notice").hidden = true;
  if (!state.kinds.size) {
    message("Tick at least one kind of event.", true);
    clearViews();
    return;
  }
  let network;
  try {
    const params = windowParams(new URLSearchParams({ entity: ref, depth: String(state.depth) }));
    network = await api(`/viewer/network?${params}`);
  } catch (e) {
    if (token !== loadToken) return;
    clearViews();
    message(e.message, true);
    const hint = e.status === 404 ? /did you mean: (.+)$/.exec(e.message) : null;
    if (hint) {
      const m = $("message");
      m.textContent = `${e.message.slice(0, hint.index).replace(/;\s*$/, "")}. Did you mean `;
      hint[1].split(", ").forEach((name, i) => {
        if (i) m.append(", ");
        m.append(el("button", { class: "linklike", type: "button", text: name, onclick: () => load(name) }));
      });
      m.append("?");
    }
    return;
  }
  if (token !== loadToken) return;
  state.entity = network.entity;
  state.query = network.entity.name;
  syncForm();
  writeUrl();
  document.title = `${network.entity.name} · eventgraph viewer`;
  $("network-title").textContent = `Network of ${network.entity.name}`;
  message(network.nodes.length > 1 ? "" : `No contacts of ${network.entity.name} in this window.`);
  drawNetwork(network);
  exportLinks();
  await Promise.all([loadTimeline(token), loadEntityPanel(token)]);
}

function clearViews() {
  $("entity-panel").hidden = true;
  if (cy) cy.elements().remove();
  if (timelineItems) timelineItems.clear();
  $("histogram").replaceChildren();
  $("exports").hidden = true;
}

function exportLinks() {
  const e = state.entity;
  const projection = e.kind === "country" ? "countries" : "contacts";
  for (const [format, id] of [["gexf", "export-gexf"], ["graphml", "export-graphml"], ["cytoscape", "export-cytoscape"]]) {
    const params = windowParams(new URLSearchParams({ format, projection, entity: String(e.id), depth: String(state.depth) }));
    $(id).href = `/v1/export?${params}`;
  }
  $("exports").hidden = false;
}

// ---- the entity's merges -------------------------------------------------------------------

const TOKEN_KEY = "eventgraph-token";
let mergeBox = null;
let mergeCandidate = null;

/** The write token typed in this tab, if any: kept for the tab's life, never longer. */
function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || "";
  } catch (_) {
    return "";
  }
}

function storeToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch (_) {
    // Storage refused (a private window's policy): the token lasts until the page reloads.
  }
}

function entityError(text) {
  const p = $("entity-error");
  p.textContent = text;
  p.hidden = !text;
}

/** A refused merge or split: the server's reason, and the token field when it asks for one. */
function refused(e) {
  entityError(e.message);
  if (e.status === 401) {
    $("token-field").hidden = false;
    $("token").focus();
  }
}

async function loadEntityPanel(token) {
  let entity;
  try {
    entity = await api(`/v1/entities/${state.entity.id}`);
  } catch (e) {
    if (token !== loadToken) return;
    drawEntityPanel({ ...state.entity, merges: [] });
    entityError(`The merges could not be read: ${e.message}`);
    return;
  }
  if (token === loadToken) drawEntityPanel(entity);
}

function drawEntityPanel(entity) {
  $("entity-name").textContent = entity.name;
  const aliases = (entity.aliases || []).filter((a) => a !== entity.name);
  $("entity-meta").textContent = [entity.kind, entity.country, entity.title, aliases.length ? `also ${aliases.join(", ")}` : ""]
    .filter(Boolean).join(" · ");
  const merges = entity.merges || [];
  $("merges").replaceChildren(...(merges.length ? merges.map(mergeItem) : [el("li", { class: "meta", text: "None." })]));
  resetMergeForm();
  entityError("");
  $("entity-panel").hidden = false;
}

/** An RFC 3339 time as a minute in UTC. */
function when(time) {
  const t = new Date(time);
  return Number.isNaN(+t) ? time : `${t.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function mergeItem(m) {
  const how = m.by === "auto" ? "name resolved at ingest" : "merged";
  // A split of a name resolved at ingest gives that name an entity of its own.
  const splittable = !m.split_at;
  return el("li", { class: m.split_at ? "merge split" : "merge", "data-merge": m.id },
    el("span", { class: "name", text: m.name }),
    el("span", { class: "meta" }, ` ${how} `, el("time", { datetime: m.created_at, text: when(m.created_at) })),
    m.reason ? el("div", { class: "reason", text: m.reason }) : null,
    m.split_at ? el("div", { class: "meta split-at" }, "split ", el("time", { datetime: m.split_at, text: when(m.split_at) })) : null,
    splittable ? el("button", { class: "split", type: "button", text: "Split", onclick: (ev) => split(m, ev.currentTarget) }) : null);
}

async function split(m, button) {
  entityError("");
  button.disabled = true;
  try {
    await api(`/v1/entities/${state.entity.id}/split`, { method: "POST", json: { merge: m.id } });
  } catch (e) {
    button.disabled = false;
    refused(e);
    return;
  }
  // The split-off entity's events leave this one's network and timeline.
  load(String(state.entity.id));
}

function resetMergeForm() {
  mergeCandidate = null;
  if (mergeBox) mergeBox.hide();
  $("merge-search").value = "";
  $("merge-reason").value = "";
  $("merge-confirm").hidden = true;
}

function askMerge(other) {
  mergeCandidate = other;
  const kept = state.entity.name;
  $("merge-question").textContent = `Merge ${other.name} (${[other.kind, other.country, `${other.counts ? other.counts.events : 0} events`]
    .filter(Boolean).join(" · ")}) into ${kept}? Its names, mentions and events become ${kept}'s; Split undoes it.`;
  $("merge-confirm").hidden = false;
  entityError("");
  $("merge-reason").focus();
}

async function submitMerge(ev) {
  ev.preventDefault();
  if (!mergeCandidate || !state.entity) return;
  entityError("");
  const button = $("merge-submit");
  button.disabled = true;
  try {
    await api(`/v1/entities/${state.entity.id}/merge`, {
      method: "POST",
      json: { other: mergeCandidate.id, reason: $("merge-reason").value.trim() },
    });
  } catch (e) {
    refused(e);
    return;
  } finally {
    button.disabled = false;
  }
  // The merged entity's contacts are now this one's: draw them.
  load(String(state.entity.id));
}

function setupMerges() {
  mergeBox = suggester($("merge-search"), $("merge-suggestions"), {
    pick: askMerge,
    // Only an entity of the same kind can be merged, and never the entity into itself.
    params: () => (state.entity ? { kind: state.entity.kind } : {}),
    keep: (e) => !state.entity || e.id !== state.entity.id,
  });
  $("merge-form").addEventListener("submit", submitMerge);
  $("merge-cancel").addEventListener("click", resetMergeForm);
  $("token").value = storedToken();
  $("token-field").hidden = !storedToken();
  $("token").addEventListener("input", () => storeToken($("token").value.trim()));
}

// ---- the network ---------------------------------------------------------------------------

function drawNetwork(network) {
  const maxDegree = Math.max(1, ...network.nodes.map((n) => n.degree));
  const maxWeight = Math.max(1, ...network.edges.map((e) => e.weight));
  const elements = [
    ...network.nodes.map((n) => ({
      group: "nodes",
      data: {
        id: `n${n.id}`, entity: n.id, label: n.name, kind: n.kind, country: n.country, depth: n.depth, degree: n.degree,
        size: 16 + (36 * n.degree) / maxDegree,
      },
      classes: [n.id === network.entity.id ? "centre" : "", n.kind].join(" ").trim(),
    })),
    ...network.edges.map((e) => ({
      group: "edges",
      data: {
        id: `e${e.source}-${e.target}`, source: `n${e.source}`, target: `n${e.target}`,
        weight: e.weight, width: 1.5 + (6.5 * (e.weight - 1)) / Math.max(1, maxWeight - 1), kinds: e.kinds, category: category(e.main_kind), first: e.first, last: e.last, events: e.events,
      },
    })),
  ];
  if (!cy) {
    cy = cytoscape({
      container: $("graph"),
      minZoom: 0.1,
      maxZoom: 4,
      hideEdgesOnViewport: true,
      textureOnViewport: true,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
            "background-color": "#9aa9bb", "border-width": 1, "border-color": "#6b7c90", color: "#1d2530",
            width: "data(size)", height: "data(size)",
            "text-outline-color": "#fbfcfd", "text-outline-width": 2, "min-zoomed-font-size": 7,
          },
        },
        { selector: "node.country", style: { shape: "round-rectangle", "background-color": "#c7b28f" } },
        { selector: "node.organization", style: { shape: "diamond", "background-color": "#b49ac4" } },
        { selector: "node.centre", style: { "background-color": "#3b3f8f", "border-color": "#1f2260", "border-width": 2, "font-weight": "bold" } },
        {
          selector: "edge",
          style: {
            width: "data(width)", "curve-style": "bezier",
            "line-color": COLOURS.other, opacity: 0.85,
          },
        },
        ...["call", "meeting", "visit"].map((k) => ({ selector: `edge[category = "${k}"]`, style: { "line-color": COLOURS[k] } })),
        { selector: ":selected", style: { "overlay-color": "#f5c400", "overlay-opacity": 0.35, "overlay-padding": 4 } },
      ],
    });
    cy.on("tap", "edge", (ev) => showEdge(ev.target.data()));
    cy.on("tap", "node", (ev) => showNode(ev.target.data()));
    cy.on("dbltap", "node", (ev) => {
      const d = ev.target.data();
      if (!state.entity || d.entity !== state.entity.id) load(String(d.entity));
    });
  } else {
    cy.elements().remove();
  }
  cy.add(elements);
  const large = network.nodes.length > 150;
  if (large) {
    // Rings around the centre, nearest and best-connected first; ring k holds 24k nodes.
    const others = network.nodes.filter((n) => n.id !== network.entity.id)
      .sort((a, b) => a.depth - b.depth || b.degree - a.degree || a.id - b.id);
    let ring = 1, room = 24;
    for (const n of others) {
      if (room === 0) { ring += 1; room = 24 * ring; }
      cy.getElementById(`n${n.id}`).data("ring", ring);
      room -= 1;
    }
    cy.getElementById(`n${network.entity.id}`).data("ring", 0);
  }
  cy.style().selector("edge").style({ opacity: large ? 0.35 : 0.85 }).update();
  const layout = large
    ? { name: "concentric", concentric: (n) => -n.data("ring"), levelWidth: () => 1, minNodeSpacing: 4, animate: false, padding: 20 }
    : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, padding: 30 };
  cy.layout(layout).run();
  cy.fit(undefined, 30);
  const notice = $("cap-notice");
  if (network.truncated) {
    notice.textContent = `This network has ${network.total_nodes.toLocaleString()} entities and ` +
      `${network.total_edges.toLocaleString()} links; only the ${network.nodes.length.toLocaleString()} entities ` +
      `and ${network.edges.length.toLocaleString()} links with the strongest ties are drawn (cap: ${network.limit.toLocaleString()} entities). ` +
      "Narrow the filters to see the rest; the export links hold the whole network.";
    notice.hidden = false;
  } else {
    notice.hidden = true;
  }
}

function kindPill(kind) {
  return el("span", { class: `pill ${category(kind)}`, text: kind });
}

function showNode(d) {
  const body = $("details-body");
  const isCentre = state.entity && d.entity === state.entity.id;
  body.replaceChildren(
    el("h3", { text: d.label }),
    el("dl", {},
      el("dt", { text: "kind" }), el("dd", { text: d.kind }),
      el("dt", { text: "country" }), el("dd", { text: d.country || "—" }),
      el("dt", { text: "hops" }), el("dd", { text: String(d.depth) }),
      el("dt", { text: "contacts drawn" }), el("dd", { text: String(d.degree) })),
    isCentre ? null : el("button", { class: "linklike", type: "button", text: `Open the network of ${d.label}`, onclick: () => load(String(d.entity)) }),
  );
}

function showEdge(d) {
  const label = (id) => cy.getElementById(id).data("label");
  const body = $("details-body");
  const kinds = Object.entries(d.kinds || {}).map(([k, n]) => el("span", {}, kindPill(k), ` ${n} `));
  body.replaceChildren(
    el("h3", { text: `${label(d.source)} — ${label(d.target)}` }),
    el("dl", {},
      el("dt", { text: "events" }), el("dd", { text: String(d.weight) }),
      el("dt", { text: "kinds" }), el("dd", {}, kinds),
      el("dt", { text: "first" }), el("dd", { text: d.first || "—" }),
      el("dt", { text: "last" }), el("dd", { text: d.last || "—" })),
    el("ul", {}, (d.events || []).map((id) =>
      el("li", {}, el("button", { class: "linklike", type: "button", text: `event ${id}`, onclick: () => showEvent(id) })))),
  );
  Promise.all((d.events || []).slice(0, 20).map((id) => api(`/v1/events/${id}`).catch(() => null))).then((events) => {
    const items = body.querySelectorAll("ul li button");
    events.forEach((e, i) => {
      if (e && items[i]) items[i].textContent = `${e.kind}, ${e.date ? e.date.value : "undated"} (${e.status})`;
    });
  });
}

// ---- an event and its evidence -------------------------------------------------------------

const articles = new Map();

function article(id) {
  if (!articles.has(id)) articles.set(id, api(`/v1/articles/${id}`).catch(() => null));
  return articles.get(id);
}

async function showEvent(id) {
  const body = $("details-body");
  body.replaceChildren(el("p", { class: "hint", text: "Loading…" }));
  let e;
  try {
    e = await api(`/v1/events/${id}`);
  } catch (err) {
    body.replaceChildren(el("p", { class: "message error", text: err.message }));
    return;
  }
  const date = e.date
    ? `${e.date.value} (${e.date.precision}${e.date.text ? `, “${e.date.text}”` : ""})`
    : "undated";
  const evidence = el("div", { class: "evidence-list" });
  body.replaceChildren(
    el("h3", { id: "event-title" }, kindPill(e.kind), ` ${e.status} · event ${e.id}`),
    el("dl", {},
      el("dt", { text: "date" }), el("dd", { class: "event-date", text: date }),
      el("dt", { text: "status" }), el("dd", { class: "event-status", text: e.status }),
      el("dt", { text: "confidence" }), el("dd", { class: "event-confidence", text: e.confidence == null ? "—" : Number(e.confidence).toFixed(2) }),
      el("dt", { text: "place" }), el("dd", { text: e.place || "—" }),
      el("dt", { text: "codes" }), el("dd", { text: [e.cameo && `CAMEO ${e.cameo}`, e.plover && `PLOVER ${e.plover}`].filter(Boolean).join(", ") || "—" })),
    el("h3", { text: "Participants" }),
    el("ul", { class: "participants" }, (e.participants || []).map((p) =>
      el("li", {},
        el("button", { class: "linklike", type: "button", text: p.name, onclick: () => load(String(p.entity)) }),
        el("span", { class: "meta", text: ` ${p.role}${p.title ? ` · ${p.title}` : ""}${p.country ? ` · ${p.country}` : ""}` })))),
    el("h3", { text: "Evidence" }),
    evidence,
  );
  for (const ev of e.evidence || []) {
    const link = el("a", { href: ev.url || `/v1/articles/${ev.article}`, target: "_blank", rel: "noopener", text: ev.url || `article ${ev.article}` });
    evidence.append(el("div", { class: "evidence" }, el("blockquote", { text: ev.text }), el("span", { class: "source" }, "source: ", link)));
    article(ev.article).then((a) => {
      if (!a) return;
      const title = a.title || a.source || `article ${ev.article}`;
      link.textContent = a.published ? `${title} (${a.published})` : title;
      if (!ev.url && a.url) link.href = a.url;
    });
  }
  if (timeline && timelineItems && timelineItems.get(e.id)) timeline.setSelection([e.id]);
}

// ---- the timeline and the histogram --------------------------------------------------------

async function fetchTimeline(kind) {
  const events = [];
  let buckets = [];
  let cursor = null;
  let more = false;
  for (let page = 0; page < MAX_TIMELINE_PAGES; page++) {
    // A country's timeline holds its people's events too, as its network does.
    const e = state.entity;
    const who = e.kind === "country" && e.country ? { country: e.country } : { entity: String(e.id) };
    const params = windowParams(new URLSearchParams({ ...who, bucket: "month", limit: "500" }), { forTimeline: true });
    if (kind) params.set("kind", kind);
    if (cursor) params.set("cursor", cursor);
    const body = await api(`/v1/timeline?${params}`);
    events.push(...body.events);
    if (page === 0) buckets = body.buckets || [];
    cursor = body.next_cursor;
    if (!cursor) break;
    more = page === MAX_TIMELINE_PAGES - 1;
  }
  return { events, buckets, more };
}

async function loadTimeline(token) {
  const kinds = allKinds() ? [null] : graphKinds();
  let parts;
  try {
    parts = await Promise.all(kinds.map(fetchTimeline));
  } catch (e) {
    if (token === loadToken) $("timeline-note").textContent = `Timeline: ${e.message}`;
    return;
  }
  if (token !== loadToken) return;
  const seen = new Set();
  const events = [];
  const perMonth = new Map();
  for (const part of parts) {
    for (const e of part.events) if (!seen.has(e.id)) { seen.add(e.id); events.push(e); }
    for (const b of part.buckets) perMonth.set(b.bucket, (perMonth.get(b.bucket) || 0) + b.count);
  }
  drawTimeline(events);
  drawHistogram(perMonth);
  const more = parts.some((p) => p.more);
  const undated = events.filter((e) => !dateRange(e.date)).length;
  $("timeline-note").textContent = [
    `${events.length} events${more ? " (the first, by date; narrow the dates to see the rest)" : ""}`,
    undated ? `${undated} undated, not shown` : "",
    "month, week and year dates are drawn as ranges",
  ].filter(Boolean).join(" · ");
}

function drawTimeline(events) {
  const me = state.entity ? state.entity.id : null;
  const items = [];
  for (const e of events) {
    const range = dateRange(e.date);
    if (!range) continue;
    const others = (e.participants || []).filter((p) => p.entity !== me && p.kind !== "country").map((p) => p.name);
    const label = `${e.kind}${others.length ? ": " + others.slice(0, 3).join(", ") + (others.length > 3 ? "…" : "") : ""}`;
    const item = {
      id: e.id,
      group: category(e.kind),
      content: escapeHtml(label),
      title: escapeHtml(`${e.kind}, ${e.status}, ${e.date.value} (${e.date.precision})${e.place ? ", " + e.place : ""}`),
      start: range.start,
      className: [category(e.kind), e.status, range.end ? "imprecise" : ""].join(" ").trim(),
    };
    if (range.end) {
      item.end = range.end;
      item.type = "range";
    } else {
      item.type = "box";
    }
    items.push(item);
  }
  const groups = ["call", "meeting", "visit", "other"]
    .filter((g) => items.some((i) => i.group === g))
    .map((g, order) => ({ id: g, content: g, order }));
  let range = null;
  if (items.length) {
    const starts = items.map((i) => +i.start);
    const ends = items.map((i) => +(i.end || i.start));
    const last = Math.max(...ends);
    // Many events: open on the latest two years (scroll or zoom out for the rest).
    const first = items.length > 500 ? Math.max(Math.min(...starts), last - 730 * 864e5) : Math.min(...starts);
    const pad = Math.max(7 * 864e5, (last - first) * 0.05);
    range = { start: new Date(first - pad), end: new Date(last + pad) };
  }
  if (!timeline) {
    timelineItems = new vis.DataSet(items);
    timeline = new vis.Timeline($("timeline"), timelineItems, new vis.DataSet(groups), {
      stack: true,
      zoomable: true,
      selectable: true,
      showCurrentTime: false,
      orientation: { axis: "top" },
      margin: { item: { horizontal: 2, vertical: 4 } },
      maxHeight: 360,
      groupOrder: "order",
      tooltip: { followMouse: true },
      ...(range || {}),
    });
    timeline.on("select", (props) => {
      if (props.items && props.items.length) showEvent(props.items[0]);
    });
  } else {
    timelineItems.clear();
    timelineItems.add(items);
    timeline.setGroups(new vis.DataSet(groups));
    if (range) timeline.setWindow(range.start, range.end, { animation: false });
  }
}

function drawHistogram(perMonth) {
  const svg = $("histogram");
  svg.replaceChildren();
  const months = [...perMonth.keys()].filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
  if (!months.length) return;
  // Every month from the first to the last, empty ones included.
  const all = [];
  let [y, m] = months[0].split("-").map(Number);
  const [ly, lm] = months[months.length - 1].split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    all.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
    if (all.length > 1200) break;
  }
  const width = svg.clientWidth || 800;
  const height = 110;
  const top = 14, bottom = 18;
  const max = Math.max(...all.map((k) => perMonth.get(k) || 0));
  const step = Math.min(width / all.length, 48);
  const ns = "http://www.w3.org/2000/svg";
  const make = (tag, attrs) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  all.forEach((month, i) => {
    const count = perMonth.get(month) || 0;
    const x = i * step;
    if (count) {
      const h = ((height - top - bottom) * count) / max;
      const bar = make("rect", { class: "bar", x: x + 1, y: height - bottom - h, width: Math.max(1, step - 2), height: h, "data-month": month });
      const tip = make("title", {});
      tip.textContent = `${month}: ${count} event${count === 1 ? "" : "s"}`;
      bar.append(tip);
      bar.addEventListener("click", () => {
        const [yy, mm] = month.split("-").map(Number);
        if (timeline) timeline.setWindow(new Date(Date.UTC(yy, mm - 1, 1)), new Date(Date.UTC(yy, mm, 1)));
      });
      svg.append(bar);
      if (step > 14) {
        const label = make("text", { x: x + step / 2, y: height - bottom - h - 3, "text-anchor": "middle" });
        label.textContent = String(count);
        svg.append(label);
      }
    }
    const first = i === 0 || month.endsWith("-01");
    if (first || (step > 28)) {
      const label = make("text", { x: x + 2, y: height - 4 });
      label.textContent = step > 28 ? month : month.slice(0, 4);
      svg.append(label);
    }
  });
}

// ---- start ---------------------------------------------------------------------------------

function start() {
  readUrl();
  syncForm();
  setupSearch();
  setupFilters();
  setupMerges();
  if (state.query) load(state.query);
  else $("search").focus();
}

start();
