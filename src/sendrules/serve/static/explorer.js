// The sendrules explorer: a case, its key facts, an as-at date, and what the law says is owed.
// Plain JavaScript, no library and nothing fetched from elsewhere: every request goes to this service.
"use strict";

const DAY = 86400000;
const STATUS = {  // colour is never the only signal: each status has a symbol and its name in words
  met: {colour: "#1b7a3a", symbol: "✓", words: "met"},
  met_late: {colour: "#b35c00", symbol: "✓!", words: "met late"},
  overdue: {colour: "#c0182a", symbol: "!", words: "overdue"},
  due_soon: {colour: "#8a5a00", symbol: "◷", words: "due soon"},
  pending: {colour: "#1f5fa8", symbol: "…", words: "pending"},
  excepted: {colour: "#5c5c5c", symbol: "–", words: "excepted (time limit lifted)"},
  undetermined: {colour: "#6b3fa0", symbol: "?", words: "undetermined"},
  conflict: {colour: "#6b3fa0", symbol: "≠", words: "conflict"},
  error: {colour: "#000000", symbol: "✗", words: "error"},
  not_triggered: {colour: "#888888", symbol: "·", words: "not triggered"},
};

const state = {case: null, catalogue: null, result: null, asAt: null, timer: null, seq: 0};
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const ns = ["svg", "rect", "line", "text", "circle", "g", "title", "path"].includes(tag) ? "http://www.w3.org/2000/svg" : null;
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
function ms(isoDate) { return Date.parse(isoDate + "T00:00:00Z"); }
function nice(isoDate) {
  return new Date(ms(isoDate)).toLocaleDateString("en-GB", {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
}

async function api(method, path, body) {
  const headers = {"Accept": "application/json"};
  const token = $("token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const resp = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  let data = null;
  try { data = await resp.json(); } catch (e) { data = null; }
  if (!resp.ok) {
    const problems = (data && data.error && data.error.problems) || [];
    const why = resp.status === 401 ? ["the service needs an access token (give it above)"] : problems;
    throw new Error(why.length ? why.join("\n") : "the service answered " + resp.status);
  }
  return data;
}

function showErrors(message) {
  const box = $("errors");
  box.replaceChildren();
  if (!message) return;
  box.append(el("p", {}, "The service could not evaluate this case:"));
  const ul = el("ul");
  for (const line of message.split("\n")) ul.append(el("li", {}, line));
  box.append(ul);
}

// ---------------------------------------------------------------- the case and its key facts
function firstRequest() { return state.case.requests[0]; }

function factTarget(path, create) {
  const [where, key] = path.split(".");
  if (where === "person") return [state.case.person, key];
  const req = firstRequest();
  if (where === "request") return [req, key];
  if (!req.assessment) { if (!create) return [null, key]; req.assessment = {}; }
  if (!req.assessment.plan) { if (!create) return [null, key]; req.assessment.plan = {}; }
  return [req.assessment.plan, key];
}

function readFacts() {
  for (const input of document.querySelectorAll("#facts [data-path]")) {
    const [obj, key] = factTarget(input.dataset.path, false);
    input.value = obj && obj[key] ? obj[key] : "";
  }
}

function writeFact(input) {
  const path = input.dataset.path;
  if (input.value) {
    const [obj, key] = factTarget(path, true);
    obj[key] = input.value;
    if (path === "request.outcome_date" && !firstRequest().outcome) {
      // a notified decision needs its content; "assess" is the usual one and can be changed
      firstRequest().outcome = "assess";
    }
  } else {
    const [obj, key] = factTarget(path, false);
    if (obj) delete obj[key];
    prunePlan();
  }
  readFacts();
  caseChanged();
}

function prunePlan() {
  const req = firstRequest();
  if (req.assessment && req.assessment.plan && Object.keys(req.assessment.plan).length === 0) delete req.assessment.plan;
  if (req.assessment && Object.keys(req.assessment).length === 0) delete req.assessment;
}

function caseDates() {
  const found = [];
  (function walk(v, key) {
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && key !== "birth_date") found.push(ms(v));
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  })(state.case, "");
  return found;
}

function setSliderRange(keepAsAt) {
  const dates = caseDates();
  const asAt = keepAsAt || state.asAt || iso(Date.now());
  const lo = Math.min(ms(asAt), ...dates) - 60 * DAY;
  const hi = Math.max(ms(asAt), ...dates) + 400 * DAY;
  const slider = $("as-at");
  slider.min = String(Math.round(lo / DAY));
  slider.max = String(Math.round(hi / DAY));
  slider.value = String(Math.round(ms(asAt) / DAY));
  setAsAt(asAt);
}

function setAsAt(isoDate) {
  state.asAt = isoDate;
  $("as-at-text").value = nice(isoDate);
  $("as-at").setAttribute("aria-valuetext", nice(isoDate));
}

function useCase(caseDoc, asAt) {
  if (!caseDoc || typeof caseDoc !== "object" || !Array.isArray(caseDoc.requests) || !caseDoc.requests.length) {
    showErrors("a case needs `requests` with at least one request (schema 2.0; docs/case-format.md)");
    return;
  }
  caseDoc.person = caseDoc.person || {};
  state.case = caseDoc;
  readFacts();
  setSliderRange(asAt);
  caseChanged();
}

function caseChanged() {
  $("case-json").value = JSON.stringify(state.case, null, 2);
  schedule(0);
}

// ---------------------------------------------------------------- findings: yes / no / not yet decided
function findingsShown() {
  const names = new Set();
  const req = firstRequest();
  for (const n of Object.keys(req.findings || {})) names.add(n);
  for (const n of Object.keys(state.case.findings || {})) names.add(n);
  for (const f of (state.result && state.result.findings_needed) || []) {
    if (!f.record_id && (f.request_id === undefined || f.request_id === req.request_id)) names.add(f.finding);
  }
  const cat = (state.catalogue && state.catalogue.findings) || {};
  return [...names].filter((n) => cat[n] && ["case", "request"].includes(cat[n].scope)).sort();
}

function findingHolder(name, create) {
  const scope = state.catalogue.findings[name].scope;
  const owner = scope === "case" ? state.case : firstRequest();
  if (!owner.findings && create) owner.findings = {};
  return owner.findings || null;
}

function renderFindings() {
  const box = $("findings");
  box.replaceChildren();
  const names = findingsShown();
  if (!names.length) { box.append(el("p", {class: "hint"}, "No finding is recorded or needed.")); return; }
  names.forEach((name, i) => {
    const holder = findingHolder(name, false);
    const rec = holder && holder[name];
    const current = rec === undefined || rec === null ? "" : (rec.value === true ? "yes" : rec.value === false ? "no" : "");
    const id = "finding-" + i;
    const select = el("select", {id, "data-finding": name});
    for (const [v, words] of [["", "not yet decided"], ["yes", "yes"], ["no", "no"]]) {
      const opt = el("option", {value: v}, words);
      if (v === current) opt.selected = true;
      select.append(opt);
    }
    select.addEventListener("change", () => {
      const h = findingHolder(name, true);
      if (select.value === "") delete h[name]; else h[name] = {value: select.value === "yes"};
      caseChanged();
    });
    const q = state.catalogue.findings[name].question;
    box.append(el("div", {class: "finding"}, el("label", {for: id}, q, " ", el("code", {}, name)), select));
  });
}

// ---------------------------------------------------------------- evaluation
function schedule(delay) {
  document.body.dataset.state = "busy";  // "ready" again when the answer for the latest input is shown
  clearTimeout(state.timer);
  state.timer = setTimeout(evaluate, delay);
}

async function evaluate() {
  if (!state.case) return;
  const seq = ++state.seq;
  $("status").textContent = "Evaluating at " + nice(state.asAt) + "…";
  try {
    const result = await api("POST", "v1/cases/evaluate", {case: state.case, as_at: state.asAt, explain: true});
    if (seq !== state.seq) return;  // a later date or fact has been asked for since
    state.result = result;
    showErrors(null);
    render();
  } catch (e) {
    if (seq !== state.seq) return;
    showErrors(e.message);
    $("status").textContent = "Not evaluated: see the problems below.";
  }
  if (seq === state.seq) document.body.dataset.state = "ready";
}

function duties() {
  const r = state.result;
  return r.duties.map((key) => ({key, ...r.outcomes[key]}))
    .filter((o) => o.duty && o.status !== "not_triggered" && (o.duty.trigger || o.duty.due));
}

function nodesByKey() {
  const map = {};
  for (const n of (state.result.explanation && state.result.explanation.nodes) || []) map[n.key] = n;
  return map;
}

function render() {
  const list = duties();
  const counts = {};
  for (const d of list) counts[d.status] = (counts[d.status] || 0) + 1;
  const parts = Object.entries(counts).map(([s, n]) => n + " " + (STATUS[s] ? STATUS[s].words : s));
  $("status").textContent = "At " + nice(state.result.as_at) + ": " + list.length + " duties triggered" +
    (parts.length ? " (" + parts.join(", ") + ")" : "") + "; " + (state.result.defects || []).length + " defects.";
  renderTimeline(list);
  renderDutyTable(list);
  renderNeeded();
  renderDecisions();
  renderFindings();
}

function label(key) {
  const node = nodesByKey()[key];
  return node ? node.description : key;
}

function renderTimeline(list) {
  const box = $("timeline");
  box.replaceChildren();
  if (!list.length) { box.append(el("p", {class: "hint"}, "No duty has been triggered at this date.")); return; }
  const asAt = ms(state.result.as_at);
  const points = [asAt];
  for (const d of list) for (const k of ["trigger", "due", "discharged"]) if (d.duty[k]) points.push(ms(d.duty[k]));
  const lo = Math.min(...points) - 10 * DAY, hi = Math.max(...points) + 10 * DAY;
  const W = 760, left = 250, right = 120, rowH = 30, top = 34;
  const H = top + list.length * rowH + 10;
  const x = (t) => left + (t - lo) / (hi - lo) * (W - left - right);
  const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-labelledby": "tl-title tl-desc",
    id: "timeline-svg"});
  svg.append(el("title", {id: "tl-title"}, "Duties on a timeline at " + nice(state.result.as_at)));
  svg.append(el("desc", {id: "tl-desc"}, "Each row is a duty: a bar from its trigger to its due date, a circle where it was done, " +
    "and its status in words; the same facts are in the table below."));
  // month ticks along the top
  const d0 = new Date(lo);
  for (let t = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth() + 1, 1); t < hi; ) {
    const d = new Date(t);
    svg.append(el("line", {x1: x(t), x2: x(t), y1: top - 6, y2: H - 6, class: "tick"}));
    if (d.getUTCMonth() % 2 === 0) {
      svg.append(el("text", {x: x(t) + 2, y: top - 10, class: "tick-label"},
        d.toLocaleDateString("en-GB", {month: "short", year: "2-digit", timeZone: "UTC"})));
    }
    t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  list.forEach((d, i) => {
    const y = top + i * rowH;
    const st = STATUS[d.status] || {colour: "#333", symbol: "", words: d.status};
    const g = el("g", {class: "row", "data-key": d.key, "data-status": d.status});
    g.append(el("title", {}, `${label(d.key)} (${d.key}): ${st.words}` +
      (d.duty.due ? `; due ${nice(d.duty.due)}` : "") + (d.duty.discharged ? `; done ${nice(d.duty.discharged)}` : "")));
    const name = label(d.key);
    g.append(el("text", {x: 4, y: y + 19, class: "row-label"}, name.length > 40 ? name.slice(0, 39) + "…" : name));
    const start = d.duty.trigger ? x(ms(d.duty.trigger)) : x(ms(d.duty.due)) - 4;
    const end = d.duty.due ? x(ms(d.duty.due)) : x(hi);
    g.append(el("rect", {x: start, y: y + 7, width: Math.max(3, end - start), height: 16, rx: 3, fill: st.colour,
      "fill-opacity": 0.25, stroke: st.colour, "stroke-width": 1.5, "stroke-dasharray": d.duty.due ? null : "4 3"}));
    if (d.duty.due) g.append(el("line", {x1: end, x2: end, y1: y + 3, y2: y + 27, stroke: st.colour, "stroke-width": 3}));
    if (d.duty.discharged) {
      g.append(el("circle", {cx: x(ms(d.duty.discharged)), cy: y + 15, r: 6, fill: st.colour, stroke: "#fff", "stroke-width": 1.5}));
    }
    g.append(el("text", {x: W - right + 8, y: y + 19, class: "row-status", fill: st.colour}, st.symbol + " " + st.words));
    svg.append(g);
  });
  svg.append(el("line", {x1: x(asAt), x2: x(asAt), y1: top - 18, y2: H, class: "as-at-line"}));
  svg.append(el("text", {x: x(asAt) + 3, y: 12, class: "as-at-label"}, "as at " + nice(state.result.as_at)));
  box.append(svg);
  const legend = $("legend");
  legend.replaceChildren(el("span", {}, "Key: bar = trigger to due date; tall line = due date; circle = done; dashed = no due date. "));
  for (const s of [...new Set(list.map((d) => d.status))]) {
    const st = STATUS[s] || {colour: "#333", symbol: "", words: s};
    legend.append(el("span", {class: "key"}, el("span", {class: "swatch swatch-" + s}), st.symbol + " " + st.words));
  }
}

function renderDutyTable(list) {
  const body = $("duty-table").querySelector("tbody");
  body.replaceChildren();
  for (const d of list) {
    const st = STATUS[d.status] || {symbol: "", words: d.status};
    body.append(el("tr", {},
      el("th", {scope: "row"}, label(d.key), el("br"), el("code", {}, d.key)),
      el("td", {class: "status-" + d.status}, st.symbol + " " + st.words),
      el("td", {}, d.duty.trigger ? nice(d.duty.trigger) : "—"),
      el("td", {}, d.duty.due ? nice(d.duty.due) : "—"),
      el("td", {}, d.duty.discharged ? nice(d.duty.discharged) : "not yet")));
  }
}

function renderNeeded() {
  const box = $("needed");
  box.replaceChildren();
  const r = state.result;
  const findings = r.findings_needed || [], facts = r.facts_needed || [];
  if (!findings.length && !facts.length) { box.append(el("p", {}, "Nothing: every outcome is decided.")); return; }
  const ul = el("ul");
  for (const f of findings) {
    const q = state.catalogue && state.catalogue.findings[f.finding];
    ul.append(el("li", {}, el("strong", {}, "Finding: "), q ? q.question : f.finding, " ", el("code", {}, f.finding),
      el("br"), el("span", {class: "hint"}, "needed by " + f.needed_by.join(", "))));
  }
  for (const f of facts) {
    ul.append(el("li", {}, el("strong", {}, "Fact: "), el("code", {}, f.fact), el("br"),
      el("span", {class: "hint"}, "needed by " + f.needed_by.join(", "))));
  }
  box.append(ul);
}

function renderDecisions() {
  const ul = $("decisions");
  ul.replaceChildren();
  const filter = $("decision-filter").value.trim().toLowerCase();
  // the duties first (in date order), then this case's other decisions, then the definitions they use
  const rank = (n) => (state.result.duties.includes(n.key) ? 0 : n.key.includes("[") ? 1 : 2);
  const order = new Map(state.result.duties.map((k, i) => [k, i]));
  const nodes = [...((state.result.explanation && state.result.explanation.nodes) || [])]
    .sort((a, b) => rank(a) - rank(b) || (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0) || (a.key < b.key ? -1 : 1));
  for (const n of nodes) {
    if (n.status === "not_triggered") continue;
    const text = (n.description + " " + n.text + " " + n.key).toLowerCase();
    if (filter && !text.includes(filter)) continue;
    const cites = el("span", {class: "cites"});
    for (const c of n.citations) {
      cites.append(c.url ? el("a", {href: c.url, rel: "noreferrer", target: "_blank"}, c.text) : el("span", {}, c.text), " ");
    }
    const st = STATUS[n.status];
    ul.append(el("li", {"data-key": n.key},
      el("strong", {}, n.description), " ", el("span", {class: "badge"}, st ? st.symbol + " " + st.words : n.status),
      el("p", {class: "because"}, n.text), el("p", {class: "law"}, "Law: ", cites)));
  }
}

// ---------------------------------------------------------------- what-if
function renderParameters() {
  const select = $("wi-param");
  select.replaceChildren();
  for (const [id, p] of Object.entries(state.catalogue.parameters)) {
    const last = p.values[p.values.length - 1];
    if (typeof last.value !== "number") continue;
    const opt = el("option", {value: id, "data-value": last.value}, `${id} (now ${last.value}${p.unit && p.unit !== "none" ? " " + p.unit.replace("_", " ") : ""})`);
    if (id === "final_plan_weeks") opt.selected = true;
    select.append(opt);
  }
  $("wi-value").value = select.selectedOptions[0] ? select.selectedOptions[0].dataset.value : "";
}

function brief(o) {
  if (!o) return "not applicable";
  const st = STATUS[o.status];
  let s = st ? st.words : o.status;
  if (o.value !== undefined && o.value !== null) s += ": " + JSON.stringify(o.value);
  if (o.due) s += ", due " + nice(o.due);
  return s;
}

async function runWhatIf() {
  const box = $("whatif");
  if (!state.case) { box.textContent = "Load a case first."; return; }
  const name = $("wi-param").value, value = Number($("wi-value").value);
  box.textContent = "Comparing…";
  try {
    const r = await api("POST", "v1/whatif", {case: state.case, as_at: state.asAt, changes: {[name]: value}});
    box.replaceChildren();
    const n = r.changes.length;
    box.append(el("p", {}, n ? `${n} ${n === 1 ? "outcome changes" : "outcomes change"} with ${name} = ${value}:` :
      `Nothing changes for this case at ${nice(state.asAt)} with ${name} = ${value}.`));
    if (r.changes.length) {
      const table = el("table", {}, el("caption", {}, `What changes with ${name} = ${value}`),
        el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "Outcome"), el("th", {scope: "col"}, "Now"),
          el("th", {scope: "col"}, "What if"))));
      const tbody = el("tbody");
      for (const c of r.changes) {
        tbody.append(el("tr", {}, el("th", {scope: "row"}, el("code", {}, c.key)), el("td", {}, brief(c.before)),
          el("td", {}, brief(c.after))));
      }
      table.append(tbody);
      box.append(table);
    }
  } catch (e) {
    box.textContent = "Not compared: " + e.message;
  }
}

// ---------------------------------------------------------------- save as scenario
function scenarioYaml() {
  const keys = duties().map((d) => d.key);
  const lines = [
    "format: sendrules.scenarios/2",
    "description: >",
    "  Written in the sendrules explorer. Fill in source, working and expect from the legislation",
    "  (work the dates out by hand: never copy the engine's answers), then run `sendrules test FILE`.",
    "scenarios:",
    "  - name: " + JSON.stringify("explorer: " + (state.case.case_id || "case") + " at " + state.asAt),
    "    source: \"TODO: the provision this scenario checks, e.g. SEND Regs 2014 reg 13(2)\"",
    "    working: |",
    "      TODO: the hand arithmetic or reasoning behind each expected value.",
    "    as_at: " + state.asAt,
    "    case: " + JSON.stringify(state.case),
    "    expect:",
    "      outcomes: {}",
    "      # Fill in what the law requires; the duties triggered at this date were:",
    ...keys.map((k) => "      #   " + k + ": {status: ..., due: ...}"),
  ];
  return lines.join("\n") + "\n";
}

function saveScenario() {
  if (!state.case) { $("status").textContent = "Load a case first."; return; }
  const blob = new Blob([scenarioYaml()], {type: "application/yaml"});
  const a = el("a", {href: URL.createObjectURL(blob), download: "scenario-" + state.asAt + ".yaml"});
  document.body.append(a);
  a.click();
  a.remove();
}

// ---------------------------------------------------------------- start
async function loadExample() {
  const id = $("example").value;
  if (!id) return;
  try {
    const ex = await api("GET", "v1/examples/" + encodeURIComponent(id));
    useCase(ex.case, ex.as_at);
  } catch (e) { showErrors(e.message); }
}

async function start() {
  for (const input of document.querySelectorAll("#facts [data-path]")) {
    input.addEventListener("change", () => { if (state.case) writeFact(input); });
  }
  $("as-at").addEventListener("keydown", (e) => {
    if (e.key !== "PageUp" && e.key !== "PageDown") return;
    e.preventDefault();  // a month a press, whatever the slider's range
    const slider = $("as-at");
    slider.value = String(Number(slider.value) + (e.key === "PageUp" ? 30 : -30));
    slider.dispatchEvent(new Event("input"));
  });
  $("as-at").addEventListener("input", () => {
    setAsAt(iso(Number($("as-at").value) * DAY));
    schedule(150);
  });
  $("load-example").addEventListener("click", loadExample);
  $("use-json").addEventListener("click", () => {
    try { useCase(JSON.parse($("case-json").value)); } catch (e) { showErrors("the case file is not JSON: " + e.message); }
  });
  $("decision-filter").addEventListener("input", () => { if (state.result) renderDecisions(); });
  $("wi-run").addEventListener("click", runWhatIf);
  $("wi-param").addEventListener("change", () => { $("wi-value").value = $("wi-param").selectedOptions[0].dataset.value; });
  $("save-scenario").addEventListener("click", saveScenario);
  $("token").addEventListener("change", loadLists);
  await loadLists();
}

async function loadLists() {
  try {
    state.catalogue = await api("GET", "v1/rules");
    renderParameters();
    const list = await api("GET", "v1/examples");
    const select = $("example");
    select.replaceChildren(el("option", {value: ""}, "Choose an example…"));
    const groups = {};
    for (const ex of list.examples) {
      if (!groups[ex.file]) { groups[ex.file] = el("optgroup", {label: ex.file}); select.append(groups[ex.file]); }
      groups[ex.file].append(el("option", {value: ex.id}, ex.title));
    }
    showErrors(null);
  } catch (e) {
    showErrors(e.message);
  }
}

document.addEventListener("DOMContentLoaded", start);
