// minilateral live page: plain JavaScript, no libraries. Charts are drawn
// on canvas from the run's tables, read by column name from their header,
// so columns added to the model appear in the "any column" chart.
"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var PAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];
  var replay = $("replay-data") ? JSON.parse($("replay-data").textContent) : null;
  var A = null, B = null;      // run state: {info, rows, nrows, events}
  var view = 0;                // the round shown
  var timer = null, busy = false;
  var lessons = [], scenarioInfo = null, uploaded = "";

  function newRun(d) {
    return { id: d.id, info: d, header: d.header, nheader: d.nations_header, col: index(d.header),
      ncol: index(d.nations_header), rows: [], nrows: [], events: [], played: 0, done: d.done };
  }
  function index(h) { var m = {}; h.forEach(function (c, i) { m[c] = i; }); return m; }
  function absorb(run, d) {
    var lines = d.round_rows.split("\n"), t, i;
    for (i = 0; i < lines.length; i++) {
      if (!lines[i]) continue;
      var cells = lines[i].split(",");
      t = +cells[0];
      run.rows[t] = cells;
    }
    lines = d.nation_rows.split("\n");
    var nn = d.nations.length;
    for (i = 0; i < lines.length; i++) {
      if (!lines[i]) continue;
      var c = lines[i].split(","), r = +c[0];
      if (!run.nrows[r]) run.nrows[r] = new Array(nn);
      run.nrows[r][d.nations.indexOf(c[1])] = c;
    }
    d.events.forEach(function (e) { run.events.push(e); });
    run.played = d.played; run.done = d.done; run.info = d;
  }
  function num(run, t, name) {
    var row = run.rows[t], i = run.col[name];
    if (!row || i === undefined || row[i] === "") return NaN;
    return +row[i];
  }
  function series(run, name) { var s = []; for (var t = 0; t <= run.played; t++) s.push(num(run, t, name)); return s; }
  function cols(run, prefix) { return run.header.filter(function (c) { return c.indexOf(prefix) === 0; }); }

  // ---- drawing ----
  function ctx(id) { var c = $(id); var g = c.getContext("2d"); g.clearRect(0, 0, c.width, c.height); return [c, g]; }
  function lineChart(id, lines, upto) {
    var cg = ctx(id), c = cg[0], g = cg[1], L = 44, R = 10, T = 8, Bm = 22;
    var lo = Infinity, hi = -Infinity, n = 0;
    lines.forEach(function (l) { l.ys.forEach(function (y) { if (isFinite(y)) { lo = Math.min(lo, y); hi = Math.max(hi, y); } }); n = Math.max(n, l.ys.length); });
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    if (hi === lo) { hi += 0.5; lo -= 0.5; }
    var W = c.width - L - R, H = c.height - T - Bm;
    var xs = function (t) { return L + (n > 1 ? t / (n - 1) : 0) * W; }, ys = function (y) { return T + (1 - (y - lo) / (hi - lo)) * H; };
    g.strokeStyle = "#999"; g.strokeRect(L, T, W, H);
    g.fillStyle = "#333"; g.font = "11px sans-serif";
    g.fillText(fmt(hi), 2, T + 9); g.fillText(fmt(lo), 2, T + H); g.fillText("0", L, c.height - 6); g.fillText(String(Math.max(n - 1, 0)), L + W - 20, c.height - 6);
    lines.forEach(function (l, k) {
      g.strokeStyle = l.color || PAL[k % PAL.length]; g.lineWidth = 2; g.setLineDash(l.dash ? [5, 4] : []);
      g.beginPath(); var started = false;
      l.ys.forEach(function (y, t) { if (!isFinite(y)) return; if (!started) { g.moveTo(xs(t), ys(y)); started = true; } else g.lineTo(xs(t), ys(y)); });
      g.stroke(); g.setLineDash([]);
      g.fillStyle = g.strokeStyle; g.fillText(l.name, L + 6 + k * 110, T + 12);
    });
    if (upto !== undefined && n > 1) { g.strokeStyle = "#c00"; g.lineWidth = 1; g.beginPath(); g.moveTo(xs(upto), T); g.lineTo(xs(upto), T + H); g.stroke(); }
  }
  function fmt(v) { return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2); }
  function actionColor(run, a) { var i = run.info.actions.indexOf(a); return i < 0 ? "#fff" : PAL[i % PAL.length]; }
  function raster(id, run, other) {
    var cg = ctx(id), c = cg[0], g = cg[1], nat = run.info.nations, L = 34;
    var n = Math.max(run.played + 1, 1), cw = (c.width - L) / n, ch = (c.height - 4) / nat.length, ai = run.ncol.action;
    g.font = "10px sans-serif";
    for (var i = 0; i < nat.length; i++) {
      g.fillStyle = "#333"; g.fillText(nat[i], 2, 2 + ch * (i + 0.7));
      for (var t = 0; t < n; t++) {
        var row = run.nrows[t] && run.nrows[t][i]; if (!row) continue;
        g.fillStyle = actionColor(run, row[ai]); g.fillRect(L + t * cw, 2 + i * ch, Math.ceil(cw), ch - 1);
        if (other) { var o = other.nrows[t] && other.nrows[t][i]; if (o && o[ai] !== row[ai]) { g.strokeStyle = "#000"; g.lineWidth = 1.5; g.strokeRect(L + t * cw + .5, 2 + i * ch + .5, Math.max(cw - 1, 1), ch - 2); } }
      }
    }
    g.strokeStyle = "#c00"; g.beginPath(); g.moveTo(L + (view + .5) * cw, 0); g.lineTo(L + (view + .5) * cw, c.height); g.stroke();
  }
  function bars(id, run, t) {
    var cg = ctx(id), c = cg[0], g = cg[1], nat = run.info.nations, rows = run.nrows[t];
    if (!rows) return;
    var cap = rows.map(function (r) { return r ? +r[run.ncol.usable_capability] : NaN; }),
        pay = rows.map(function (r) { return r ? +r[run.ncol.payoff] : NaN; });
    var hi = Math.max.apply(null, cap.concat(pay).filter(isFinite).concat([1e-9]));
    var lo = Math.min.apply(null, pay.filter(isFinite).concat([0]));
    var T = 14, H = c.height - T - 18, w = (c.width - 10) / nat.length, zero = T + H * hi / (hi - lo);
    g.font = "10px sans-serif";
    for (var i = 0; i < nat.length; i++) {
      var x = 5 + i * w;
      [[cap[i], PAL[0], 0], [pay[i], PAL[1], 1]].forEach(function (p) {
        if (!isFinite(p[0])) return;
        var h = H * p[0] / (hi - lo); g.fillStyle = p[1];
        g.fillRect(x + p[2] * w * 0.4 + w * 0.1, h >= 0 ? zero - h : zero, w * 0.38, Math.abs(h));
      });
      g.fillStyle = "#333"; g.fillText(nat[i], x + 2, c.height - 4);
    }
    g.fillStyle = PAL[0]; g.fillText("usable capability", 6, 10); g.fillStyle = PAL[1]; g.fillText("payoff", 110, 10);
  }
  function legend(run) {
    var el = $("legend"); el.textContent = "";
    run.info.actions.forEach(function (a) { var s = document.createElement("span"), i = document.createElement("i"); i.style.background = actionColor(run, a); s.appendChild(i); s.appendChild(document.createTextNode(a)); el.appendChild(s); });
  }
  function sentence(e) {
    if (!Object.keys(e.alts).length) return "round " + e.round + ": " + e.nation + " moves " + e.from + " → " + e.to;
    var alts = Object.keys(e.alts).sort().map(function (a) { return a + " " + e.alts[a].toFixed(3); }).join(", ");
    var why = e.with ? "a joint move with " + e.with.join(", ") + ": +" + e.joint.toFixed(3) + " together" : e.forced ? "its action was no longer available" : e.gain > 0 ? "+" + e.gain.toFixed(3) + " over staying" : "a noisy or learned choice, " + (-e.gain).toFixed(3) + " below staying";
    return "round " + e.round + ": " + e.nation + " moves " + e.from + " → " + e.to + ": " + why + " [" + alts + "]";
  }
  function feed(run) {
    var ol = $("feed");
    while (ol.children.length > run.events.length) ol.removeChild(ol.lastChild);
    for (var i = ol.children.length; i < run.events.length; i++) {
      var e = run.events[i], li = document.createElement("li");
      li.textContent = sentence(e); li.dataset.round = e.round;
      li.addEventListener("click", function () { setView(+this.dataset.round); });
      ol.appendChild(li);
    }
    Array.prototype.forEach.call(ol.children, function (li) { li.className = +li.dataset.round === view ? "cur" : ""; });
  }
  function draw() {
    if (!A) return;
    var sc = $("scrub"); sc.max = A.played; sc.value = view;
    var st = $("status"); st.dataset.round = view; st.dataset.played = A.played;
    st.textContent = "round " + view + " of " + A.played + " played (" + A.info.rounds + " max), seed " + A.info.seed + (A.done ? ", finished" : "");
    $("bloc-size").textContent = isFinite(num(A, view, "bloc_size")) ? String(num(A, view, "bloc_size")) : "–";
    raster("raster", A, null); legend(A);
    var bl = [{ name: "A", ys: series(A, "bloc_size") }];
    if (B) bl.push({ name: "B", ys: series(B, "bloc_size"), dash: true });
    lineChart("c-bloc", bl, view);
    lineChart("c-threat", cols(A, "threat_").filter(function (c) { return c !== "threat_max"; }).map(function (c) { return { name: c, ys: series(A, c) }; }), view);
    lineChart("c-terms", cols(A, "terms_").filter(function (c) { return c !== "terms_total"; }).map(function (c) { return { name: c, ys: series(A, c) }; }), view);
    lineChart("c-div", cols(A, "divergence_").map(function (c) { return { name: c, ys: series(A, c) }; }), view);
    bars("c-nations", A, view);
    var any = $("anycol").value; if (any) { var al = [{ name: any + (B ? " A" : ""), ys: series(A, any) }]; if (B) al.push({ name: any + " B", ys: series(B, any), dash: true }); lineChart("c-any", al, view); }
    feed(A);
    if (B && $("raster-b")) { $("raster-b").hidden = false; raster("raster-b", B, A); compareTable(); }
    if (!replay) exportLinks();
  }
  function compareTable() {
    var tb = $("cmp-table"); tb.textContent = "";
    var hr = tb.insertRow(); ["column", "A", "B"].forEach(function (h) { var th = document.createElement("th"); th.textContent = h; hr.appendChild(th); });
    A.header.forEach(function (c, i) {
      if (c === "round") return;
      var a = A.rows[view] ? A.rows[view][i] : "", b = B.rows[view] ? B.rows[view][i] : "";
      var r = tb.insertRow(); [c, a, b].forEach(function (v) { r.insertCell().textContent = v; });
      if (a !== b) { r.cells[1].className = "diff"; r.cells[2].className = "diff"; }
    });
  }
  function setView(t) { if (!A) return; view = Math.max(0, Math.min(t, A.played)); draw(); }
  function fillAnyCol(run) {
    var s = $("anycol"), keep = s.value; s.textContent = "";
    run.header.forEach(function (c) { if (c === "round" || c === "members") return; var o = document.createElement("option"); o.value = o.textContent = c; s.appendChild(o); });
    s.value = run.col[keep] !== undefined ? keep : "welfare";
  }

  // ---- server calls ----
  function api(method, url, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) { init.body = typeof body === "string" ? body : JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
    return fetch(url, init).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || r.statusText); return j; });
    });
  }
  function showError(msg) { var e = $("error"); if (!e) return; e.hidden = !msg; e.textContent = msg || ""; }

  function gatherSetup() {
    var st = { scenario: $("scenario").value, sets: [] };
    if (st.scenario === "__upload") { st.scenario = ""; st.toml = uploaded; }
    if ($("seed").value !== "") st.seed = +$("seed").value;
    if ($("rounds").value !== "") st.rounds = +$("rounds").value;
    document.querySelectorAll(".ctl").forEach(function (d) {
      var inp = d.querySelector("input,select"); if (!inp) return;
      var v = inp.type === "checkbox" ? (inp.checked ? "true" : "false") : inp.value;
      if (v !== d.dataset.orig) st.sets.push(d.dataset.path + "=" + v);
    });
    return st;
  }
  function setup(st, withB) {
    pause(); showError("");
    var old = [A, B]; A = null; B = null;
    old.forEach(function (r) { if (r) api("DELETE", "/api/sessions/" + r.id).catch(function () {}); });
    return api("POST", "/api/sessions", st).then(function (d) {
      A = newRun(d); absorb(A, d); A.setup = st; view = 0; fillAnyCol(A);
      $("seed").value = d.seed;
      $("feed").textContent = "";
      if (!withB) { if ($("raster-b")) $("raster-b").hidden = true; $("cmp-table").textContent = ""; draw(); return; }
      var sb = JSON.parse(JSON.stringify(st)); sb.seed = d.seed;
      sb.sets = sb.sets.filter(function (kv) { return kv.split("=")[0] !== withB.key; }); sb.sets.push(withB.key + "=" + withB.value);
      return api("POST", "/api/sessions", sb).then(function (db) { B = newRun(db); absorb(B, db); draw(); });
    }).catch(function (e) { showError(e.message); });
  }
  function step(n) {
    if (!A || busy) return Promise.resolve();
    busy = true;
    var runs = [A].concat(B ? [B] : []);
    return Promise.all(runs.map(function (r) {
      return api("POST", "/api/sessions/" + r.id + "/step?n=" + n + "&from=" + (r.played + 1)).then(function (d) { absorb(r, d); });
    })).then(function () { busy = false; view = A.played; draw(); }, function (e) { busy = false; pause(); showError(e.message); });
  }
  function speed() { return +$("speed").value; }
  function run() {
    pause();
    if (replay) { timer = setInterval(function () { if (view >= A.played) { pause(); return; } setView(view + 1); }, 1000 / speed()); return; }
    var tick = function () {
      if (!A || A.done) { pause(); return; }
      var n = Math.max(1, Math.round(speed() / 10));
      step(n).then(function () { if (timer !== null) timer = setTimeout(tick, 1000 * n / speed()); });
    };
    timer = setTimeout(tick, 0);
  }
  function pause() { if (timer !== null) { clearTimeout(timer); clearInterval(timer); } timer = null; }

  // ---- controls from the scenario schema ----
  var FEATURED = /^(superpowers\.[^.]+\.(export_controls|budget|mode|model_restriction)|bloc\.(threat_credibility|pooling_share|exclusion_rounds|entry|bargaining_power|non_rivalry)|world\.(open_weight|control_bite|import_value)|decisions\.(rule|revision|lambda|tie))$/;
  function control(c) {
    var d = document.createElement("div"); d.className = "ctl"; d.dataset.path = c.path; d.title = c.doc || "";
    var k = document.createElement("span"); k.className = "k"; k.textContent = c.path; d.appendChild(k);
    var v = document.createElement("span"); v.className = "v"; d.appendChild(v);
    var inp;
    if (c.kind === "choice") {
      inp = document.createElement("select");
      (c.choices || []).forEach(function (o) { var op = document.createElement("option"); op.value = op.textContent = o; inp.appendChild(op); });
      inp.value = c.text; d.dataset.orig = c.text;
    } else if (c.kind === "bool") {
      inp = document.createElement("input"); inp.type = "checkbox"; inp.checked = c.value === 1; d.dataset.orig = c.value === 1 ? "true" : "false";
    } else {
      inp = document.createElement("input");
      var bounded = c.min !== null && c.max !== null && c.max - c.min <= 1000;
      inp.type = bounded ? "range" : "number";
      if (c.min !== null) inp.min = c.min; if (c.max !== null) inp.max = c.max;
      inp.step = c.kind === "int" ? "1" : bounded ? String((c.max - c.min) / 100) : "any";
      inp.value = String(c.value); d.dataset.orig = inp.value;
    }
    var upd = function () { var val = inp.type === "checkbox" ? String(inp.checked) : inp.value; v.textContent = val; d.classList.toggle("changed", val !== d.dataset.orig && !(inp.type === "checkbox" && val === d.dataset.orig)); };
    inp.addEventListener("input", upd); inp.addEventListener("change", upd); upd();
    d.appendChild(inp);
    return d;
  }
  function buildControls(info) {
    scenarioInfo = info;
    var box = $("controls"); box.textContent = ""; box.dataset.scenario = info.name;
    $("seed").value = info.seed; $("rounds").value = Math.min(info.rounds, 200);
    var groups = {}, order = [];
    var feat = document.createElement("div"); box.appendChild(feat);
    info.controls.forEach(function (c) {
      if (FEATURED.test(c.path)) { feat.appendChild(control(c)); return; }
      var p = c.path.split("."), g = p[0] === "nations" || p[0] === "superpowers" ? p[0] + "." + p[1] : p[0];
      if (!groups[g]) { groups[g] = document.createElement("details"); var s = document.createElement("summary"); s.textContent = g; groups[g].appendChild(s); order.push(g); }
      groups[g].appendChild(control(c));
    });
    order.forEach(function (g) { box.appendChild(groups[g]); });
    var ck = $("cmp-key"); ck.textContent = "";
    info.controls.forEach(function (c) { var o = document.createElement("option"); o.value = o.textContent = c.path; ck.appendChild(o); });
    if (info.controls.some(function (c) { return c.path === "bloc.threat_credibility"; })) ck.value = "bloc.threat_credibility";
  }
  function loadScenario(name) {
    if (name === "__upload") return uploaded ? api("POST", "/api/parse", uploaded).then(buildControls, function (e) { showError(e.message); }) : Promise.resolve();
    return api("GET", "/api/scenarios/" + encodeURIComponent(name)).then(buildControls, function (e) { showError(e.message); });
  }
  function setControl(kv) {
    var i = kv.indexOf("="), k = kv.slice(0, i), v = kv.slice(i + 1);
    document.querySelectorAll(".ctl").forEach(function (d) {
      if (d.dataset.path !== k) return;
      var inp = d.querySelector("input,select");
      if (inp.type === "checkbox") inp.checked = v === "true" || v === "1"; else inp.value = v;
      inp.dispatchEvent(new Event("input"));
    });
  }
  function exportLinks() {
    $("command").textContent = A.info.command;
    var p = $("links"); p.textContent = "";
    var base = "/api/sessions/" + A.id;
    ["rounds.csv", "nations.csv", "offers.csv", "endowments.csv", "manifest.json", "scenario.toml", "command.txt"].forEach(function (f) { link(p, base + "/export/" + f, f); });
    ["series", "membership", "nations", "summary", "endowments", "payoffs", "alternative"].forEach(function (k) { link(p, base + "/figure/" + k + ".svg", k + ".svg"); link(p, base + "/figure/" + k + ".png", k + ".png"); });
    var st = A.setup, q = new URLSearchParams();
    if (st.scenario) q.set("scenario", st.scenario);
    q.set("seed", A.info.seed); if (st.rounds) q.set("rounds", st.rounds);
    (st.sets || []).forEach(function (kv) { q.append("set", kv); });
    $("permalink").href = "/?" + q.toString(); $("permalink").textContent = location.origin + "/?" + q.toString();
  }
  function link(p, href, text) { var a = document.createElement("a"); a.href = href; a.textContent = text; a.download = text; a.id = "x-" + text.replace(".", "-"); p.appendChild(a); p.appendChild(document.createTextNode(" ")); }
  function showLesson(id) {
    var box = $("lesson-box"), l = lessons.filter(function (x) { return x.id === id; })[0];
    box.hidden = !l; if (!l) return Promise.resolve();
    var t = $("lesson-text"); t.textContent = "";
    var add = function (cls, txt) { var p = document.createElement("p"); p.className = cls; p.textContent = txt; t.appendChild(p); };
    add("h", l.title); add("t", l.text); add("q", "Ask: " + l.question); add("try", "Try: " + l.try);
    if (l.command) { add("cmd", "The page plays the AI-bloc model; run this game in a terminal: " + l.command); return Promise.resolve(); }
    $("scenario").value = l.scenario;
    return loadScenario(l.scenario).then(function () { if (l.rounds) $("rounds").value = l.rounds; (l.sets || []).forEach(setControl); });
  }

  // ---- start ----
  function wire() {
    $("btn-run").onclick = run; $("btn-pause").onclick = pause;
    $("speed").oninput = function () { $("speed-val").textContent = speed(); }; $("speed-val").textContent = speed();
    $("scrub").oninput = function () { pause(); setView(+this.value); };
    $("anycol").onchange = draw;
    if (replay) return;
    $("btn-step").onclick = function () { pause(); step(1); };
    $("btn-setup").onclick = function () { setup(gatherSetup()); };
    $("btn-reset").onclick = function () { if (A) { var st = JSON.parse(JSON.stringify(A.setup)); st.seed = A.info.seed; setup(st, B ? B.cmp : null); } else setup(gatherSetup()); };
    $("btn-newseed").onclick = function () { $("seed").value = Math.floor(Math.random() * 1e9); setup(gatherSetup()); };
    $("scenario").onchange = function () { loadScenario(this.value); };
    $("lesson").onchange = function () { showLesson(this.value); };
    $("upload").onchange = function () {
      var f = this.files[0]; if (!f) return;
      if (f.size > 200000) { showError("web: file over 200000 bytes"); return; }
      f.text().then(function (txt) { uploaded = txt; $("scenario").value = "__upload"; return loadScenario("__upload"); });
    };
    $("btn-compare").onclick = function () { var cmp = { key: $("cmp-key").value, value: $("cmp-val").value }; setup(gatherSetup(), cmp).then(function () { if (B) B.cmp = cmp; }); };
    $("btn-cmp-off").onclick = function () { B = null; $("raster-b").hidden = true; $("cmp-table").textContent = ""; draw(); };
  }
  wire();
  if (replay) {
    A = newRun(replay); absorb(A, replay); fillAnyCol(A); view = 0; draw();
    return;
  }
  var q = new URLSearchParams(location.search);
  api("GET", "/api/lessons").catch(function () { return []; }).then(function (ls) {
    lessons = ls || [];
    var name = q.get("scenario") || $("scenario").value;
    $("scenario").value = name;
    return loadScenario(name);
  }).then(function () {
    if (q.get("seed")) $("seed").value = q.get("seed");
    if (q.get("rounds")) $("rounds").value = q.get("rounds");
    q.getAll("set").forEach(setControl);
    if (q.get("lesson")) { $("lesson").value = q.get("lesson"); return showLesson(q.get("lesson")); }
  }).then(function () { return setup(gatherSetup()); });
})();
