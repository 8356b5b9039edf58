(function () {
  "use strict";
  // Sorting and filtering for the index table; without JavaScript the table is simply static.
  var d = document;
  d.documentElement.classList.add("js");
  var table = d.getElementById("rows");
  var tbody = table.tBodies[0];
  var controls = d.getElementById("controls");
  var labelSel = d.getElementById("f-label");
  var q = d.getElementById("f-q");
  var shown = d.getElementById("shown");
  var rows = Array.prototype.slice.call(tbody.rows);
  var texts = null;
  controls.hidden = false;

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
    var frag = d.createDocumentFragment();
    keyed.forEach(function (x) { frag.appendChild(x.r); });
    tbody.appendChild(frag);
    var ths = table.tHead.rows[0].cells;
    for (var k = 0; k < ths.length; k++) ths[k].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
  });

  function filter() {
    var lab = labelSel.value;
    var needle = q.value.trim().toLowerCase();
    if (needle && !texts) {
      texts = rows.map(function (r) {
        var parts = [];
        for (var c = 0; c < r.cells.length; c++) parts.push(r.cells[c].textContent);
        return parts.join(" ").replace(/\s+/g, " ").toLowerCase();
      });
    }
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = (!lab || rows[i].getAttribute("data-label") === lab) && (!needle || texts[i].indexOf(needle) !== -1);
      rows[i].hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + " of " + rows.length + " shown";
  }
  var timer = null;
  labelSel.addEventListener("change", filter);
  q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(filter, rows.length > 2000 ? 150 : 0);
  });
  shown.textContent = rows.length + " shown";
})();
