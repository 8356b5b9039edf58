"""HTML reports: escaping, CSP, highlights, evidence, index, labels data, scale, atomic writes.

Fast tests, no browser; ``test_report_browser.py`` runs the pages in Chromium.
"""

from __future__ import annotations

import base64
import copy
import gc
import hashlib
import json
import os
import re
import shutil
import weakref
from datetime import UTC, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from detector.report import (
    find_seam,
    reconstruct,
    render_article,
    render_index,
    safe_file_name,
    summarize,
    word_diff,
    write_reports,
)
from detector.report._article import _sentences

FIXTURES = Path(__file__).parent / "fixtures"
WHEN = datetime(2024, 3, 13, 9, 30, tzinfo=UTC)
HOSTILE = (
    "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">"
    "<a href=\"javascript:alert(1)\">x</a> &lt;script&gt; \"' </textarea></script><!-- ]]>"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "main", "section", "article", "p", "span",
    "a", "h1", "h2", "h3", "ul", "ol", "li", "b", "code", "time", "mark", "del", "ins", "details", "summary", "dl",
    "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "button", "select", "option", "label", "input",
    "script", "noscript", "svg", "rect", "line", "text", "q", "kbd",
}


def load_result() -> dict:
    return json.loads((FIXTURES / "report_result.json").read_text(encoding="utf-8"))


class Page(HTMLParser):
    """Collects every start tag with its attributes, text, raw-text blocks, and nesting errors."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.blocks: list[tuple[str, dict[str, str | None], str]] = []  # (tag, attrs, raw content)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self._raw: tuple[str, dict] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._raw = (tag, a)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None:
            self.blocks.append((self._raw[0], self._raw[1], data))
        else:
            self.text.append(data)

    def all_text(self) -> str:
        return "".join(self.text)

    def find(self, tag: str, **attrs: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]


def island(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert m, "data island missing"
    return json.loads(m.group(1))


def assert_safe(html: str) -> Page:
    page = Page(html)
    assert not page.errors, page.errors[:5]
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler attribute {name} on <{tag}>"
            assert name not in ("src", "srcdoc", "formaction", "action"), f"{name} on <{tag}>"
            if name in ("href", "xlink:href"):
                assert value is not None and not re.match(r"\s*[a-z][a-z0-9+.-]*:", value, re.I), value
    scripts = [a for t, a in page.tags if t == "script"]
    assert len(scripts) <= 2
    for a in scripts:
        assert "src" not in a
    return page


def sentence_plain(html: str, index: int) -> str:
    """The text of one rendered sentence without the type tags, evidence links and seam markers."""
    m = re.search(rf'<span class="s[^"]*" id="s-{index}"[^>]*>(.*?)</span>(?: <span class="s|</p>)', html, re.S)
    assert m, index
    inner = re.sub(r'<a class="(?:tag|ev)"[^>]*>.*?</a>', "", m.group(1))
    inner = re.sub(r'<span class="seam".*?</span></span>', "", inner)
    return unescape(re.sub(r"<[^>]+>", "", inner))


def hostile_result() -> dict:
    s0 = "Officials said " + HOSTILE + " in a statement."
    s1 = "The second sentence has a link https://example.invalid/x and & ampersands."
    text = s0 + " " + s1
    start = s0.index("<script>")
    return {
        "id": "../" + HOSTILE,
        "source": HOSTILE,
        "title": HOSTILE,
        "score": 0.5,
        "label": HOSTILE,
        "counts": {HOSTILE: 1, "doubled_word": 1},
        "sentences": [
            {"index": 0, "start": 0, "end": len(s0), "text": s0, "score": 0.9, "paragraph": 0},
            {"index": 1, "start": len(s0) + 1, "end": len(text), "text": s1, "score": 0.1, "paragraph": 0},
        ],
        "findings": [
            {"type": HOSTILE, "sentence": 0, "start": start, "end": start + 40, "text": text[start : start + 40],
             "confidence": 0.7, "explanation": HOSTILE, "related": [1]},
            {"type": "doubled_word", "sentence": 0, "start": 0, "end": 9, "text": text[:9],
             "confidence": 0.9, "explanation": "x " + HOSTILE, "related": []},
            {"type": "near_duplicate", "sentence": 1, "start": len(s0) + 1, "end": len(text), "text": s1,
             "confidence": 0.6, "explanation": HOSTILE, "related": [0]},
        ],
        "model": {"name": HOSTILE, "version": HOSTILE},
        "warnings": [{"code": HOSTILE, "message": HOSTILE}],
        "meta": {HOSTILE: HOSTILE, "nested": {"k": [HOSTILE]}},
    }


def small_result(i: int, text: str = "A short sentence about the harbour ferry.") -> dict:
    return {
        "id": f"batch/{i}",
        "source": "batch.jsonl",
        "title": f"Article {i}",
        "score": (i % 100) / 100,
        "label": ("clean", "suspect", "artifacted")[i % 3],
        "counts": {"doubled_word": 1} if i % 2 else {},
        "sentences": [{"index": 0, "start": 0, "end": len(text), "text": text, "score": 0.2, "paragraph": 0}],
        "findings": [],
        "model": {"name": "m", "version": "1"},
    }


def long_result(n: int) -> dict:
    sentences, findings, pos = [], [], 0
    for i in range(n):
        t = f"Sentence {i} reports that the the council met again on Tuesday to discuss the plan."
        sentences.append({"index": i, "start": pos, "end": pos + len(t), "text": t, "score": (i % 10) / 10,
                          "paragraph": i // 4})
        if i % 3 == 0:
            st = pos + t.index("the the")
            findings.append({"type": "doubled_word", "sentence": i, "start": st, "end": st + 7, "text": "the the",
                             "confidence": 0.9, "explanation": "Doubled word.", "related": []})
        if i % 11 == 0 and i:
            findings.append({"type": "near_duplicate", "sentence": i, "start": pos, "end": pos + len(t), "text": t,
                             "confidence": 0.8, "explanation": "Repeats the previous sentence.", "related": [i - 1]})
        pos += len(t) + 1
    return {"id": "long", "source": "long.jsonl", "title": "A long article", "score": 0.6, "label": "suspect",
            "counts": {}, "sentences": sentences, "findings": findings, "model": {"name": "m", "version": "1"}}


# --- fixture sanity -----------------------------------------------------------------------


def test_fixture_offsets_are_consistent():
    r = load_result()
    article = (FIXTURES / "report_article.txt").read_text(encoding="utf-8")[:-1]
    for s in r["sentences"]:
        assert article[s["start"] : s["end"]] == s["text"]
    for f in r["findings"]:
        s = r["sentences"][f["sentence"]]
        assert s["start"] <= f["start"] < f["end"] <= s["end"]
        assert article[f["start"] : f["end"]] == f["text"]
    main_six = {"near_duplicate", "gender_mismatch", "spliced_fragment", "resumptive_pronoun", "unbalanced_quote",
                "boilerplate"}
    assert main_six <= {f["type"] for f in r["findings"]}
    assert 14 <= len(r["sentences"]) <= 20


# --- escaping -----------------------------------------------------------------------------


def test_hostile_text_in_every_field_is_escaped():
    html = render_article(hostile_result(), generated_at=WHEN)
    page = assert_safe(html)
    assert "<script>window" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    # HTML entities in the text are shown literally, not decoded
    assert "&amp;lt;script&amp;gt;" in html
    visible = page.all_text()
    assert HOSTILE in visible  # the title, source, explanations ... read as text
    assert visible.count("window.__pwned=1") >= 6
    # the raw data island cannot contain markup
    raw = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw.replace("\\u0026", "")
    data = island(html)
    assert data["id"] == "../" + HOSTILE and data["title"] == HOSTILE
    assert HOSTILE in data["text"]


def test_hostile_index_rows_are_escaped():
    rows = [
        summarize(hostile_result(), href="javascript:alert(1)"),
        {"id": HOSTILE, "source": HOSTILE, "error": {"code": HOSTILE, "message": HOSTILE, "line": HOSTILE}},
        {"id": "x", "title": "t", "score": 0.2, "label": "clean", "counts": {}, "href": "//evil.invalid/x"},
        {"id": "y", "title": "t", "score": 0.2, "label": "clean", "counts": {}, "href": "https://evil.invalid/x"},
    ]
    html = render_index(rows, generated_at=WHEN)
    page = assert_safe(html)
    assert "<script>window" not in html and "<img" not in html
    assert "evil.invalid" not in html  # links with a host are dropped
    assert HOSTILE in page.all_text()


def test_a_paragraph_taken_for_a_title_is_cut_to_four_lines_in_the_index():
    # a page whose first paragraph became its title filled a phone's screen with one index row
    para = ("• RESULTS: Saturday - Riverside 2 (Okafor 12', Lind 70') Harbour Town 1 (Mbeki 9'): the caretaker "
            "manager said \"the squad showed grit & the fans <b>loved</b> it\" " * 3)
    rows = [{"id": "long", "title": para, "score": 0.9, "label": "artifacted", "counts": {}, "href": "long.html"},
            {"id": "short", "title": "Ferry <b>resumes</b> after storm", "score": 0.1, "label": "clean",
             "counts": {}, "href": "short.html"}]
    html = render_index(rows, generated_at=WHEN)
    assert_safe(html)
    long_link = re.search(r'<a href="long.html"([^>]*)>', html).group(1)
    assert 'class="t-clip"' in long_link and unescape(re.search(r'title="([^"]*)"', long_link).group(1)) == para
    assert re.search(r'<a href="short.html">Ferry &lt;b&gt;resumes', html)  # a headline is shown whole
    assert ".t-clip" in html and "line-clamp: 4" in html


def mt_result(flagged: bool = True, hostile: bool = False) -> dict:
    r = hostile_result() if hostile else load_result()
    phrase = HOSTILE if hostile else "it was reported"
    r["mt_style"] = {"probability": 0.71 if flagged else 0.2, "threshold": 0.58, "flagged": flagged,
                     "explanation": "x", "phrases": [{"text": phrase, "weight": 0.1}, {"text": "of the", "weight": 0.05}],
                     "counter_phrases": [{"text": "won't", "weight": 0.02}], "sentences": [1, "2", -1, True]}
    return r


def test_the_mt_style_verdict_is_shown_with_its_phrases_and_sentence_links():
    html = render_article(mt_result(), generated_at=WHEN)
    page = assert_safe(html)
    box = re.findall(r'<div class="(mtstyle[^"]*)"(.*?)</div>', html, re.S)
    assert len(box) == 1 and box[0][0] == "mtstyle mt-flag"
    text = page.all_text()
    assert "Machine-translation style" in text and "0.71" in text and "reads as machine-translated" in text
    assert "it was reported" in text and "won't" in text
    # only real sentence indices become links: "2", -1 and True are dropped
    assert re.findall(r'<a href="(#s-\d+)">', box[0][1]) == ["#s-1"]
    quiet = render_article(mt_result(flagged=False), generated_at=WHEN)
    assert '<div class="mtstyle"' in quiet and "not flagged" in quiet
    assert '<div class="mtstyle' not in render_article(load_result(), generated_at=WHEN)


def test_a_clean_translation_verdict_folds_its_phrases_away_and_says_what_they_are():
    # a clean wire story's box listed "Phrases typical of machine translation" and "Most literal
    # sentences" under "not flagged": every article has phrases on both sides of the head, and
    # below its line they are what the score is made of, not evidence
    def box(html: str) -> str:
        return html.split('<div class="mtstyle', 1)[1].split("</div>", 1)[0]

    quiet = render_article(mt_result(flagged=False), generated_at=WHEN)
    assert_safe(quiet)
    shown = Page(re.sub(r"<details.*?</details>", "", box(quiet), flags=re.S)).all_text()
    assert "not flagged" in shown and "it was reported" not in shown and "won't" not in shown
    assert "typical of machine translation" not in shown and "literal" not in shown
    folded = re.findall(r'<details class="mt-parts">(.*?)</details>', box(quiet), re.S)
    assert len(folded) == 1
    inside = Page(folded[0]).all_text()
    assert "What the 0.20 is made of" in inside and "Under the 0.58 line they are no evidence" in inside
    assert "it was reported" in inside and "won't" in inside and re.findall(r'href="(#s-\d+)"', folded[0]) == ["#s-1"]
    # a flagging head is explained in the open, its phrases named as the verdict's grounds
    loud = render_article(mt_result(), generated_at=WHEN)
    assert "<details" not in box(loud)
    assert re.search(r"Phrases behind this verdict:\s*<q>it was reported</q>", box(loud))
    assert "Most literal sentences" in Page(box(loud)).all_text()
    # no phrases and no sentences: nothing to unfold
    bare = mt_result(flagged=False)
    bare["mt_style"].update(phrases=[], counter_phrases=[], sentences=[])
    assert "<details" not in box(render_article(bare, generated_at=WHEN))


def test_the_translation_box_names_the_words_left_untranslated():
    # words left untranslated make the axis suspect while the head does not flag: the box read
    # "SUSPECT 0.20 ... not flagged", the reason nowhere on the page
    r = mt_result(flagged=False)
    r.setdefault("axes", {})["translation"] = {"score": 0.2, "label": "suspect", "threshold": 0.58, "findings": [], "sentences": [2],
                                "reasons": ["2 × untranslated text (sentence 3)"]}
    page = Page(render_article(r, generated_at=WHEN))
    assert "not flagged" in page.all_text() and "2 × untranslated text (sentence 3)" in page.all_text()
    # flagged by the head too: the words still named, the head's explanation not said twice
    r = mt_result()
    r["mt_style"]["explanation"] = "Reads as machine translation (0.71)."
    r.setdefault("axes", {})["translation"] = {"score": 0.71, "label": "flagged", "threshold": 0.58, "findings": [], "sentences": [1],
                                "reasons": ["Reads as machine translation (0.71).", "1 × untranslated text (sentence 2)"]}
    text = Page(render_article(r, generated_at=WHEN)).all_text()
    assert "1 × untranslated text (sentence 2)" in text and "Reads as machine translation" not in text


def test_hostile_mt_phrases_are_escaped():
    html = render_article(mt_result(hostile=True), generated_at=WHEN)
    assert_safe(html)
    assert "<script>window" not in html


def test_the_index_has_an_mt_style_column():
    rows = [summarize(mt_result()), summarize(load_result()), summarize(mt_result(flagged=False))]
    page = Page(render_index(rows, generated_at=WHEN))
    html = render_index(rows, generated_at=WHEN)
    assert 'data-v="0.7100"' in html and 'data-v="0.2000"' in html and 'class="mt-flag"' in html
    assert "1 of 2 read as machine-translated" in page.all_text()
    # the summary names the column by its header: it said "MT style column", and no column is called that
    assert "read as machine-translated (Translation column)" in page.all_text() and ">Translation</button>" in html


def test_csp_allows_exactly_the_inline_blocks():
    for html in (render_article(load_result(), generated_at=WHEN), render_index([summarize(load_result())])):
        page = Page(html)
        metas = page.find("meta", http_equiv="Content-Security-Policy")
        assert len(metas) == 1
        policy = metas[0]["content"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'none'"
        assert directives["img-src"] == "data:"
        assert "'unsafe-inline'" not in policy and "http" not in policy
        # the meta comes before any style or script
        assert html.index("Content-Security-Policy") < html.index("<style>") < html.index("<script")

        def digest(s: str) -> str:
            return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

        styles = [c for t, a, c in page.blocks if t == "style"]
        scripts = [c for t, a, c in page.blocks if t == "script" and a.get("type") != "application/json"]
        assert len(styles) == 1 and len(scripts) == 1
        assert directives["style-src"].split() == [digest(styles[0])]
        assert directives["script-src"].split() == [digest(scripts[0])]


def test_no_external_references():
    html = render_article(load_result(), generated_at=WHEN)
    # the record's url is shown as text under the title (and in the record fields), never linked
    url = load_result()["meta"]["url"]
    assert f'<span class="u">{url}</span>' in html
    html = html.replace(url, "")
    assert "http://" not in html and "https://" not in html
    assert "//" not in "".join(a.get("href") or "" for _, a in Page(html).tags)
    index = render_index([summarize(load_result(), href="a.html")], generated_at=WHEN)
    assert f'<span class="c-url">{url}</span>' in index
    index = index.replace(url, "")
    assert "http://" not in index and "https://" not in index
    # a URL in the article text appears only as text (and in the JSON island), never in an attribute
    html = render_article(hostile_result(), generated_at=WHEN)
    page = Page(html)
    for _, attrs in page.tags:
        for name, value in attrs.items():
            if name in ("data-tip", "aria-label", "content"):
                continue
            assert "https://" not in (value or ""), (name, value)
    assert "https://example.invalid/x" in page.all_text()


# --- article page ------------------------------------------------------------------------


def test_every_finding_is_highlighted_with_a_text_label():
    r = load_result()
    html = render_article(r, generated_at=WHEN)
    page = assert_safe(html)
    for i, f in enumerate(r["findings"]):
        marks = [a for t, a in page.tags if t == "mark" and a.get("data-f") == str(i)]
        assert marks, f"no highlight for finding {i}"
        assert f"t-{f['type']}" in marks[0]["class"]
        assert f["explanation"] in marks[0]["data-tip"]
        tag = page.find("a", id=f"f-{i}")
        assert tag and tag[0]["class"] == "tag" and tag[0]["href"] == f"#fl-{i}"
        assert tag[0]["aria-describedby"] == f"fx-{i}" and page.find("p", id=f"fx-{i}")
        assert page.find("li", id=f"fl-{i}")
    labels = re.findall(r'<a class="tag" id="f-\d+"[^>]*>([^<]+)</a>', html)
    assert set(labels) == {"gender", "resumptive", "boilerplate", "doubled", "quote", "name variant",
                           "near-duplicate", "splice", "untranslated", "mojibake"}


def test_header_shows_score_label_counts_model_and_time():
    r = load_result()
    text = Page(render_article(r, generated_at=WHEN)).all_text()
    assert "0.83" in text and "artifacted" in text
    assert "artifact-detector-en" in text and "0.1.0" in text
    assert "2024-03-13 09:30 UTC" in text
    assert "Boilerplate 2" in re.sub(r"\s+", " ", text)
    for name in ("Near-duplicate sentence", "Pronoun gender mismatch", "Spliced fragment", "Mojibake"):
        assert name in text


def test_paragraphs_and_sentence_shading():
    r = load_result()
    page = Page(render_article(r, generated_at=WHEN))
    paras = {s["paragraph"] for s in r["sentences"]}
    assert len([a for t, a in page.tags if t == "p" and (a.get("id") or "").startswith("p-")]) == len(paras)
    for s in r["sentences"]:
        span = page.find("span", id=f"s-{s['index']}")
        assert span, s["index"]
        assert f"sc{min(9, int(s['score'] * 10))}" in span[0]["class"]


def test_near_duplicate_pair_shows_changed_words():
    html = render_article(load_result(), generated_at=WHEN)
    pair = re.search(r'<div class="pair".*?</div>\s*</div>', html, re.S).group(0)
    assert "<del>The council said</del>" in pair
    assert "<del>funded</del>" in pair and "<ins>paid</ins>" in pair
    assert "<ins>According to the council,</ins>" in pair
    assert "Sentence 10" in pair and "Sentence 11" in pair


def test_word_diff_marks_only_changed_words():
    a, b = word_diff("The mayor said the plan works.", "The mayor claimed the plan works well.")
    assert str(a) == "The mayor <del>said</del> the plan <del>works.</del>"
    assert str(b) == "The mayor <ins>claimed</ins> the plan <ins>works well.</ins>"
    a, b = word_diff("<b>same</b>", "<b>same</b>")
    assert str(a) == str(b) == "&lt;b&gt;same&lt;/b&gt;"


def test_gender_mismatch_links_to_its_antecedent():
    html = render_article(load_result(), generated_at=WHEN)
    # the pronoun highlight is followed by a link to sentence 3 (index 2)
    assert re.search(r'data-f="0"[^>]*data-rel="2"', html)
    assert re.search(r'She</mark><a class="ev" href="#s-2"[^>]*aria-label="antecedent: sentence 3"', html)
    assert "Antecedent in <a href=\"#s-2\">sentence 3</a>" in html


def test_splice_seam_is_marked_between_the_glued_parts():
    html = render_article(load_result(), generated_at=WHEN)
    assert re.search(r'begins in March</mark><mark class="hl t-spliced_fragment"[^>]*><span class="seam"', html) or \
        re.search(r'begins in March<span class="seam"', html)
    assert find_seam("begins in March The contractor was chosen") == len("begins in March")
    assert find_seam("the vote passed. the council then left") == len("the vote passed.")
    assert find_seam("no seam in this fragment") is None
    # the seams the splice detector reports: glued words, case seams, missing spaces, cut sentences
    for fragment, left in (("Kharkivwhile", "Kharkiv"), ("offensiveThe", "offensive"), ("Kyiv.The", "Kyiv."),
                           ("thebattle", "the"), ("saidthe", "said"), ("would resume in The", "would resume in"),
                           ("talks resume in Moscow", "talks resume in")):
        assert find_seam(fragment) == len(left), fragment
    # a finding may carry the seam offset itself
    r = load_result()
    f = next(f for f in r["findings"] if f["type"] == "spliced_fragment")
    f["seam"] = f["start"] + 3
    assert '<span class="seam"' in render_article(r, generated_at=WHEN)


def test_overlapping_findings_nest_cleanly():
    r = load_result()
    s = r["sentences"][6]  # "... about the the loss of parking spaces."
    start = s["start"] + s["text"].index("enthusiastic about the")
    r["findings"].append({"type": "untranslated", "sentence": 6, "start": start, "end": start + 26,
                          "text": s["text"][start - s["start"] : start - s["start"] + 26], "confidence": 0.5,
                          "explanation": "Overlaps the doubled word.", "related": []})
    r["findings"].append({"type": "boilerplate", "sentence": 6, "start": s["start"], "end": s["end"],
                          "text": s["text"], "confidence": 0.4, "explanation": "Whole sentence.", "related": []})
    html = render_article(r, generated_at=WHEN)
    page = assert_safe(html)
    n = len(r["findings"])
    for i in range(n):
        assert len(page.find("a", id=f"f-{i}")) == 1
    assert sentence_plain(html, 6) == s["text"]
    assert sentence_plain(render_article(load_result(), generated_at=WHEN), 6) == s["text"]


def test_unplaceable_finding_is_listed_not_highlighted():
    r = load_result()
    r["findings"].append({"type": "mojibake", "sentence": 0, "start": 10_000, "end": 10_005, "text": "zzzzz",
                          "confidence": 0.5, "explanation": "Offsets out of range.", "related": []})
    html = render_article(r, generated_at=WHEN)
    i = len(r["findings"]) - 1
    assert f'id="fl-{i}"' in html and f'id="f-{i}"' not in html
    assert "could not be placed" in html


def test_findings_list_is_grouped_by_type_and_links_to_text():
    r = load_result()
    html = render_article(r, generated_at=WHEN)
    groups = re.findall(r'<section class="group (t-\w+)"', html)
    assert len(groups) == len({f["type"] for f in r["findings"]})
    assert groups[0] == "t-near_duplicate" and groups[-1] == "t-mojibake"
    for i in range(len(r["findings"])):
        assert f'<a href="#f-{i}">' in html


def test_overview_strip_has_a_cell_per_sentence():
    r = load_result()
    html = render_article(r, generated_at=WHEN)
    svg = re.search(r'<svg class="strip".*?</svg>', html, re.S).group(0)
    for s in r["sentences"]:
        assert f'href="#s-{s["index"]}"' in svg
    flagged = {f["sentence"] for f in r["findings"]}
    assert svg.count('class="fl ') == len({(f["sentence"], f["type"]) for f in r["findings"]})
    assert len(flagged) == 11


def test_empty_article_renders():
    r = small_result(1)
    r["sentences"], r["findings"] = [], []
    html = render_article(r, generated_at=WHEN)
    assert "No findings in this article." in html
    assert island(html)["text"] == ""


def test_no_javascript_needed_for_reading():
    html = render_article(load_result(), generated_at=WHEN)
    # the review controls start hidden; the text and findings do not depend on script
    assert '<div class="review" id="review" hidden>' in html
    assert '<div id="rv-pop" class="pop" role="dialog" aria-labelledby="rv-title" hidden>' in html
    body = html[html.index('<article id="text"') : html.index("</article>")]
    assert "hidden" not in body and "display:none" not in body
    assert "<noscript>" in html


# --- labels data island -------------------------------------------------------------------


def expected_text(result: dict) -> str:
    paras: list[list[str]] = []
    last = object()
    for s in sorted(result["sentences"], key=lambda s: s["index"]):
        if s["paragraph"] != last:
            paras.append([])
            last = s["paragraph"]
        paras[-1].append(s["text"])
    return "\n".join(" ".join(p) for p in paras)


def test_labels_data_island_round_trips():
    r = load_result()
    data = island(render_article(r, generated_at=WHEN, file_stem="riverside"))
    assert data["id"] == r["id"] and data["title"] == r["title"] and data["file"] == "riverside"
    text = data["text"]
    assert text == expected_text(r)
    u16 = text.encode("utf-16-le")
    flagged = {}
    for f in sorted(r["findings"], key=lambda f: -f["confidence"]):
        flagged.setdefault(f["sentence"], [])
        if f["type"] not in flagged[f["sentence"]]:
            flagged[f["sentence"]].append(f["type"])
    assert len(data["sents"]) == len(r["sentences"])
    for (idx, cs, ce, us, ue, score, types), s in zip(data["sents"], r["sentences"], strict=True):
        assert idx == s["index"]
        assert text[cs:ce] == s["text"]
        assert u16[us * 2 : ue * 2].decode("utf-16-le") == s["text"]
        assert score == pytest.approx(s["score"])
        assert types == flagged.get(idx, [])
    # the last sentence has characters outside the BMP: code points and UTF-16 units differ there
    last = data["sents"][-1]
    assert last[2] - last[1] < last[4] - last[3]


def test_reconstruct_joins_sentences_and_paragraphs():
    sents = _sentences({"sentences": [
        {"index": 0, "start": 0, "end": 2, "text": "A.", "paragraph": 0, "score": 0},
        {"index": 1, "start": 3, "end": 5, "text": "B.", "paragraph": 0, "score": 0},
        {"index": 2, "start": 7, "end": 9, "text": "C.", "paragraph": 1, "score": 0},
    ]})
    assert reconstruct(sents) == "A. B.\nC."
    assert [(s.cs, s.ce) for s in sents] == [(0, 2), (3, 5), (6, 8)]


# --- index --------------------------------------------------------------------------------


def test_index_lists_every_row_including_errors():
    rows = [summarize(load_result(), href="riverside.html")]
    rows += [summarize(small_result(i), href=f"a{i}.html") for i in range(5)]
    rows.append({"id": "bad-1", "source": "in.jsonl", "error": {"code": "E004", "message": "invalid JSON", "line": 7}})
    rows.append(summarize({"id": "bad-2", "source": "in.jsonl", "error": {"code": "E005", "message": "no text"}}))
    html = render_index(rows, generated_at=WHEN)
    page = assert_safe(html)
    body = html[html.index("<tbody>", html.index('id="rows"')) :]
    assert body.count("<tr ") == len(rows)
    assert body.count('data-label="failed"') == 2
    text = re.sub(r"\s+", " ", page.all_text())
    assert "E004 invalid JSON (line 7)" in text and "E005 no text" in text
    assert "Riverside council backs plan for downtown bike lanes" in text
    assert 'href="riverside.html"' in html
    assert "8 records: 6 scored, 2 failed" in text
    # histogram and per-type totals
    assert '<svg class="hist"' in html
    assert re.search(r"Boilerplate</button></td><td class=\"num\">2</td>", html)


def test_index_without_rows():
    html = render_index([], generated_at=WHEN)
    assert "No records." in html


# --- scale --------------------------------------------------------------------------------


def test_two_thousand_sentence_article_renders():
    # render time is measured in benchmarks/, not asserted here
    r = long_result(2000)
    html = render_article(r, generated_at=WHEN)
    assert 'id="s-1999"' in html
    assert html.count('<mark class="hl') >= len(r["findings"])


def test_ten_thousand_articles_write_and_index(tmp_path):
    out = tmp_path / "big"
    seen: list[int] = []
    paths = write_reports((small_result(i) for i in range(10_000)), out, progress=seen.append, generated_at=WHEN)
    try:
        assert len(paths) == 10_001 and paths[-1] == out / "index.html"
        assert len({p.name.lower() for p in paths}) == 10_001
        assert seen[:3] == [1, 2, 3] and seen[-1] == 10_000
        index = (out / "index.html").read_text(encoding="utf-8")
        assert index.count("<tr data-label=") == 10_000
        assert 'href="batch-9999.html"' in index
        assert not list(out.glob(".*.tmp"))
    finally:
        shutil.rmtree(out)  # ~300 MB: do not leave it for pytest's tmp retention


def test_write_reports_streams_results(tmp_path):
    class Result(dict):
        pass

    refs: list[weakref.ref] = []
    alive_at: list[int] = []

    def gen():
        for i in range(50):
            r = Result(small_result(i))
            refs.append(weakref.ref(r))
            yield r

    def progress(n):
        gc.collect()
        alive_at.append(sum(1 for ref in refs if ref() is not None))

    write_reports(gen(), tmp_path, progress=progress)
    assert max(alive_at) <= 2  # the current result, and at most the one the generator still holds


# --- files --------------------------------------------------------------------------------


def test_write_reports_pages_errors_and_names(tmp_path):
    results = [
        load_result(),
        {"id": "bad", "source": "x.jsonl", "error": {"code": "E004", "message": "invalid JSON", "line": 2}},
        small_result(1) | {"id": "../../etc/passwd"},
        small_result(2) | {"id": "Index"},
        small_result(3) | {"id": "dup"},
        small_result(4) | {"id": "DUP"},
        small_result(5) | {"id": ""},
        "not a dict",
    ]
    paths = write_reports(iter(results), tmp_path / "out", generated_at=WHEN)
    names = [p.name for p in paths]
    assert names == ["riverside-bike-lanes-2024.html", "etc-passwd.html", "article-Index.html", "dup.html",
                     "DUP-2.html", "article.html", "index.html"]
    assert all(p.parent == tmp_path / "out" and p.exists() for p in paths)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr data-label=") == len(results)
    assert "E004" in index and "E030" in index
    page = (tmp_path / "out" / "riverside-bike-lanes-2024.html").read_text(encoding="utf-8")
    assert '<a href="index.html">' in page
    assert island(page)["file"] == "riverside-bike-lanes-2024"


def test_safe_file_name():
    taken: set[str] = set()
    assert safe_file_name("a/b c?d", taken) == "a-b-c-d"
    assert safe_file_name("a b/c:d", taken) == "a-b-c-d-2"
    assert safe_file_name("Ünïcödé—id", taken) == "Unicode-id"
    assert safe_file_name(".hidden", taken) == "hidden"
    assert safe_file_name("con", taken) == "article-con"
    assert safe_file_name("x" * 300, taken) == "x" * 80
    assert safe_file_name(None, taken) == "article"
    assert safe_file_name("<script>", taken) == "script"


def test_atomic_write_leaves_no_temp_files(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_reports([load_result(), small_result(1)], out, generated_at=WHEN)
    assert sorted(p.name for p in out.iterdir()) == ["batch-1.html", "index.html", "riverside-bike-lanes-2024.html"]
    before = (out / "index.html").read_text(encoding="utf-8")

    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src, dst):
        calls["n"] += 1
        if Path(dst).name == "index.html":
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_reports([small_result(2)], out, generated_at=datetime(2030, 1, 1, tzinfo=UTC))
    assert calls["n"] == 2
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert (out / "index.html").read_text(encoding="utf-8") == before  # the old index is intact


def test_render_article_does_not_mutate_its_input():
    r = load_result()
    snapshot = copy.deepcopy(r)
    render_article(r, generated_at=WHEN)
    assert r == snapshot


def test_a_flagging_translation_verdict_marks_its_sentences_in_the_text():
    # the verdict named its most literal sentences by number only: a reader had to count down
    # the text to check it where it lies
    r = json.loads((FIXTURES / "report_result_mt.json").read_text(encoding="utf-8"))
    assert r["mt_style"]["flagged"] is True
    html = render_article(r, generated_at=WHEN)
    assert_safe(html)
    marked = [int(i) for i in re.findall(r'<span class="s sc\d+[^"]* mt-lit"[^>]* data-i="(\d+)"', html)]
    assert marked and marked == sorted(set(r["mt_style"]["sentences"]) & set(marked))
    assert "wavy underline" in html
    # under the line, the same sentences are what the score is made of, not evidence: no mark
    r["mt_style"]["flagged"] = False
    html = render_article(r, generated_at=WHEN)
    assert "mt-lit\"" not in html and "wavy underline" not in html


def test_a_paragraph_taken_for_a_title_is_set_as_text_on_its_page():
    # set as a 1.9rem headline it filled a phone's first screen and pushed the verdict below it
    r = load_result()
    r["title"] = "Riverside 2 (Okafor 12') Harbour Town 1: the caretaker manager said <b>it was</b> fine. " * 3
    html = render_article(r, generated_at=WHEN)
    assert_safe(html)
    assert re.search(r'<h1 class="long">Riverside 2 \(Okafor 12&#39;\) Harbour Town 1: the caretaker manager '
                     r"said &lt;b&gt;it was", html)
    r["title"] = "Ferry resumes after storm"
    assert "<h1>Ferry resumes after storm</h1>" in render_article(r, generated_at=WHEN)


def test_a_report_reads_its_directory_once_and_removes_a_killed_runs_pages(tmp_path, monkeypatch):
    import os

    from detector import fileio

    out = tmp_path / "reports"
    out.mkdir()
    dead = out / ".batch-1.html.999999999.0123456789ab.tmp"  # a page a killed run was writing
    live = out / f".batch-2.html.{os.getpid()}.0123456789ab.tmp"  # one a running writer holds
    keep = out / ".notes.txt"
    for p in (dead, live, keep):
        p.write_text("x", encoding="utf-8")
    scans = []
    real = os.scandir
    monkeypatch.setattr(fileio.os, "scandir", lambda p: scans.append(p) or real(p))
    write_reports((small_result(i) for i in range(50)), out, generated_at=WHEN)
    # each page's write read the whole directory for its own leftovers: 10,000 pages, 10,000 passes
    assert len(scans) <= 2
    assert not dead.exists() and live.exists() and keep.exists()


def test_the_url_is_shown_once_under_the_title_and_other_fields_stay_in_the_record_fields():
    r = small_result(1)
    r["meta"] = {"url": "https://gazette.example/ferry", "site": "The Gazette"}
    html = render_article(r, generated_at=WHEN)
    # the record fields repeated the address the line under the title shows
    assert html.count(">https://gazette.example/ferry<") == 1
    assert "<dt>site</dt><dd>The Gazette</dd>" in html and "<dt>url</dt>" not in html
    r["meta"] = {"url": 42}  # no address to show under the title: the field stays where it was
    assert "<dt>url</dt><dd>42</dd>" in render_article(r, generated_at=WHEN)
