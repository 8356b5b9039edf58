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
    var needle = q.value.trim().toLowerCase();
    if (needle && !texts) {
      rows.forEach(function (r) { r._text = rowText(r); });
      texts = true;
    }
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!lab || r.getAttribute("data-label") === lab) && (!needle || r._text.indexOf(needle) !== -1);
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
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, total > 2000 ? 150 : 0);
  });
  more.addEventListener("click", function () { showAll = true; apply(); });
  apply();
})();
