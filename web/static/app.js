// brink serve: checking the scenario as it is typed, and a run's live
// progress. Everything else is plain HTML from the server.
"use strict";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

const pct = p => (100 * p).toFixed(2) + " %";
const interval = e => (100 * e.lo).toFixed(2) + "–" + (100 * e.hi).toFixed(2) + " %";
const commas = n => Number(n).toLocaleString("en-GB");

// --- The editor ---------------------------------------------------------

function setupEditor(form) {
  const text = form.querySelector("#text");
  const status = document.getElementById("status");
  const diags = document.getElementById("diagnostics");
  const select = document.getElementById("variant");
  const list = document.getElementById("variants");
  let timer = 0, seq = 0;

  async function validate() {
    const mine = ++seq;
    status.textContent = "Checking…";
    status.className = "status checking";
    const body = new URLSearchParams({ name: form.elements.name.value, text: text.value });
    let res;
    try {
      const r = await fetch("/validate", { method: "POST", body });
      if (!r.ok) throw new Error(r.status + " " + r.statusText);
      res = await r.json();
    } catch (err) {
      if (mine === seq) {
        status.textContent = "Could not check the text: " + err.message;
        status.className = "status bad";
      }
      return;
    }
    if (mine !== seq) return; // a later check is under way
    const n = res.diagnostics.length;
    status.textContent = res.ok ? "✓ No problems" + (res.id ? " — scenario " + res.id : "")
      : "✗ " + n + " problem" + (n === 1 ? "" : "s");
    status.className = "status " + (res.ok ? "ok" : "bad");
    diags.replaceChildren(...res.diagnostics.map(d => {
      const box = el("div", { class: "diag", "data-line": d.line || 0, "data-col": d.col || 0, title: "Show the line in the text" }, el("p", {}, d.head));
      if (d.context) box.append(el("pre", {}, d.context));
      return box;
    }));
    if (res.ok || res.variants.length) {
      const keep = select.value;
      select.replaceChildren(el("option", { value: "" }, "none — the scenario as written"),
        ...res.variants.map(v => el("option", { value: v.id }, v.id)));
      select.value = res.variants.some(v => v.id === keep) ? keep : "";
      list.replaceChildren(...res.variants.flatMap(v => [el("dt", {}, v.id), el("dd", {}, v.description || "–")]));
    }
  }

  // Clicking a problem puts the cursor where it is.
  diags.addEventListener("click", ev => goTo(text, ev));

  text.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(validate, 300);
    recheckRecord();
  });

  // The record, checked against the scenario as either is typed.
  const record = form.querySelector("#record");
  const rstatus = document.getElementById("record-status");
  const rdiags = document.getElementById("record-diagnostics");
  let rtimer = 0, rseq = 0;
  async function validateRecord() {
    const mine = ++rseq;
    rstatus.textContent = "Checking…";
    rstatus.className = "status checking";
    const body = new URLSearchParams({ name: form.elements.name.value, text: text.value, record: record.value });
    let res;
    try {
      const r = await fetch("/validate-record", { method: "POST", body });
      if (!r.ok) throw new Error(r.status + " " + r.statusText);
      res = await r.json();
    } catch (err) {
      if (mine === rseq) {
        rstatus.textContent = "Could not check the record: " + err.message;
        rstatus.className = "status bad";
      }
      return;
    }
    if (mine !== rseq) return;
    rstatus.textContent = res.status;
    rstatus.className = "status " + (res.ok ? "ok" : "bad");
    rdiags.replaceChildren(...res.diagnostics.map(d => {
      const box = el("div", { class: "diag", "data-line": d.line || 0, "data-col": d.col || 0, title: "Show the line in the record" }, el("p", {}, d.head));
      if (d.context) box.append(el("pre", {}, d.context));
      return box;
    }));
  }
  function recheckRecord() {
    if (!record) return;
    clearTimeout(rtimer);
    rtimer = setTimeout(validateRecord, 300);
  }
  if (record) {
    record.addEventListener("input", recheckRecord);
    rdiags.addEventListener("click", ev => goTo(record, ev));
  }
}

// goTo puts the cursor of area on the line and column of the problem clicked.
function goTo(area, ev) {
  const d = ev.target.closest(".diag");
  const line = Number(d && d.dataset.line);
  if (!line) return;
  const lines = area.value.split("\n");
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  at += Math.max(0, Number(d.dataset.col) - 1);
  area.focus();
  area.setSelectionRange(at, at);
  const lh = parseFloat(getComputedStyle(area).lineHeight) || 19;
  area.scrollTop = Math.max(0, (line - 5) * lh);
}

// --- A run going --------------------------------------------------------

const stateText = {
  running: "Running…",
  cancelling: "Cancelling — keeping what has finished…",
};

// bar is a horizontal bar as long as p of its cell (styled through the
// CSSOM: the page's content security policy forbids inline style attributes).
function bar(p) {
  const b = el("span", { class: "pbar" });
  b.style.width = Math.max(0.5, 100 * p).toFixed(1) + "%";
  return b;
}

function estimateTable(caption, rows) {
  const body = rows.map(e => el("tr", {},
    el("td", {}, e.label.trim()),
    el("td", { class: "num" }, pct(e.p)),
    el("td", { class: "num muted" }, interval(e)),
    el("td", { class: "barcell" }, bar(e.p)),
    el("td", { class: "num muted" }, commas(e.count))));
  return el("table", { class: "estimates" },
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", { class: "num" }, "Probability"),
      el("th", { class: "num" }, "95 % interval"), el("th", {}, ""), el("th", { class: "num" }, "Trajectories"))),
    el("tbody", {}, ...body));
}

function renderSummary(box, s) {
  const find = name => s.ends.concat(s.events).find(e => e.name === name);
  const cards = [["Any nuclear use", "nuclear_use"], ["General nuclear war", "general_nuclear_war"],
    ["Negotiated settlement", "settlement"], ["Direct war between the coalitions", "direct_war"]]
    .map(([label, name]) => {
      const e = find(name);
      return el("div", { class: "card" }, el("div", { class: "label" }, label),
        el("div", { class: "value" }, e ? pct(e.p) : "–"),
        el("div", { class: "muted" }, e ? "95 % interval " + interval(e) : ""));
    });
  const first = s.first_use_by.filter(e => e.count > 0);
  box.replaceChildren(
    el("p", { class: "muted" }, (s.partial ? "So far: " : "") + commas(s.trajectories) + " of " + commas(s.requested) +
      " trajectories; each figure is the share of them in which it happened."),
    el("section", { class: "cards", id: "live-figures" }, ...cards),
    estimateTable("How it ends", s.ends),
    estimateTable("What happens on the way", s.events),
    ...(first.length ? [estimateTable("First nuclear use by", first)] : []));
}

function setupJob(box) {
  const id = box.dataset.id;
  const bar = document.getElementById("bar");
  const text = document.getElementById("progress-text");
  const state = document.getElementById("state");
  const link = document.getElementById("result-link");
  const cancel = document.getElementById("cancel-form");
  const summary = document.getElementById("summary");
  const es = new EventSource("/jobs/" + id + "/events");
  es.addEventListener("state", ev => {
    const st = JSON.parse(ev.data);
    bar.max = st.n;
    bar.value = st.done;
    let t = commas(st.done) + " of " + commas(st.n) + " trajectories";
    if (st.elapsed > 0.5 && st.done > 0) {
      const rate = st.done / st.elapsed;
      t += " · " + commas(Math.round(rate)) + " per second";
      if (st.state === "running" && st.done < st.n) t += " · about " + Math.ceil((st.n - st.done) / rate) + " s left";
    }
    text.textContent = t;
    if (st.summary) renderSummary(summary, st.summary);
    if (st.text) summary.replaceChildren(el("pre", { class: "report-text", id: "report-text" }, st.text));
    state.className = "state " + st.state;
    if (st.state === "saved" && st.report) {
      const kind = box.dataset.kind;
      if (kind === "validate" || kind === "infer") {
        state.textContent = "Finished: " + commas(st.done) + " trajectories" + (kind === "infer" ? " per hypothesis" : "") + ". The report is below.";
        link.replaceChildren(el("a", { class: "button primary", href: st.report, id: "open-report" }, "Open the " + kind + " report on its own"));
        summary.replaceChildren(el("iframe", { class: "report", id: "report-frame", src: st.report, title: "The " + kind + " report" }));
      } else {
        // A comparison or a sweep: kept under the runs root, with its report.
        state.textContent = st.partial
          ? "Cancelled. What finished (" + commas(st.done) + " trajectories) is kept, marked partial."
          : "Finished: " + commas(st.done) + " trajectories, kept with its report.";
        link.replaceChildren(el("a", { class: "button primary", href: st.report, id: "open-report" }, "Open the report"));
      }
    } else if (st.state === "saved") {
      state.textContent = st.partial
        ? "Cancelled. The " + commas(st.done) + " trajectories that finished are kept, marked partial (brink run -resume completes them)."
        : "Finished: all " + commas(st.done) + " trajectories, kept as run " + st.run_id + ".";
      link.replaceChildren(el("a", { class: "button primary", href: "/runs/" + st.run_id, id: "open-run" }, "Open the run"));
    } else if (st.state === "failed") {
      state.textContent = "Failed: " + st.error;
    } else if (st.stage) {
      state.textContent = "Running " + st.stage + "…";
    } else {
      state.textContent = stateText[st.state] || st.state;
    }
    if (st.state === "saved" || st.state === "failed") {
      const h = document.getElementById("summary-heading");
      if (h) h.textContent = "Summary";
      cancel.hidden = true;
      es.close();
    }
  });
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) state.textContent = "Lost contact with brink serve; reload the page.";
  };
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("editor");
  if (form) setupEditor(form);
  const job = document.getElementById("job");
  if (job) setupJob(job);
});
