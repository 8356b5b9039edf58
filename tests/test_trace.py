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

# two free translations of one text, line for line: every sentence said in other words, most
# of them too far apart for the mutual best matches, all of them in one order
FREE_1 = """Port of Odesa reopens grain terminal after storm damage
The grain terminal at the port of Odesa resumed loading ships on Thursday, eleven days after a storm tore the roof off its main warehouse.
Port director Oleksandr Tkachenko told reporters that repairs had cost the company about 4 million dollars.
Three bulk carriers that had been waiting at anchor were moved to the berths on Thursday morning.
The terminal handles roughly a fifth of the wheat and maize that leaves the region by sea.
Farmers in the south had complained that the closure left their harvest stuck in overfilled silos.
Tkachenko said the warehouse would be fully covered again before the winter rains begin.
The regional administration has promised to pay for a new breakwater that should protect the berths from future storms."""
FREE_2 = """After being damaged by a storm, Odesa harbour grain facility starts working again
Eleven days after strong winds ripped away the covering of its largest storehouse, the Odesa harbour grain facility began to fill vessels again this Thursday.
Speaking to journalists, harbour chief Oleksandr Tkachenko said that fixing the damage had cost the firm approximately 4 million dollars.
On Thursday morning, the three cargo ships that had been anchored offshore and waiting were brought in to the quays.
About one fifth of all wheat and corn shipped out of the region over the sea passes through this facility.
Agricultural producers in the southern districts had grumbled that, with the shutdown, their crops were trapped in silos filled beyond capacity.
According to Tkachenko, the storehouse will have a complete roof once more before the rainy winter season starts.
Regional authorities have pledged funding for a new breakwater meant to shield the quays from storms in the future."""
# the same event from another outlet, half of it the same facts in other words, half its own
SAME_EVENT = """Odesa port resumes grain shipments eleven days after storm
Odesa's grain terminal started loading vessels again on Thursday, eleven days after a storm ripped the roof from its main warehouse.
The port's director, Oleksandr Tkachenko, said the repairs had cost about 4 million dollars.
Exporters said the closure had cost them millions in delayed contracts and fees paid to shipowners.
One trader, Maryna Lysenko, said buyers in Egypt and Indonesia had threatened to cancel orders if the delays continued.
About a fifth of the wheat and maize exported from the region by sea goes through the terminal.
Railway operators said hundreds of grain wagons had queued on sidings outside the city during the closure.
Analysts at the agricultural ministry expect export volumes for the month to fall by about 8 percent."""

# a long report of an event, a short report of it by another outlet (its own sentences, each
# near one of the long report's facts), and an excerpt of the long report, lightly edited
METRO_LONG = """Kharkiv metro reopens its northern line after six months of repairs
The northern line of the Kharkiv metro reopened to passengers on Saturday after six months of repairs to its tunnels and stations.
Mayor Ihor Terekhov rode the first train from Heroiv Pratsi station shortly after six in the morning.
Engineers replaced more than two kilometres of track and rebuilt the ventilation shafts damaged last winter.
The repairs cost 310 million hryvnias, most of it paid from the city budget.
Trains will run every four minutes at rush hour and every seven minutes in the evening.
The city also installed new lifts at three stations so that passengers in wheelchairs can reach the platforms.
Commuters at Naukova station said the reopening would cut their journey to the centre by half an hour.
During the closure, extra buses carried about 90,000 passengers a day along the route of the line.
Those buses will now return to their usual routes in the districts of Saltivka and Pavlove Pole.
Terekhov said the southern line would be closed for similar repairs next year.
The metro carried 180 million passengers in its last full year before the war."""
METRO_SHORT = """Kharkiv's northern metro line carries passengers again
The northern line of the Kharkiv metro opened again on Saturday, the city council reported.
Mayor Ihor Terekhov and several deputies attended the opening at Heroiv Pratsi station.
The city spent 310 million hryvnias on new track, ventilation and lifts for wheelchair users.
Passengers at Naukova station welcomed the reopening of the line.
Terekhov said the southern line of the metro would be next, with works planned for next year."""
METRO_EXCERPT = """Kharkiv metro reopens its northern line after six months of repairs
The northern line of the Kharkiv metro reopened to passengers on Saturday after six months of repairs to its tunnels and stations.
Mayor Ihor Terekhov rode the first train from Heroiv Pratsi station shortly after 6 a.m.
Engineers replaced over two kilometres of track and rebuilt the ventilation shafts damaged last winter.
The repairs cost 310 million hryvnias, most of it paid from the city's budget.
Trains will run every four minutes at rush hour and every seven minutes in the evening."""


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


def test_free_translations_line_for_line_are_linked_on_their_path():
    one, two, event = (T._side(_payload(t)) for t in (FREE_1, FREE_2, SAME_EVENT))
    al = T.align(one, two)
    assert al.whole and T.linked(al)  # the mutual best matches alone fall short
    assert al.pairs == [(k, k) for k in range(8)]
    batch = _batch() + [{"id": "f1", "text": FREE_1}, {"id": "f2", "text": FREE_2}, {"id": "event", "text": SAME_EVENT}]
    recs = {r["id"]: r for r in trace_articles(batch)}
    assert recs["f1"]["family"] == recs["f2"]["family"] and recs["f1"]["family_size"] == 2
    assert _copies(recs["f2"])["f1"]["aligned"] == [[k, k] for k in range(8)]
    # the same event told by another outlet, as long, half of its sentences the same facts:
    # neither way links it
    assert recs["event"]["role"] == "alone" and recs["event"]["copies"] == []
    assert not T.linked(T.align(one, event)) and not T.linked(T.align(two, event))
    # cut to six sentences, a whole-text path is no longer evidence (two reports of one event
    # share five of six loose matches by chance)
    short = [T._side(_payload("\n".join(t.splitlines()[:6]))) for t in (FREE_1, FREE_2)]
    assert not T.align(*short).whole


def test_a_short_report_of_an_event_is_no_copy_of_a_longer_one():
    long, short, excerpt = (T._side(_payload(t)) for t in (METRO_LONG, METRO_SHORT, METRO_EXCERPT))
    al = T.align(short, long)
    # five of its six sentences find a loose match in order, enough share and evidence for a
    # copy of a whole text; but they cover a part of the long report and only one is close
    assert len(al.pairs) >= 5 and al.evidence / al.n_a >= T.MIN_EVIDENCE and al.order == 1.0
    assert not T.linked(al)
    cut = T.align(excerpt, long)  # a part copied keeps its sentences
    assert T.linked(cut) and cut.pairs == [(k, k) for k in range(6)] and cut.ratio_b == 0.5
    recs = {r["id"]: r for r in trace_articles([*_batch(), {"id": "long", "text": METRO_LONG},
                                                {"id": "short", "text": METRO_SHORT},
                                                {"id": "excerpt", "text": METRO_EXCERPT}])}
    assert recs["short"]["role"] == "alone" and recs["excerpt"]["copy_of"] == "long"


def test_the_path_keeps_the_common_order():
    sims = np.array([[0.70, 0.10, 0.10, 0.95],
                     [0.10, 0.65, 0.10, 0.10],
                     [0.10, 0.10, 0.60, 0.10],
                     [0.10, 0.10, 0.10, 0.50]])
    # the crossing 0.95 would cost three in-order pairs; 0.50 is under PATH_COSINE
    assert T._path(sims) == [(0, 0), (1, 1), (2, 2)]
    assert T._path(np.zeros((3, 0))) == []


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


def test_the_table_fits_80_columns(traced):
    # the title and the family line were printed unwrapped: 83-84 columns on the bundled example
    import io

    from detector.output import TraceTableWriter

    buf = io.StringIO()
    writer = TraceTableWriter(buf, color=False, width=80)
    for rec in traced.values():
        writer.write({**rec, "title": "Lviv councillors approve turning historic tram garage into museum of city transport",
                      "source": "data/examples/copies.jsonl:12"})
    lines = buf.getvalue().splitlines()
    assert [line for line in lines if len(line) > 80] == []
    assert "  data/examples/copies.jsonl:12  " in buf.getvalue()


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


def test_every_version_of_a_text_in_many_versions_is_a_candidate():
    # seventeen versions of one text (sixteen others each to find) among 3,000 others
    rng = np.random.default_rng(1)
    vecs = rng.standard_normal((3000, 32)).astype(np.float32)
    versions = vecs[0] + 0.3 * rng.standard_normal((16, 32)).astype(np.float32)
    allv = np.vstack([vecs, versions])
    allv /= np.linalg.norm(allv, axis=1, keepdims=True)
    n = len(allv)
    found = {(int(c // n), int(c % n)) for c in T.neighbour_candidates(allv)}
    family = [0, *range(3000, 3016)]
    assert all((a, b) in found for k, a in enumerate(family) for b in family[k + 1:])


def test_a_huge_identical_bucket_stays_bounded_and_connected():
    keys = np.ones((200, 4), dtype=np.uint64)
    codes = T.minhash_candidates(keys, np.ones(200, dtype=bool))
    assert len(codes) <= 200 * T.BUCKET_WINDOW
    pairs = {(int(c // 200), int(c % 200)) for c in codes}
    assert all((k, k + 1) in pairs for k in range(199))


def _payload(text):
    from detector.data import Article

    p = T.profile(Article(id="x", text=text), T.TraceSpec().embedder())
    return text, p.spans, p.alignable, p.embeddings


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
        # on a phone the page does not scroll sideways (a URL heading the other column did)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert errors == []
        assert all(u.startswith("file://") for u in requests)
        browser.close()


class _PickyEncoder:
    """The shipped encoder, except that it fails on any text holding a marked sentence."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim

    def encode(self, texts):
        if any("QX-UNENCODABLE" in t for t in texts):
            raise RuntimeError("the encoder cannot take this text")
        return self.inner.encode(texts)


def test_a_record_the_trace_cannot_profile_costs_only_itself(monkeypatch, traced):
    # an article the encoder failed on stopped the whole trace (an internal error, exit 3), and one of
    # 40,000 full stops (10,002 sentences) was profiled whole: two such pages are aligned sentence by sentence
    spec = T.TraceSpec()
    picky = _PickyEncoder(spec.embedder())
    monkeypatch.setattr(T.TraceSpec, "embedder", lambda self: picky)
    bad = {"id": "bad", "text": "The council met on Monday. QX-UNENCODABLE is the code it used. It left."}
    stops = {"id": "stops", "text": "The council met on Monday" + ". " * 40_000 + "and left."}
    items = _batch()
    recs = list(trace_articles([*items[:2], bad, *items[2:], stops]))
    assert [r["id"] for r in recs] == [i["id"] for i in items[:2]] + ["bad"] + [i["id"] for i in items[2:]] + ["stops"]
    by_id = {r["id"]: r for r in recs}
    assert by_id["bad"]["error"]["code"] == "E099" and "encoder cannot take" in by_id["bad"]["error"]["message"]
    assert by_id["stops"]["error"]["code"] == "E007" and "the limit is 10,000" in by_id["stops"]["error"]["message"]
    assert {k: v for k, v in by_id.items() if k not in ("bad", "stops")} == traced
