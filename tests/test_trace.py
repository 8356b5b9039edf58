"""Copy tracing: families that must be found, same-topic stories that must stay apart."""

from __future__ import annotations

import html
import json

import numpy as np
import pytest
from click.testing import CliRunner

from detector import trace as T
from detector.cli import main
from detector.trace import trace_articles

WIRE = """Floodwaters cut main road into Vinnytsia as river rises
VINNYTSIA, Ukraine — Floodwaters from the Southern Bug river cut the main road into Vinnytsia on Tuesday, forcing hundreds of drivers to turn back, regional officials said.
The river rose by almost two metres overnight after three days of heavy rain, according to the regional emergency service.
Rescuers evacuated 140 residents from low-lying streets near the old bridge, and a school on Soborna Street was turned into a shelter.
"The water came faster than anyone expected," said Iryna Hnatyuk, who runs a pharmacy near the embankment.
Regional governor Serhiy Borzov said the road would stay closed until engineers had checked the embankment for damage.
Forecasters expect the rain to ease on Thursday, but warned that smaller rivers in the north of the region could still burst their banks.
The last comparable flood in Vinnytsia was in 2008, when the river rose by more than three metres."""

# a spun copy: words swapped, a sentence dropped, one added, page furniture around it
SPUN = """Share this article
Floodwaters cut main road into Vinnytsia as river rises
VINNYTSIA, Ukraine — Floodwaters from the Southern Bug river blocked the main highway into Vinnytsia on Tuesday, forcing hundreds of motorists to turn around, regional authorities said.
According to the regional emergency service, the river climbed by almost two metres overnight after three days of torrential rain.
Rescuers moved 140 residents out of low-lying streets near the old bridge, and a school on Soborna Street was converted into a shelter.
Regional governor Serhiy Borzov said the highway would remain shut until engineers had inspected the embankment for damage.
Local volunteers handed out sandbags and hot drinks at the edge of the flooded district.
Forecasters expect the rain to ease on Thursday, but cautioned that smaller rivers in the north of the region could still overflow.
Read more: Ukraine weather news
Advertisement"""

# two translations of one source text, sharing few exact runs of words
TRANSLATION_1 = """Lviv council backs plan to turn old tram depot into transport museum
The Lviv city council on Wednesday approved a plan to convert the disused tram depot on Horodotska Street into a museum of urban transport.
The building, erected in 1894, has stood empty since the last trams left it more than twenty years ago.
Deputy mayor Andriy Moskalenko said restoration work would begin next spring and cost about 60 million hryvnias.
The museum will display a dozen historic trams, including a carriage that ran on the city's first electric line.
Part of the money will come from a European Union grant for the preservation of industrial heritage.
City officials hope the museum will open to visitors in 2027."""

TRANSLATION_2 = """Lviv councillors approve turning historic tram garage into museum of city transport
On Wednesday, Lviv's municipal assembly gave the go-ahead for transforming the abandoned tramway garage on Horodotska Street into an urban transport museum.
Built in 1894, the structure has been vacant ever since the final tramcars departed from it over two decades ago.
According to deputy mayor Andriy Moskalenko, the renovation is set to start next spring at a cost of roughly 60 million hryvnias.
Twelve vintage trams will be exhibited there, among them a wagon that served the first electrified route in the city.
A European Union grant for safeguarding industrial heritage is to cover some of the funding.
The municipality expects the museum to welcome its first visitors in 2027."""

# the same topic as WIRE, a different story: other town, other facts, other quotes
SAME_TOPIC = """Heavy rain floods villages along the Dniester in western Ukraine
IVANO-FRANKIVSK, Ukraine — Heavy rain flooded dozens of houses in villages along the Dniester river on Monday, and several local roads were closed, the regional administration said.
Water levels on the Dniester rose by more than a metre in 24 hours, the hydrological service reported.
Emergency workers used boats to reach elderly residents in the village of Halych, where the water reached the windows of some homes.
"We lost the whole harvest in the garden," said Mykola Senyk, 67, standing in front of his flooded yard.
The regional administration said the road between Halych and Ivano-Frankivsk would reopen once the water had receded.
Meteorologists said more rain was likely over the weekend in the Carpathian foothills."""

# a daily tally in the same words as another day's, with different figures
TALLY_MONDAY = """Region reports new measles cases
The regional health department reported 42 new cases of measles on Monday.
Of those, 31 were children under the age of ten, the department said.
The total number of cases since the start of the outbreak in March has reached 1,215.
Vaccination points at 18 clinics will stay open until 8 p.m. this week, officials said."""

TALLY_TUESDAY = """Region reports new measles cases
The regional health department reported 57 new cases of measles on Tuesday.
Of those, 44 were children under the age of ten, the department said.
The total number of cases since the start of the outbreak in March has reached 1,272.
Vaccination points at 23 clinics will stay open until 9 p.m. this week, officials said."""

UNRELATED = """Kyiv opens its first public library for the blind in a renovated mansion
A library for blind and partially sighted readers opened in central Kyiv on Friday in a restored nineteenth-century mansion.
It holds more than 9,000 books in braille and a collection of audiobooks recorded by volunteers.
Visitors can borrow tactile maps of the city and attend weekly reading clubs.
The project was paid for by the city and a private foundation, the library's director said."""


def _batch(**extra):
    items = [
        {"id": "wire", "text": WIRE, "date": "2025-03-04T09:00:00Z", "url": "https://wire.example/floods"},
        {"id": "spun", "text": SPUN, "date": "2025-03-04T15:30:00Z"},
        {"id": "tr-1", "text": TRANSLATION_1},
        {"id": "tr-2", "text": TRANSLATION_2},
        {"id": "same-topic", "text": SAME_TOPIC},
        {"id": "tally-mon", "text": TALLY_MONDAY},
        {"id": "tally-tue", "text": TALLY_TUESDAY},
        {"id": "unrelated", "text": UNRELATED},
    ]
    return items


@pytest.fixture(scope="module")
def traced():
    return {r["id"]: r for r in trace_articles(_batch())}


def _copies(rec):
    return {c["id"]: c for c in rec["copies"]}


def test_a_spun_copy_is_traced_to_its_wire_story(traced):
    spun, wire = traced["spun"], traced["wire"]
    assert spun["family"] == wire["family"] == "wire"
    assert wire["role"] == "original" and spun["role"] == "copy" and spun["copy_of"] == "wire"
    c = _copies(spun)["wire"]
    assert c["relation"] == "source" and c["url"] == "https://wire.example/floods"
    assert c["copy_ratio"] >= 0.7 and c["similarity"] >= 0.6
    # sentence alignment in order: the dropped quote and the added volunteers line
    sents, other = spun["sentences"], wire["sentences"]
    pairs = {(sents[i][:30], other[j][:30]) for i, j in c["aligned"]}
    assert ("Rescuers moved 140 residents o", "Rescuers evacuated 140 residen") in pairs
    assert any(sents[i].startswith("Local volunteers") for i in c["added"])
    assert any(other[j].startswith('"The water came') for j in c["dropped"])
    # the changed words, as near_duplicate explanations name them
    k = next(n for n, (i, _) in enumerate(c["aligned"]) if sents[i].startswith("Regional governor"))
    assert ["stay closed", "remain shut"] in c["changes"][k] or ["stay", "remain"] in c["changes"][k]
    back = _copies(wire)["spun"]
    assert back["relation"] == "copy" and back["aligned"] == [[j, i] for i, j in c["aligned"]]
    assert back["added"] == c["dropped"]


def test_two_translations_with_few_shared_words_are_found(traced):
    words = T.shingle_hashes(TRANSLATION_1), T.shingle_hashes(TRANSLATION_2)
    jaccard = len(np.intersect1d(*words)) / len(np.union1d(*words))
    assert jaccard < 0.1  # far below what MinHash LSH would pick up: the embedding path finds it
    a, b = traced["tr-1"], traced["tr-2"]
    assert a["family"] == b["family"] and a["family_size"] == 2
    c = _copies(a)["tr-2"]
    assert c["copy_ratio"] >= 0.8
    assert [i for i, j in c["aligned"]] == [j for i, j in c["aligned"]]  # line for line


def test_same_topic_stories_and_daily_tallies_stay_apart(traced):
    for rid in ("same-topic", "unrelated", "tally-mon", "tally-tue"):
        assert traced[rid]["role"] == "alone", rid
        assert traced[rid]["copies"] == []
    assert traced["wire"]["family_size"] == 2


def test_without_dates_the_original_is_the_member_the_others_align_to():
    items = [{"id": "spun", "text": SPUN}, {"id": "wire", "text": WIRE},
             {"id": "excerpt", "text": "\n".join(WIRE.splitlines()[:5])}]
    recs = {r["id"]: r for r in trace_articles(items)}
    assert recs["spun"]["family"] == "wire" and recs["excerpt"]["copy_of"] == "wire"
    # the excerpt copies all of its sentences from the wire story, which keeps a minority of its own
    c = _copies(recs["excerpt"])["wire"]
    assert c["copy_ratio"] == 1.0 and c["other_ratio"] < 0.7


def test_against_a_reference_corpus_reports_only_the_batch(tmp_path):
    ref = tmp_path / "wire.jsonl"
    ref.write_text(json.dumps({"id": "wire", "text": WIRE, "date": "2025-03-04"}) + "\n"
                   + json.dumps({"id": "other", "text": UNRELATED}) + "\n", encoding="utf-8")
    batch = tmp_path / "crawl.jsonl"
    batch.write_text(json.dumps({"id": "spun", "text": SPUN}) + "\n" + json.dumps({"id": "x", "text": SAME_TOPIC})
                     + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["trace", str(batch), "--against", str(ref), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in recs] == ["spun", "x"]
    c = recs[0]["copies"][0]
    assert c["id"] == "wire" and c["reference"] is True and recs[0]["copy_of"] == "wire"
    assert recs[1]["copies"] == []


def test_cli_formats_and_errors(tmp_path):
    batch = tmp_path / "crawl.jsonl"
    lines = [json.dumps({"id": i["id"], "text": i["text"]}) for i in _batch()[:4]] + ['{"id": "bad"}']
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["trace", str(batch), "--format", "csv"])
    assert res.exit_code == 1  # one record failed, and it has its row
    rows = res.stdout.splitlines()
    assert rows[0].startswith("id,source,family,family_size,role,copy_of,other_id")
    assert any(r.startswith("spun,") and ",wire," in r for r in rows)
    assert any(r.startswith("bad,") and "E005" in r for r in rows)
    res = runner.invoke(main, ["trace", str(batch), "--format", "table", "--no-color"])
    assert "reworded copy of wire (" in res.stdout and "of sentences)" in res.stdout
    assert "'cut' → 'blocked'" in res.stdout  # what the copy changed, as near_duplicate names it
    res = runner.invoke(main, ["trace", str(batch), "--format", "json", "-o", str(tmp_path / "t.json")])
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == ["wire", "spun", "tr-1", "tr-2", "bad"]


def test_report_pages_show_the_copy_side_by_side_and_group_families(tmp_path):
    batch = tmp_path / "crawl.jsonl"
    batch.write_text("\n".join(json.dumps(i) for i in _batch()) + "\n", encoding="utf-8")
    out = tmp_path / "pages"
    res = CliRunner().invoke(main, ["trace", str(batch), "--report", str(out), "-o", str(tmp_path / "t.jsonl")])
    assert res.exit_code == 0, res.output
    assert "sentences" not in json.loads((tmp_path / "t.jsonl").read_text().splitlines()[1])["copies"][0]
    page = (out / "spun.html").read_text(encoding="utf-8")
    assert "Reworded copy of https://wire.example/floods (" in page and "% of sentences)" in page
    assert "<del>stay closed</del>" in page or "<del>stay</del>" in page
    assert "<ins>remain shut</ins>" in page or "<ins>remain</ins>" in page
    assert 'class="r-added"' in page and 'class="r-dropped"' in page and 'href="wire.html"' in page
    assert "script-src 'none'" in html.unescape(page)  # no script at all on these pages
    index = (out / "index.html").read_text(encoding="utf-8")
    fam = index.index("family</span> <code>wire</code>")
    assert index.index('href="wire.html"', fam) < index.index('href="spun.html"', fam)
    assert "without copies" in index


def test_hostile_text_stays_inert_in_pages(tmp_path):
    evil = WIRE.replace("Floodwaters cut", "<script>alert(1)</script> Floodwaters cut")
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "<b>x</b>", "text": evil}) + "\n" + json.dumps({"id": "s", "text": SPUN})
                     + "\n", encoding="utf-8")
    out = tmp_path / "pages"
    assert CliRunner().invoke(main, ["trace", str(batch), "--report", str(out), "-q"]).exit_code == 0
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>x</b>" not in text


def test_workers_give_the_same_output_as_one_process(tmp_path):
    from detector import parallel

    items = _batch()
    one = trace_articles(items)
    with parallel.processes(2) as ex:
        two = trace_articles(items, executor=ex)
    assert one == two


def test_dask_cluster_gives_the_same_output_as_one_process():
    pytest.importorskip("distributed")
    from detector import parallel

    items = _batch()
    with parallel.dask("local", 2) as ex:
        assert trace_articles(items, executor=ex) == trace_articles(items)


def test_candidates_scale_with_cells_not_pairs():
    rng = np.random.default_rng(0)
    vecs = rng.standard_normal((3000, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    twins = vecs[:50] + 0.05 * rng.standard_normal((50, 32)).astype(np.float32)
    allv = np.vstack([vecs, twins / np.linalg.norm(twins, axis=1, keepdims=True)])
    codes = T.neighbour_candidates(allv)
    n = len(allv)
    found = {(int(c // n), int(c % n)) for c in codes}
    assert all((k, 3000 + k) in found for k in range(50))  # every near twin is a candidate
    assert len(codes) <= n * T.NEIGHBOURS  # at most k neighbours an article, never all pairs


def test_a_huge_identical_bucket_stays_bounded_and_connected():
    keys = np.ones((200, 4), dtype=np.uint64)
    codes = T.minhash_candidates(keys, np.ones(200, dtype=bool))
    assert len(codes) <= 200 * T.BUCKET_WINDOW
    pairs = {(int(c // 200), int(c % 200)) for c in codes}
    assert all((k, k + 1) in pairs for k in range(199))


def test_numbers_written_differently_are_one_figure():
    assert T._numbers("1,500 people") == T._numbers("1.5 thousand people") == T._numbers("about 1500")
    assert T._numbers("42 new cases") != T._numbers("57 new cases")


def test_report_pages_in_a_real_browser(tmp_path):
    """What a person sees: the verdict line, the two texts side by side with the changes marked,
    the families on the index, links between them; no script, no request beyond the page."""
    from pathlib import Path

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("system Chromium not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    items = _batch()
    items[1] = {**items[1], "text": SPUN.replace("Local volunteers", '<img src=x onerror="window.__pwned=1"> Local')}
    batch = tmp_path / "crawl.jsonl"
    batch.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    out = tmp_path / "pages"
    assert CliRunner().invoke(main, ["trace", str(batch), "--report", str(out), "-q", "-o", "-"]).exit_code == 0
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((out / "index.html").as_uri())
        families = page.locator("section.family")
        assert families.count() == 2  # the wire story with its copy, the two translations
        wire = families.filter(has_text="family wire")
        assert wire.locator("tbody tr").nth(0).inner_text().startswith("Floodwaters cut main road")
        wire.locator('a[href="spun.html"]').click()
        page.wait_for_load_state("load")
        headline = page.locator(".tr-headline")
        assert headline.is_visible()
        assert headline.inner_text().startswith("Reworded copy of https://wire.example/floods (")
        table = page.locator("table.align").first
        assert table.is_visible()
        # side by side: the copy's sentence left, the wire's right, the swapped words marked on each side
        row = table.locator("tbody tr", has_text="Rescuers moved 140 residents")
        cells = row.locator("td")
        assert "Rescuers evacuated 140 residents" in cells.nth(3).inner_text()
        assert cells.nth(1).locator("ins").count() >= 1 and cells.nth(3).locator("del").count() >= 1
        assert table.locator("tr.r-dropped", has_text="The water came faster").is_visible()
        assert table.locator("tr.r-added", has_text="onerror").is_visible()  # shown as text, inert
        assert page.locator("img").count() == 0 and page.evaluate("typeof window.__pwned") == "undefined"
        assert errors == []
        assert all(u.startswith("file://") for u in requests)
        browser.close()
