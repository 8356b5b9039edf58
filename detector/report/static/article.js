(function () {
  "use strict";
  // Everything is delegated from a few listeners on the document: a long article must not
  // get one listener per sentence or per finding.
  var d = document;
  d.documentElement.classList.add("js");
  var data = JSON.parse(d.getElementById("report-data").textContent);
  var textEl = d.getElementById("text");
  var tip = d.getElementById("tip");
  var byIdx = {};
  data.sents.forEach(function (e) {
    byIdx[e[0]] = { i: e[0], cs: e[1], ce: e[2], us: e[3], ue: e[4], score: e[5], types: e[6] };
  });

  // --- explanations on hover and focus -------------------------------------------------
  var tipFor = null;
  var relLit = [];

  function mark(el) {
    return el && el.closest ? el.closest("mark.hl[data-tip]") : null;
  }
  function lightRelated(m) {
    relLit.forEach(function (s) { s.classList.remove("ev-on"); });
    relLit = [];
    var rel = m && m.getAttribute("data-rel");
    if (!rel) return;
    rel.split(" ").forEach(function (i) {
      var s = d.getElementById("s-" + i);
      if (s) { s.classList.add("ev-on"); relLit.push(s); }
    });
  }
  function showTip(m) {
    if (tipFor === m) return;
    tipFor = m;
    tip.textContent = m.getAttribute("data-tip");
    tip.hidden = false;
    var rects = m.getClientRects();
    var r = rects.length ? rects[0] : m.getBoundingClientRect();
    var vw = d.documentElement.clientWidth;
    var w = tip.offsetWidth, hgt = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, vw - w - 8));
    var top = r.bottom + 6;
    if (top + hgt > window.innerHeight - 8 && r.top - hgt - 6 > 60) top = r.top - hgt - 6;
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
    lightRelated(m);
  }
  function hideTip() {
    if (!tipFor) return;
    tipFor = null;
    tip.hidden = true;
    lightRelated(null);
  }
  d.addEventListener("mouseover", function (e) {
    var m = mark(e.target);
    if (m) showTip(m);
    else if (tipFor && !tipFor.contains(d.activeElement)) hideTip();
  });
  d.addEventListener("focusin", function (e) {
    var m = mark(e.target);
    if (m) showTip(m); else hideTip();
  });
  d.addEventListener("focusout", function (e) {
    if (mark(e.target) && !mark(e.relatedTarget)) hideTip();
  });

  // --- the next and the previous finding: keys n and p, or the bar's buttons -------------
  // The tags open each highlight in text order; from none focused, "next" is the first one
  // below the bar, so a reader who scrolled goes on from where they are.
  var fnav = d.getElementById("fnav");
  var tags = Array.prototype.slice.call(textEl.querySelectorAll("mark.hl > a.tag"));
  var fnPos = d.getElementById("fn-pos");
  var fnCur = -1; // the finding last gone to or focused: the bar's buttons take the focus from it
  function fnShow(i) {
    fnCur = i;
    fnPos.textContent = (i >= 0 ? i + 1 : "–") + "/" + tags.length;
  }
  function onScreen(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > d.getElementById("bar").getBoundingClientRect().bottom && r.top < window.innerHeight;
  }
  function fnGo(step) {
    var i = tags.indexOf(d.activeElement);
    if (i < 0 && fnCur >= 0 && onScreen(tags[fnCur])) i = fnCur;
    if (i < 0) {
      var below = d.getElementById("bar").getBoundingClientRect().bottom;
      i = 0;
      while (i < tags.length && tags[i].getBoundingClientRect().top < below) i++;
      if (step < 0) i--;
    } else {
      i += step;
    }
    i = Math.max(0, Math.min(tags.length - 1, i));
    tags[i].focus({ preventScroll: true });
    tags[i].scrollIntoView({ block: "center" });
    fnShow(i);
  }
  if (fnav && tags.length) {
    fnav.hidden = false;
    fnShow(-1);
    // a click leaves the focus on the finding, so its explanation stays up and the next click goes on from it
    fnav.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    d.getElementById("fn-prev").addEventListener("click", function () { fnGo(-1); });
    d.getElementById("fn-next").addEventListener("click", function () { fnGo(1); });
    d.addEventListener("focusin", function (e) {
      var i = tags.indexOf(e.target);
      if (i >= 0) fnShow(i);
    });
    d.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || (ev.key !== "n" && ev.key !== "p")) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      ev.preventDefault();
      fnGo(ev.key === "n" ? 1 : -1);
    });
  }

  // --- review: mark sentences correct or wrong, download labels --------------------------
  var review = d.getElementById("review");
  var toggle = d.getElementById("rv-toggle");
  var countEl = d.getElementById("rv-count");
  var dl = d.getElementById("rv-download");
  var pop = d.getElementById("rv-pop");
  var typeBox = d.getElementById("rv-type-box");
  var typeSel = d.getElementById("rv-type");
  var note = d.getElementById("rv-note");
  var effect = d.getElementById("rv-effect");
  var allClean = d.getElementById("rv-allclean");
  var stateEl = d.getElementById("rv-state");
  var marks = {}; // sentence index -> {v: "correct"|"wrong", type: "", note: ""}
  var reviewing = false;
  var openSent = null;
  var unsaved = false; // marked since the last download
  review.hidden = false;

  // --- marks persist in this browser (localStorage), per report directory and page, so a reload
  // or a visit to another article keeps them; the index's "Download all labels" reads them.
  var STORE = "tad-review:" + location.pathname.replace(/[^\/]*$/, "");
  var key = STORE + data.file;
  var store = null;
  try { store = window.localStorage; store.getItem(key); } catch (e) { store = null; }
  function save() {
    if (!store) return;
    try {
      if (!count() && !allClean.checked) store.removeItem(key);
      else store.setItem(key, JSON.stringify({ marks: marks, allClean: allClean.checked, unsaved: unsaved,
                                               line: labelsLine(), title: data.title || data.id }));
    } catch (e) { /* full or disabled storage: the page still works, marks live until it closes */ }
  }
  function restore() {
    var saved = null;
    try { saved = store && JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || typeof saved.marks !== "object") return;
    Object.keys(saved.marks).forEach(function (i) {
      var m = saved.marks[i], s = d.getElementById("s-" + i);
      if (!byIdx[i] || !m || (m.v !== "correct" && m.v !== "wrong")) return;
      marks[i] = { v: m.v, type: String(m.type || ""), note: String(m.note || "") };
      if (s) s.classList.add(m.v === "correct" ? "rv-correct" : "rv-wrong");
    });
    allClean.checked = !!saved.allClean;
    unsaved = !!saved.unsaved;
  }

  function typeName(t) { return data.types[t] || t; }
  function count() { return Object.keys(marks).length; }
  function refreshBar() {
    var n = count();
    countEl.textContent = n + " marked";
    dl.disabled = n === 0 && !allClean.checked;
    if (unsaved) {
      stateEl.textContent = "Not downloaded yet";
      stateEl.title = store ? "The marks are kept in this browser; download them for retraining"
        : "This browser keeps no marks: a reload loses them";
      stateEl.className = "rv-state rv-warn";
    } else {
      stateEl.textContent = n ? "Downloaded" : "";
      stateEl.title = "";
      stateEl.className = "rv-state";
    }
  }
  function changed() {
    unsaved = true;
    save();
    refreshBar();
  }
  function setReviewing(on) {
    reviewing = on;
    d.body.classList.toggle("reviewing", on);
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.textContent = on ? "Stop reviewing" : "Review sentences";
    // sentences become keyboard-focusable only while reviewing (one pass, no listeners)
    var all = textEl.querySelectorAll(".s");
    for (var k = 0; k < all.length; k++) {
      if (on) all[k].setAttribute("tabindex", "0"); else all[k].removeAttribute("tabindex");
    }
    if (!on) closePop();
  }
  toggle.addEventListener("click", function () { setReviewing(!reviewing); });

  function labelFor(e, m) {
    var flagged = e.types.length > 0;
    var out = { label: "clean", type: null, note: m.note || "" };
    if (m.v === "wrong") {
      if (flagged) {
        out.label = "clean";
        if (!out.note) out.note = "false alarm: " + e.types.join(", ");
      } else {
        out.label = "artifact";
        out.type = m.type || null;
        if (!out.note) out.note = "missed by the detector";
      }
    } else if (flagged) {
      out.label = "artifact";
      out.type = e.types[0];
    }
    return out;
  }
  function describe(e, v) {
    if (!v) return "";
    var m = labelFor(e, { v: v, type: typeSel.value, note: "" });
    if (m.label === "clean") return e.types.length ? "Recorded as clean: a false alarm." : "Recorded as clean.";
    return e.types.length ? "Recorded as an artifact (" + typeName(m.type) + ")." : "Recorded as a missed artifact.";
  }
  function syncPop() {
    var i = +openSent.getAttribute("data-i");
    var e = byIdx[i], m = marks[i];
    var v = m ? m.v : "";
    var btns = pop.querySelectorAll("[data-verdict]");
    for (var k = 0; k < btns.length; k++) {
      var on = btns[k].getAttribute("data-verdict") === v && v !== "";
      btns[k].classList.toggle("on", on);
      btns[k].setAttribute("aria-pressed", on ? "true" : "false");
    }
    effect.textContent = describe(e, v);
    typeBox.hidden = !(v === "wrong" && e.types.length === 0);
  }
  function openPop(s) {
    var i = +s.getAttribute("data-i");
    var e = byIdx[i];
    if (!e) return;
    if (openSent) openSent.classList.remove("rv-open");
    openSent = s;
    s.classList.add("rv-open");
    var m = marks[i];
    d.getElementById("rv-n").textContent = String(i + 1);
    d.getElementById("rv-score").textContent = e.score.toFixed(2);
    d.getElementById("rv-flag").textContent = e.types.length
      ? "Flagged: " + e.types.map(typeName).join(", ")
      : "Not flagged by the detector";
    typeSel.value = m && m.type ? m.type : "";
    note.value = m ? m.note : "";
    syncPop();
    pop.hidden = false;
    var rects = s.getClientRects();
    var r = rects.length ? rects[rects.length - 1] : s.getBoundingClientRect();
    var vw = d.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, vw - pop.offsetWidth - 8));
    var top = r.bottom + 8;
    if (top + pop.offsetHeight > window.innerHeight - 8 && r.top - pop.offsetHeight - 8 > 60) top = rects[0].top - pop.offsetHeight - 8;
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = top + window.scrollY + "px";
    pop.querySelector("[data-verdict=correct]").focus({ preventScroll: true });
  }
  function closePop(refocus) {
    if (!openSent) return;
    var s = openSent;
    s.classList.remove("rv-open");
    openSent = null;
    pop.hidden = true;
    if (refocus && reviewing) s.focus({ preventScroll: true });
  }
  function setVerdict(v) {
    var i = +openSent.getAttribute("data-i");
    if (v) marks[i] = { v: v, type: typeSel.value, note: note.value };
    else delete marks[i];
    openSent.classList.toggle("rv-correct", v === "correct");
    openSent.classList.toggle("rv-wrong", v === "wrong");
    syncPop();
    changed();
  }
  textEl.addEventListener("click", function (ev) {
    if (!reviewing) return;
    var s = ev.target.closest(".s");
    if (!s) return;
    ev.preventDefault(); // links inside a sentence do not navigate while reviewing
    openPop(s);
  });
  textEl.addEventListener("keydown", function (ev) {
    if (!reviewing || (ev.key !== "Enter" && ev.key !== " ")) return;
    var s = ev.target.closest(".s");
    if (!s || ev.target !== s) return;
    ev.preventDefault();
    openPop(s);
  });
  pop.addEventListener("click", function (ev) {
    var b = ev.target.closest("button");
    if (!b) return;
    if (b.id === "rv-close") closePop(true);
    else if (b.hasAttribute("data-verdict")) setVerdict(b.getAttribute("data-verdict"));
  });
  function editDetail() {
    if (!openSent) return;
    var m = marks[+openSent.getAttribute("data-i")];
    if (m) { m.type = typeSel.value; m.note = note.value; changed(); }
    syncPop();
  }
  typeSel.addEventListener("change", editDetail);
  note.addEventListener("input", editDetail);
  d.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hideTip(); closePop(true); }
  });
  d.addEventListener("mousedown", function (ev) {
    if (openSent && !pop.contains(ev.target) && !openSent.contains(ev.target) && !(reviewing && textEl.contains(ev.target))) closePop(false);
  });

  function labelsLine() {
    var idx = Object.keys(marks).map(Number).sort(function (a, b) { return a - b; });
    var labels = idx.map(function (i) {
      var e = byIdx[i], l = labelFor(e, marks[i]);
      // start/end are code-point offsets (as Python counts); the slice uses UTF-16 offsets
      return { start: e.cs, end: e.ce, text: data.text.slice(e.us, e.ue), label: l.label, type: l.type, note: l.note };
    });
    return JSON.stringify({ id: data.id, title: data.title, text: data.text,
                            unlabelled: allClean.checked ? "clean" : "ignore", labels: labels }) + "\n";
  }
  dl.addEventListener("click", function () {
    var blob = new Blob([labelsLine()], { type: "application/x-ndjson" });
    var url = URL.createObjectURL(blob);
    var a = d.createElement("a");
    a.href = url;
    a.download = data.file + ".labels.jsonl";
    d.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    unsaved = false;
    save();
    refreshBar();
  });
  allClean.addEventListener("change", changed);
  window.addEventListener("beforeunload", function (ev) {
    if (!unsaved || store) return; // kept in this browser: nothing is lost by leaving
    ev.preventDefault();
    ev.returnValue = "";
  });
  restore();
  refreshBar();
})();
