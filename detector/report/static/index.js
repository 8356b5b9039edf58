(function () {
  "use strict";
  // Sorting and filtering for the index table; without JavaScript the table is simply static.
  // Big batches show the first CAP matching rows (with a button for all): laying out
  // tens of thousands of table rows after every sort would make the page sluggish.
  var CAP = 1000;
  var d = document;
  d.documentElement.classList.add("js");
  var table = d.getElementById("rows");
  var tbody = table.tBodies[0];
  var controls = d.getElementById("controls");
  var labelSel = d.getElementById("f-label");
  var typeSel = d.getElementById("f-type");
  var axisSel = d.getElementById("f-axis");
  var q = d.getElementById("f-q");
  var shown = d.getElementById("shown");
  var more = d.getElementById("show-all");
  var rows = Array.prototype.slice.call(tbody.rows);
  var total = rows.length;
  var texts = false;
  var showAll = false;
  controls.hidden = false;

  function rowText(r) {
    var parts = [];
    for (var c = 0; c < r.cells.length; c++) parts.push(r.cells[c].textContent);
    return parts.join(" ").replace(/\s+/g, " ").toLowerCase();
  }

  function apply() {
    var lab = labelSel.value;
    var typ = typeSel.value;
    var ax = axisSel.value;
    var needle = q.value.trim().toLowerCase();
    if (needle && !texts) {
      rows.forEach(function (r) { r._text = rowText(r); });
      texts = true;
    }
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!lab || r.getAttribute("data-label") === lab) && (!needle || r._text.indexOf(needle) !== -1)
        && (!typ || (" " + r.getAttribute("data-types") + " ").indexOf(" " + typ + " ") !== -1)
        && (!ax || (" " + r.getAttribute("data-axes") + " ").indexOf(" " + ax + " ") !== -1);
      if (ok) n++;
      var vis = ok && (showAll || n <= CAP);
      if (r.hidden === vis) r.hidden = !vis;
    }
    var capped = !showAll && n > CAP;
    if (!capped) shown.textContent = n + " of " + total + " shown";
    else if (n === total) shown.textContent = "first " + CAP + " of " + total + " shown";
    else shown.textContent = "first " + CAP + " of " + n + " matching shown (" + total + " in all)";
    more.hidden = !capped;
  }

  function cellKey(row, col, num) {
    var c = row.cells[col];
    if (!c) return num ? -Infinity : "";
    if (num) {
      var v = c.getAttribute("data-v");
      return v === null ? -Infinity : parseFloat(v);
    }
    return c.textContent.trim().toLowerCase();
  }

  var sortCol = -1, sortDir = 1;
  table.tHead.addEventListener("click", function (ev) {
    var b = ev.target.closest("button");
    if (!b) return;
    var th = b.closest("th");
    var col = th.cellIndex;
    var num = b.getAttribute("data-type") === "num";
    if (col === sortCol) sortDir = -sortDir;
    else { sortCol = col; sortDir = num ? -1 : 1; } // numbers: highest first
    var keyed = rows.map(function (r, i) { return { k: cellKey(r, col, num), i: i, r: r }; });
    keyed.sort(function (a, b) {
      if (a.k < b.k) return -sortDir;
      if (a.k > b.k) return sortDir;
      return a.i - b.i;
    });
    rows = keyed.map(function (x) { return x.r; });
    apply(); // hide first, so the re-ordering lays out only the visible rows
    var frag = d.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    tbody.appendChild(frag);
    var ths = table.tHead.rows[0].cells;
    for (var k = 0; k < ths.length; k++) ths[k].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
  });

  var timer = null;
  labelSel.addEventListener("change", apply);
  typeSel.addEventListener("change", apply);
  axisSel.addEventListener("change", apply);
  // a type in the totals table filters the list to the articles that have it (again: all)
  d.addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest("button.t-filter") : null;
    if (!b) return;
    var t = b.getAttribute("data-type");
    typeSel.value = typeSel.value === t ? "" : t;
    apply();
    d.getElementById("list-h").scrollIntoView({ block: "start" });
  });
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, total > 2000 ? 150 : 0);
  });
  more.addEventListener("click", function () { showAll = true; apply(); });
  apply();

  // --- every article's review marks, as one labels file ------------------------------------
  // Article pages keep their marks in localStorage under this directory's prefix (article.js).
  var box = d.getElementById("labels-all");
  var dlAll = d.getElementById("dl-all");
  var dlState = d.getElementById("dl-state");
  var STORE = "tad-review:" + location.pathname.replace(/[^\/]*$/, "");
  var store = null;
  try { store = window.localStorage; store.length; } catch (e) { store = null; }
  function reviewed() {
    var out = [];
    if (!store) return out;
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (!k || k.indexOf(STORE) !== 0 || k.slice(STORE.length).indexOf("/") !== -1) continue;
      try {
        var v = JSON.parse(store.getItem(k));
        if (v && typeof v.line === "string") out.push({ key: k, v: v });
      } catch (e) { /* another tool's entry */ }
    }
    out.sort(function (a, b) { return a.key < b.key ? -1 : 1; });
    return out;
  }
  function refreshAll() {
    var items = reviewed();
    var waiting = items.filter(function (x) { return x.v.unsaved; }).length;
    dlAll.disabled = items.length === 0;
    dlAll.textContent = "Download all labels" + (items.length ? " (" + items.length + " article" + (items.length === 1 ? "" : "s") + ")" : "");
    if (!items.length) dlState.textContent = "No article reviewed yet: open one and choose “Review sentences”.";
    else dlState.textContent = waiting ? waiting + " not downloaded yet" : "all downloaded";
    dlState.className = waiting ? "rv-warn" : "";
  }
  if (store) {
    box.hidden = false;
    refreshAll();
    window.addEventListener("focus", refreshAll);
    window.addEventListener("storage", refreshAll);
    dlAll.addEventListener("click", function () {
      var items = reviewed();
      var blob = new Blob([items.map(function (x) { return x.v.line; }).join("")], { type: "application/x-ndjson" });
      var url = URL.createObjectURL(blob);
      var a = d.createElement("a");
      a.href = url;
      a.download = "labels.jsonl";
      d.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      items.forEach(function (x) {
        x.v.unsaved = false;
        try { store.setItem(x.key, JSON.stringify(x.v)); } catch (e) { /* full: state stays */ }
      });
      refreshAll();
    });
  }
})();
