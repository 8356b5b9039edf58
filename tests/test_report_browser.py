"""HTML reports in a real browser: the system Chromium, driven by Playwright.

Never downloads a browser: the module is skipped when ``/usr/bin/chromium`` is absent
(CI installs Debian's chromium package).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("system Chromium not installed at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")

from detector.report import render_index, write_reports  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=1">'


def load_result() -> dict:
    return json.loads((FIXTURES / "report_result.json").read_text(encoding="utf-8"))


def hostile_result() -> dict:
    s0 = f"The council said {PWN_SCRIPT} the vote passed."
    s1 = f"Residents replied {PWN_IMG} and left &lt;script&gt; behind."
    s2 = 'A link <a href="javascript:window.__pwned=1">click</a> sits here.'
    texts = [s0, s1, s2]
    sentences, pos = [], 0
    for i, t in enumerate(texts):
        sentences.append({"index": i, "start": pos, "end": pos + len(t), "text": t, "score": 0.5, "paragraph": 0})
        pos += len(t) + 1
    findings = []
    for i, needle in ((0, PWN_SCRIPT), (1, PWN_IMG), (2, "<a href")):
        st = sentences[i]["start"] + texts[i].index(needle)
        findings.append({"type": "boilerplate", "sentence": i, "start": st, "end": st + len(needle), "text": needle,
                         "confidence": 0.9, "explanation": PWN_IMG + PWN_SCRIPT, "related": []})
    return {"id": "hostile" + PWN_SCRIPT, "source": PWN_IMG, "title": PWN_SCRIPT + PWN_IMG, "score": 0.5,
            "label": "suspect", "counts": {"boilerplate": 3}, "sentences": sentences, "findings": findings,
            "model": {"name": PWN_IMG, "version": PWN_SCRIPT}, "meta": {PWN_IMG: PWN_SCRIPT},
            "warnings": [{"code": PWN_SCRIPT, "message": PWN_IMG}]}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    extra = []
    for i, (label, score) in enumerate((("clean", 0.05), ("suspect", 0.41), ("clean", 0.12), ("artifacted", 0.77))):
        t = f"Plain sentence number {i} about the harbour."
        extra.append({"id": f"extra-{i}", "source": "x.jsonl", "title": f"Extra article {i}", "score": score,
                      "label": label, "counts": {}, "findings": [], "model": {"name": "m", "version": "1"},
                      "sentences": [{"index": 0, "start": 0, "end": len(t), "text": t, "score": score, "paragraph": 0}]})
    error = {"id": "broken-record", "source": "x.jsonl", "error": {"code": "E004", "message": "invalid JSON", "line": 9}}
    paths = write_reports([load_result(), hostile_result(), *extra, error], out)
    names = [p.name for p in paths]
    assert names[0] == "riverside-bike-lanes-2024.html" and names[1].startswith("hostile")
    return {"article": paths[0], "hostile": paths[1], "index": out / "index.html", "dir": out}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page with every request, console error and page error recorded."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True,
                                           **context_options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.failed: dict[str, str] = {}
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.__setitem__(r.url, r.failure or ""))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.close()


def test_article_loads_highlights_without_errors_or_network(watched, reports):
    page = watched.open(reports["article"])
    result = load_result()
    tags = page.locator("#text mark.hl > a.tag")
    assert tags.count() == len(result["findings"])
    for i, f in enumerate(result["findings"]):
        tag = page.locator(f"#f-{i}")
        assert tag.is_visible()
        assert tag.inner_text().strip()  # a visible text label, not colour alone
        mark = page.locator(f'mark.hl[data-f="{i}"]').first
        assert f"t-{f['type']}" in mark.get_attribute("class")
    assert page.locator(".pair del").count() >= 1 and page.locator(".pair ins").count() >= 1
    assert page.locator("#text .seam").count() == 1
    assert page.locator("svg.strip rect").count() >= len(result["sentences"])
    assert page.locator("#review").is_visible()  # script ran
    assert watched.errors == []  # includes CSP violations, which Chromium logs as console errors
    assert watched.requests == [reports["article"].as_uri()]


def test_hostile_article_text_does_not_execute(watched, reports):
    page = watched.open(reports["hostile"])
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert PWN_SCRIPT in page.locator("h1").inner_text()
    text = page.locator("#text").inner_text()
    assert PWN_SCRIPT in text and PWN_IMG in text and "&lt;script&gt;" in text
    page.locator("#f-0").hover()
    page.locator("#f-1").focus()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watched.errors == []
    assert watched.requests == [reports["hostile"].as_uri()]


def test_csp_blocks_inline_script_even_if_escaping_failed(watched, reports, tmp_path):
    # defence in depth: plant a script and an event handler in a copy of a page, as an
    # escaping bug would; the policy only allows the page's own hashed script
    html = reports["article"].read_text(encoding="utf-8")
    planted = html.replace("<main>", "<main>" + PWN_SCRIPT + PWN_IMG + '<style>body{display:none}</style>', 1)
    path = tmp_path / "planted.html"
    path.write_text(planted, encoding="utf-8")
    page = watched.open(path)
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#text").is_visible()  # the planted style was refused too
    assert any("Content Security Policy" in e for e in watched.errors)
    assert all(u.startswith("file://") for u in watched.requests)
    # <img src=x> was refused by the policy before anything was read
    assert all(watched.failed.get(u) == "csp" for u in watched.requests if u.endswith("/x"))


def test_long_article_stays_responsive(watched, tmp_path):
    sentences, findings, pos = [], [], 0
    for i in range(2000):
        t = f"Sentence {i} reports that the the council met again on Tuesday."
        sentences.append({"index": i, "start": pos, "end": pos + len(t), "text": t, "score": (i % 10) / 10,
                          "paragraph": i // 4})
        if i % 3 == 0:
            st = pos + t.index("the the")
            findings.append({"type": "doubled_word", "sentence": i, "start": st, "end": st + 7, "text": "the the",
                             "confidence": 0.9, "explanation": "Doubled word.", "related": []})
        pos += len(t) + 1
    long = {"id": "long", "source": "long.jsonl", "title": "A long article", "score": 0.6, "label": "suspect",
            "counts": {"doubled_word": len(findings)}, "sentences": sentences, "findings": findings,
            "model": {"name": "m", "version": "1"}}
    paths = write_reports([long], tmp_path / "long")
    page = watched.page
    watched.open(paths[0])
    assert page.locator("#text .s").count() == 2000
    page.locator("#rv-toggle").click()
    page.locator("#s-1500").click()
    page.locator("#rv-pop").wait_for(state="visible")
    page.locator('#rv-pop [data-verdict="wrong"]').click()
    page.locator('#text mark.hl[data-f="5"]').hover()
    page.locator("#tip").wait_for(state="visible")
    assert watched.errors == []


def test_explanation_on_hover_and_keyboard_focus(watched, reports):
    page = watched.open(reports["article"])
    result = load_result()
    tip = page.locator("#tip")
    assert tip.is_hidden()
    page.locator('#text mark.hl[data-f="3"]').hover()
    tip.wait_for(state="visible")
    assert result["findings"][3]["explanation"] in tip.inner_text()
    page.mouse.move(5, 890)
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    # keyboard: Tab through the page until the first finding's tag has focus
    page.locator("h1").click()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "f-0":
            break
    else:
        pytest.fail("the first finding is not reachable with Tab")
    tip.wait_for(state="visible")
    assert result["findings"][0]["explanation"] in tip.inner_text()
    # the explanation is also tied to the tag for assistive technology
    described = page.locator("#f-0").get_attribute("aria-describedby")
    assert result["findings"][0]["explanation"] in page.locator(f"#{described}").inner_text()
    # hovering the gender mismatch lights its antecedent sentence
    assert "ev-on" in (page.locator("#s-2").get_attribute("class") or "")


def test_sentences_have_no_listeners_of_their_own(watched, reports):
    page = watched.open(reports["article"])
    cdp = page.context.new_cdp_session(page)
    for selector in ("#s-0", "#s-3", '#text mark.hl[data-f="0"]', "#f-0"):
        obj = cdp.send("Runtime.evaluate", {"expression": f"document.querySelector('{selector}')"})["result"]
        listeners = cdp.send("DOMDebugger.getEventListeners", {"objectId": obj["objectId"]})["listeners"]
        assert listeners == [], (selector, listeners)


def mark(page, index: int, verdict: str, *, kind: str | None = None, note: str | None = None):
    page.locator(f"#s-{index}").click()
    pop = page.locator("#rv-pop")
    pop.wait_for(state="visible")
    assert page.locator("#rv-n").inner_text() == str(index + 1)
    pop.locator(f'[data-verdict="{verdict}"]').click()
    if kind is not None:
        page.locator("#rv-type").select_option(kind)
    if note is not None:
        page.locator("#rv-note").fill(note)
    page.locator("#rv-close").click()
    pop.wait_for(state="hidden")


def test_review_marks_download_as_labels_jsonl(watched, reports, tmp_path):
    page = watched.open(reports["article"])
    result = load_result()
    download = page.locator("#rv-download")
    assert download.is_disabled()
    page.locator("#rv-toggle").click()
    assert page.locator("#rv-toggle").get_attribute("aria-pressed") == "true"
    mark(page, 3, "wrong")  # flagged (gender) -> false alarm -> clean
    mark(page, 0, "correct")  # unflagged -> clean
    mark(page, 1, "wrong", kind="untranslated", note="reads like a rewrite")  # unflagged -> missed artifact
    mark(page, 6, "correct")  # flagged (doubled word) -> artifact
    mark(page, 15, "correct")  # flagged boilerplate, characters outside the BMP
    mark(page, 14, "correct")
    mark(page, 14, "")  # cleared again
    assert page.locator("#rv-count").inner_text() == "5 marked"
    assert "rv-wrong" in page.locator("#s-3").get_attribute("class")
    with page.expect_download() as info:
        download.click()
    dl = info.value
    assert dl.suggested_filename == "riverside-bike-lanes-2024.labels.jsonl"
    target = tmp_path / dl.suggested_filename
    dl.save_as(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {"id", "title", "text", "unlabelled", "labels"} and record["unlabelled"] == "ignore"
    assert record["id"] == result["id"] and record["title"] == result["title"]
    paras: dict[int, list[str]] = {}
    for s in result["sentences"]:
        paras.setdefault(s["paragraph"], []).append(s["text"])
    assert record["text"] == "\n".join(" ".join(p) for p in paras.values())
    text = record["text"]
    labels = record["labels"]
    assert [lab["text"] for lab in labels] == [result["sentences"][i]["text"] for i in (0, 1, 3, 6, 15)]
    for lab in labels:
        assert set(lab) == {"start", "end", "text", "label", "type", "note"}
        assert text[lab["start"] : lab["end"]] == lab["text"]  # code-point offsets, as Python slices
    by_text = {lab["text"]: lab for lab in labels}
    s = result["sentences"]
    assert by_text[s[0]["text"]]["label"] == "clean" and by_text[s[0]["text"]]["type"] is None
    assert by_text[s[1]["text"]] | {} == {**by_text[s[1]["text"]], "label": "artifact", "type": "untranslated",
                                          "note": "reads like a rewrite"}
    assert by_text[s[3]["text"]]["label"] == "clean" and by_text[s[3]["text"]]["type"] is None
    assert "gender_mismatch" in by_text[s[3]["text"]]["note"]
    assert by_text[s[6]["text"]]["label"] == "artifact" and by_text[s[6]["text"]]["type"] == "doubled_word"
    assert by_text[s[15]["text"]]["label"] == "artifact" and by_text[s[15]["text"]]["type"] == "boilerplate"
    assert watched.errors == []
    assert all(u.startswith(("file://", "blob:")) for u in watched.requests), watched.requests


def test_review_marks_survive_a_reload_and_warn_until_downloaded(watched, reports, tmp_path):
    page = watched.open(reports["article"])
    state = page.locator("#rv-state")
    assert state.inner_text() == ""
    page.locator("#rv-toggle").click()
    mark(page, 3, "wrong")
    mark(page, 1, "wrong", kind="untranslated", note="kept")
    assert state.inner_text() == "Not downloaded yet"
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator("#rv-count").inner_text() == "2 marked"
    assert "rv-wrong" in page.locator("#s-3").get_attribute("class")
    assert "rv-wrong" in page.locator("#s-1").get_attribute("class")
    assert state.inner_text() == "Not downloaded yet"
    page.locator("#rv-toggle").click()
    page.locator("#s-1").click()  # the restored mark keeps its kind and note
    assert page.locator("#rv-type").input_value() == "untranslated"
    assert page.locator("#rv-note").input_value() == "kept"
    page.locator("#rv-close").click()
    page.locator("#rv-allclean").check()
    with page.expect_download() as info:
        page.locator("#rv-download").click()
    target = tmp_path / "a.labels.jsonl"
    info.value.save_as(target)
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["unlabelled"] == "clean" and len(record["labels"]) == 2
    assert state.inner_text() == "Downloaded"
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator("#rv-allclean").is_checked() and state.inner_text() == "Downloaded"
    assert watched.errors == []


def test_index_downloads_every_reviewed_article_as_one_labels_file(watched, reports, tmp_path):
    page = watched.open(reports["index"])
    button = page.locator("#dl-all")
    assert button.is_disabled() and "No article reviewed yet" in page.locator("#dl-state").inner_text()
    article = watched.open(reports["article"])
    article.locator("#rv-toggle").click()
    mark(article, 0, "correct")
    article.locator("#rv-allclean").check()
    other = watched.open(reports["hostile"])
    other.locator("#rv-toggle").click()
    mark(other, 1, "wrong")
    page = watched.open(reports["index"])
    # the index opened again, after the reviews: its button, not the first page's, which only
    # catches up when the browser delivers the storage event
    button = page.locator("#dl-all")
    assert button.inner_text() == "Download all labels (2 articles)"
    assert page.locator("#dl-state").inner_text() == "2 not downloaded yet"
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "labels.jsonl"
    target = tmp_path / "labels.jsonl"
    info.value.save_as(target)
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted([load_result()["id"], hostile_result()["id"]])
    assert {r["id"]: r["unlabelled"] for r in records}[load_result()["id"]] == "clean"
    assert page.locator("#dl-state").inner_text() == "all downloaded"
    from training.labels import read_labels_file

    assert len(read_labels_file(target)) == 2  # what `detector retrain --data labels.jsonl` reads
    assert watched.errors == []


def test_index_opens_worst_first_and_a_type_total_filters(watched, reports):
    page = watched.open(reports["index"])
    scores = page.eval_on_selector_all("#rows tbody tr td.num[data-v]:nth-child(4)",
                                       "els => els.map(e => parseFloat(e.dataset.v))")
    assert scores == sorted(scores, reverse=True)  # the failed record (-1) last
    page.locator("button.t-filter[data-type=boilerplate]").click()
    visible = page.locator("#rows tbody tr:not([hidden])")
    assert visible.count() == 2 and page.locator("#f-type").input_value() == "boilerplate"
    page.locator("button.t-filter[data-type=boilerplate]").click()  # again: every article
    assert page.locator("#rows tbody tr:not([hidden])").count() == 7
    assert "https://example.test/riverside" in page.locator("#rows tbody").inner_text()
    assert watched.errors == []


def test_index_sorts_and_filters(watched, reports):
    page = watched.open(reports["index"])
    rows = page.locator("#rows tbody tr")
    assert rows.count() == 7
    assert page.locator('#rows tbody tr[data-label="failed"]').inner_text().count("E004") == 1

    def scores():
        return [float(v) for v in page.eval_on_selector_all(
            "#rows tbody tr:not([hidden]) td.num[data-v]:nth-child(4)", "els => els.map(e => e.dataset.v)")]

    page.locator("#rows thead button", has_text="Score").click()
    desc = scores()
    assert desc == sorted(desc, reverse=True) and desc[0] == pytest.approx(0.83)
    assert page.locator("#rows thead th").nth(3).get_attribute("aria-sort") == "descending"
    page.locator("#rows thead button", has_text="Score").click()
    asc = scores()
    assert asc == sorted(asc) and asc[0] == -1  # the failed record has no score
    page.locator("#rows thead button", has_text="Title").click()
    titles = page.eval_on_selector_all("#rows tbody tr td:first-child", "els => els.map(e => e.textContent.trim().toLowerCase())")
    assert titles == sorted(titles)

    page.locator("#f-label").select_option("clean")
    assert page.locator("#rows tbody tr:not([hidden])").count() == 2
    page.locator("#f-label").select_option("failed")
    visible = page.locator("#rows tbody tr:not([hidden])")
    assert visible.count() == 1 and "invalid JSON" in visible.inner_text()
    page.locator("#f-label").select_option("")
    page.locator("#f-q").fill("riverside")
    sync_api.expect(page.locator("#rows tbody tr:not([hidden])")).to_have_count(1)
    assert "Riverside council" in page.locator("#rows tbody tr:not([hidden])").inner_text()
    assert page.locator("#shown").inner_text() == "1 of 7 shown"
    page.locator("#rows tbody tr:not([hidden]) a").click()
    page.wait_for_url(reports["article"].as_uri())
    assert watched.errors == []
    assert all(u.startswith("file://") for u in watched.requests)


def test_index_of_ten_thousand_rows_sorts_and_filters(watched, tmp_path):
    labels = ("clean", "suspect", "artifacted")
    rows = [{"id": f"a{i}", "title": f"Article {i}", "source": "big.jsonl", "score": (i * 7919 % 1000) / 1000,
             "label": labels[i % 3], "counts": {"doubled_word": i % 4}, "href": f"a{i}.html"} for i in range(10_000)]
    path = tmp_path / "index.html"
    path.write_text(render_index(rows), encoding="utf-8")
    page = watched.open(path)
    # a big batch shows the first 1,000 rows until asked for all
    assert page.locator("#shown").inner_text() == "first 1000 of 10000 shown"
    assert page.locator("#show-all").is_visible()
    assert page.locator("#rows tbody tr:not([hidden])").count() == 1000
    page.locator("#rows thead button", has_text="Score").click()
    first = page.locator("#rows tbody tr").first.locator("td").nth(3).get_attribute("data-v")
    page.locator("#f-label").select_option("suspect")
    page.locator("#f-q").fill("article 99")
    expected = len([r for r in rows if r["label"] == "suspect" and "article 99" in r["title"].lower()])
    # polled from Python: wait_for_function would need eval, which the page's CSP forbids
    sync_api.expect(page.locator("#shown")).to_have_text(f"{expected} of 10000 shown", timeout=10_000)
    assert float(first) == pytest.approx(0.999)
    assert page.locator("#rows tbody tr:not([hidden])").count() == expected
    assert page.locator("#show-all").is_hidden()
    assert watched.errors == []


def test_pages_read_without_javascript(browser, reports):
    w = Watched(browser, java_script_enabled=False)
    try:
        page = w.open(reports["article"])
        result = load_result()
        text = page.locator("#text")
        assert text.is_visible()
        assert result["sentences"][0]["text"] in text.inner_text()
        assert page.locator("#findings").is_visible()
        assert page.locator("#findings li.fitem").count() == len(result["findings"])
        assert page.locator("#f-0").is_visible() and page.locator("#f-0").inner_text().lower() == "gender"
        # the explanation still appears on hover, drawn by CSS alone
        page.locator('#text mark.hl[data-f="3"]').hover()
        after = page.locator('#text mark.hl[data-f="3"]').evaluate("el => getComputedStyle(el, '::after').content")
        assert result["findings"][3]["explanation"] in after
        assert page.locator("#review").is_hidden()  # interactions need script; reading does not
        assert page.locator("noscript").count() == 1
        page = w.open(reports["hostile"])
        assert PWN_IMG in page.locator("#text").inner_text()
        page = w.open(reports["index"])
        assert page.locator("#rows tbody tr").count() == 7
        assert page.locator("#rows").is_visible() and page.locator("svg.hist").is_visible()
        assert page.locator("#controls").is_hidden()
        assert all(u.startswith("file://") for u in w.requests)
    finally:
        w.close()


def _unbroken_result() -> dict:
    """An article whose text holds a 90-letter compound and a 160-character URL, with a finding
    whose explanation repeats the compound."""
    word = "Donau" + "dampfschifffahrts" * 5
    url = "https://example.com/" + "a" * 120 + "/b?x=1&y=2"
    texts = [f"Engineers called it {word} at its worst, officials said.", f"The plan was posted at {url} on Monday."]
    sentences, pos = [], 0
    for i, t in enumerate(texts):
        sentences.append({"index": i, "start": pos, "end": pos + len(t), "text": t, "score": 0.4, "paragraph": i})
        pos += len(t) + 1
    st = texts[0].index(word)
    finding = {"type": "untranslated", "sentence": 0, "start": st, "end": st + len(word), "text": word,
               "confidence": 0.6, "explanation": f"'{word}' looks like German left untranslated.", "related": []}
    return {"id": "unbroken", "source": "x.jsonl", "title": f"Council and {word}", "score": 0.6,
            "label": "suspect", "counts": {"untranslated": 1}, "sentences": sentences, "findings": [finding],
            "model": {"name": "m", "version": "1"}, "meta": {"url": url},
            "axes": {"translation": {"score": 0.1, "label": "suspect", "threshold": 0.8, "findings": [0],
                                     "sentences": [0], "reasons": [f"1 × untranslated text ({word})"]},
                     "rewriting": {"score": 0.0, "label": "clean", "reasons": [], "findings": [], "sentences": []},
                     "residue": {"score": 0.0, "label": "clean", "reasons": [], "findings": [], "sentences": []}}}


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_fit_the_screen_of_a_desk_and_of_a_phone(browser, reports, tmp_path, width):
    # at 390 px the review bar was 805 px wide and the index cards 508; a long word or URL in the
    # text widened the page at any width: each scrolled the whole page sideways
    paths = write_reports([_unbroken_result(), load_result()], tmp_path / "r")
    w = Watched(browser)
    try:
        w.page.set_viewport_size({"width": width, "height": 844})
        for path in (*paths, reports["article"], reports["hostile"], reports["index"]):
            page = w.open(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path.name
        # on a phone the index still shows each article's score and label beside its title
        page = w.open(paths[-1])
        row = page.locator("#rows tbody tr").first
        for cell in (row.locator(".c-title"), row.locator(".c-score"), row.locator(".label")):
            box = cell.bounding_box()
            assert box is not None and box["x"] + box["width"] <= width
        assert w.errors == []
    finally:
        w.close()


def test_a_phone_shows_the_three_axes_verdicts_on_the_first_screen(browser, tmp_path):
    # on a 390 px screen the axes' boxes come below the finding chips and the translation box,
    # a screen or more down: the verdict of each axis is said again beside the label
    (page_path, _) = write_reports([_unbroken_result()], tmp_path / "r")
    w = Watched(browser)
    try:
        w.page.set_viewport_size({"width": 390, "height": 844})
        page = w.open(page_path)
        summary = page.locator(".scorebox .axsum")
        assert summary.is_visible()
        assert summary.inner_text().split() == ["translation", "SUSPECT", "rewriting", "CLEAN", "residue", "CLEAN"]
        box = summary.bounding_box()
        assert box["y"] + box["height"] <= 844 and box["x"] + box["width"] <= 390
        w.page.set_viewport_size({"width": 1280, "height": 900})  # beside the boxes themselves: not repeated
        assert summary.is_hidden()
    finally:
        w.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_clean_translation_verdict_shows_its_phrases_only_on_request(browser, tmp_path, width):
    # under "not flagged" the box listed phrases "typical of machine translation" and "most
    # literal sentences" of a clean article: folded now, and unfolded they say what they are
    flagged = json.loads((FIXTURES / "report_result_mt.json").read_text(encoding="utf-8"))
    clean = json.loads(json.dumps(flagged))
    clean["id"] = "clean-mt"
    clean["mt_style"].update(probability=0.31, flagged=False)
    loud_path, quiet_path, _ = write_reports([flagged, clean], tmp_path / "r")
    w = Watched(browser)
    try:
        w.page.set_viewport_size({"width": width, "height": 844})
        page = w.open(quiet_path)
        box = page.locator(".mtstyle")
        assert "not flagged" in box.inner_text() and "typical of machine translation" not in box.inner_text()
        phrase = box.locator("q", has_text="is reported")
        assert phrase.is_hidden() and box.locator("a[href='#s-2']").is_hidden()
        box.locator("summary").click()
        assert phrase.is_visible() and box.locator("a[href='#s-2']").is_visible()
        assert "Under the 0.58 line they are no evidence of translation" in box.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page = w.open(loud_path)
        box = page.locator(".mtstyle")
        assert "reads as machine-translated" in box.inner_text()
        assert box.locator("q", has_text="is reported").is_visible() and box.locator("summary").count() == 0
        assert w.errors == []
    finally:
        w.close()


def test_n_and_p_go_from_finding_to_finding_and_the_bar_counts_them(watched, reports):
    page = watched.open(reports["article"])
    tags = page.locator("#text mark.hl > a.tag")
    n = tags.count()
    pos = page.locator("#fn-pos")
    assert n >= 3 and pos.inner_text() == f"–/{n}"
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == tags.nth(0).get_attribute("id")
    page.keyboard.press("n")
    assert pos.inner_text() == f"2/{n}" and page.locator("#tip").is_visible()  # its explanation is up
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == tags.nth(0).get_attribute("id")
    # the bar's buttons keep the focus on the finding, so the next click goes on from it
    page.locator("#fn-next").click()
    page.locator("#fn-next").click()
    assert page.evaluate("document.activeElement.id") == tags.nth(2).get_attribute("id") and pos.inner_text() == f"3/{n}"
    page.keyboard.press("Tab")  # tabbing on from a finding counts too
    assert page.locator("#fn-pos").inner_text() in (f"3/{n}", f"4/{n}")
    # a key typed into the review note is text, not a jump
    page.locator("#rv-toggle").click()
    page.locator("#s-0").click()
    at = pos.inner_text()
    page.locator("#rv-note").fill("")
    page.locator("#rv-note").press("n")
    assert page.locator("#rv-note").input_value() == "n" and pos.inner_text() == at
    assert watched.errors == []


def test_index_filters_by_verdict_axis(watched, tmp_path):
    def result(i, label, axes):
        t = f"Plain sentence number {i} about the harbour."
        return {"id": f"a{i}", "source": "x.jsonl", "title": f"Article {i}", "score": 0.1 * i, "label": label,
                "counts": {}, "findings": [], "model": {"name": "m", "version": "1"},
                "sentences": [{"index": 0, "start": 0, "end": len(t), "text": t, "score": 0.1, "paragraph": 0}],
                "axes": {name: {"score": s, "label": lab, "reasons": [], "findings": [], "sentences": []}
                         for name, (lab, s) in axes.items()}}

    clean = ("clean", 0.1)
    rows = [result(1, "clean", {"translation": clean, "rewriting": clean, "residue": ("flagged", 0.8)}),
            result(2, "suspect", {"translation": ("flagged", 0.95), "rewriting": ("suspect", 0.5), "residue": clean}),
            result(3, "artifacted", {"translation": clean, "rewriting": ("flagged", 0.7), "residue": clean})]
    write_reports(rows, tmp_path)
    page = watched.open(tmp_path / "index.html")
    axis = page.locator("#f-axis")
    assert "Rewriting: suspect or flagged (2)" in axis.inner_text()

    def shown():
        return page.eval_on_selector_all("#rows tbody tr:not([hidden]) code", "els => els.map(e => e.textContent)")

    axis.select_option("rewriting")
    assert sorted(shown()) == ["a2", "a3"]
    axis.select_option("rewriting:flagged")
    assert shown() == ["a3"]
    axis.select_option("translation:flagged")
    assert shown() == ["a2"]
    page.locator("#f-label").select_option("clean")  # filters combine
    assert shown() == []
    page.locator("#f-label").select_option("")
    axis.select_option("residue")
    assert shown() == ["a1"]
    assert watched.errors == []


def test_print_keeps_the_histogram_and_fits_the_index_table_on_the_page(browser, reports):
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.goto(reports["index"].as_uri())
    page.emulate_media(media="print")
    # the article bar's print rule hid every rect of class "bar": the histogram printed empty
    drawn = page.eval_on_selector_all("svg.hist rect.bar", "els => els.filter(e => e.getBBox().height > 0 && "
                                      "getComputedStyle(e).display !== 'none').length")
    assert drawn >= 3
    box = page.evaluate("(() => { const t = document.getElementById('rows'); "
                        "return [t.getBoundingClientRect().right, document.documentElement.clientWidth]; })()")
    assert box[0] <= box[1]
    page.goto(reports["article"].as_uri())
    page.emulate_media(media="print")
    assert not page.locator("#bar").is_visible() and not page.locator(".kb-hint").is_visible()
    page.close()
