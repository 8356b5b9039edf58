"""training.labels: read, validate and merge labelled articles; map labels to sentences."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from detector.segment import segment
from training.labels import (
    LabelError,
    LabelledArticle,
    Span,
    load_labelled,
    read_labels_file,
    sentence_labels,
)

ARTICLE = (
    "Grain Talks Resume in Istanbul\n"
    "Negotiators from both countries met in Istanbul on Monday to discuss grain exports. "
    "The minister, he said the talks had been constructive. "
    "The minister said the talks had been constructive.\n"
    "- Advertisement -\n"
    "A second round is planned for next week."
)
RESUMPTIVE = "The minister, he said"
AD = "- Advertisement -"
CLEAN_SENTENCE = "A second round is planned for next week."
REPEATED = "the talks had been constructive"  # occurs twice


def span_of(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict], columns=("id", "text", "label_text", "label", "type", "note", "start", "end")):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in columns})
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def record(**over):
    rec = {
        "id": "grain-1",
        "title": "Grain Talks Resume in Istanbul",
        "text": ARTICLE,
        "labels": [
            {"text": RESUMPTIVE, "label": "artifact", "type": "resumptive_pronoun", "note": "doubled subject"},
            {"text": AD, "label": "artifact", "type": "boilerplate"},
            {"text": CLEAN_SENTENCE, "label": "clean"},
        ],
    }
    rec.update(over)
    return rec


def raises_label_error(path, line, *fragments):
    with pytest.raises(LabelError) as exc:
        read_labels_file(path)
    err = exc.value
    assert err.source == str(path)
    assert err.line == line
    assert str(err).startswith(f"{path}, line {line}: " if line else f"{path}: ")
    for frag in fragments:
        assert frag in err.message
    return err


# -- reading ------------------------------------------------------------------------------------

def test_read_jsonl(tmp_path):
    f = write_jsonl(tmp_path / "l.jsonl", [record(), record(id="grain-2", text=ARTICLE + " Extra.", labels=[],
                                                              unlabelled="clean")])
    a, b = read_labels_file(f)
    assert isinstance(a, LabelledArticle)
    assert (a.id, a.title, a.text, a.unlabelled) == ("grain-1", "Grain Talks Resume in Istanbul", ARTICLE, "ignore")
    assert a.spans == [
        Span(*span_of(ARTICLE, RESUMPTIVE), "artifact", "resumptive_pronoun", "doubled subject"),
        Span(*span_of(ARTICLE, AD), "artifact", "boilerplate", ""),
        Span(*span_of(ARTICLE, CLEAN_SENTENCE), "clean", None, ""),
    ]
    assert a.source == f"{f}:1" and b.source == f"{f}:2"
    assert (b.id, b.unlabelled, b.spans) == ("grain-2", "clean", [])
    assert a.group == "grain-1"


def test_read_jsonl_with_offsets_blank_lines_bom_and_origin(tmp_path):
    s, e = [m for m in range(len(ARTICLE)) if ARTICLE.startswith(REPEATED, m)][1], None
    e = s + len(REPEATED)
    rec = record(labels=[{"start": s, "end": e, "text": REPEATED, "label": "clean"},
                         {"start": 0, "end": 10, "label": "clean"}], origin={"article": "wire-77"})
    del rec["id"]
    f = tmp_path / "o.jsonl"
    f.write_bytes(b"\xef\xbb\xbf\n" + (json.dumps(rec) + "\n\n").encode())
    (a,) = read_labels_file(f)
    assert [(sp.start, sp.end) for sp in a.spans] == [(s, e), (0, 10)]
    assert a.id == "o.jsonl:2"  # no id: file name and line
    assert a.group == "wire-77"


def test_read_csv(tmp_path):
    s, e = span_of(ARTICLE, RESUMPTIVE)
    f = write_csv(tmp_path / "l.csv", [
        {"id": "grain-1", "text": ARTICLE, "label_text": RESUMPTIVE, "label": "artifact",
         "type": "resumptive_pronoun", "note": "doubled", "start": s, "end": e},
        {"id": "grain-1", "label_text": AD, "label": "artifact", "type": "boilerplate"},
        {"id": "other", "text": "Officials met on Monday. Nothing happened.", "label_text": "Nothing happened.",
         "label": "clean"},
        {"id": "grain-1", "text": ARTICLE, "label_text": CLEAN_SENTENCE, "label": "clean"},
    ])
    a, b = read_labels_file(f)
    assert a.id == "grain-1" and a.text == ARTICLE
    assert a.spans == [
        Span(s, e, "artifact", "resumptive_pronoun", "doubled"),
        Span(*span_of(ARTICLE, AD), "artifact", "boilerplate", ""),
        Span(*span_of(ARTICLE, CLEAN_SENTENCE), "clean", None, ""),
    ]
    assert a.source == f"{f}:2"
    assert b.id == "other" and b.spans == [Span(25, 42, "clean", None, "")]
    # the article text spans lines 2-5 of the file: a row is named by the line it starts on
    assert ARTICLE.count("\n") == 3
    assert b.source == f"{f}:7"


def test_csv_multiline_article_text(tmp_path):
    f = write_csv(tmp_path / "m.csv", [
        {"id": "g", "text": ARTICLE, "label_text": AD, "label": "artifact"},
        {"id": "g", "label_text": RESUMPTIVE, "label": "artifact"},
    ])
    (a,) = read_labels_file(f)
    assert a.text == ARTICLE and len(a.spans) == 2


# -- errors name the file and the line ---------------------------------------------------------

def test_unknown_label(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [record(), record(labels=[{"text": AD, "label": "spam"}])])
    raises_label_error(f, 2, "unknown label 'spam'")


def test_missing_label(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[{"text": AD}])])
    raises_label_error(f, 1, "unknown label None")


@pytest.mark.parametrize("text", [None, "", "   \n", 42])
def test_missing_article_text(tmp_path, text):
    rec = record()
    if text is None:
        del rec["text"]
    else:
        rec["text"] = text
    f = write_jsonl(tmp_path / "x.jsonl", [record(), record(), rec])
    raises_label_error(f, 3, "no article 'text'")


def test_labelled_text_not_in_article(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[{"text": "The president, she said", "label": "artifact"}])])
    raises_label_error(f, 1, "is not in the article", "The president, she said")


def test_offsets_do_not_match_text(tmp_path):
    s, e = span_of(ARTICLE, RESUMPTIVE)
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[{"start": s + 1, "end": e + 1, "text": RESUMPTIVE,
                                                           "label": "artifact"}])])
    raises_label_error(f, 1, f"is not at {s + 1}..{e + 1}")


@pytest.mark.parametrize("start, end", [(-1, 5), (10, 10), (20, 5), (0, len(ARTICLE) + 1)])
def test_offsets_outside_article(tmp_path, start, end):
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[{"start": start, "end": end, "label": "clean"}])])
    raises_label_error(f, 1, "outside the article")


def test_ambiguous_text_without_offsets(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[{"text": REPEATED, "label": "clean"}])])
    raises_label_error(f, 1, "occurs more than once", "give start/end")


def test_label_without_text_or_offsets(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[{"label": "clean", "start": 3}])])
    raises_label_error(f, 1, "needs 'text' or 'start' and 'end'")


def test_unknown_type(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[{"text": AD, "label": "artifact", "type": "typo"}])])
    raises_label_error(f, 1, "unknown finding type 'typo'")


@pytest.mark.parametrize("over, fragment", [
    ({"unlabelled": "maybe"}, "'unlabelled' must be"),
    ({"labels": {"text": AD}}, "'labels' must be a list"),
])
def test_invalid_record_fields(tmp_path, over, fragment):
    f = write_jsonl(tmp_path / "x.jsonl", [record(**over)])
    raises_label_error(f, 1, fragment)


def test_label_that_is_not_an_object(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [record(labels=[AD])])
    raises_label_error(f, 1, "label")


def test_invalid_json_and_non_object(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps(record()) + "\n{broken\n", encoding="utf-8")
    raises_label_error(f, 2, "not valid JSON")
    f.write_text("\n[1, 2]\n", encoding="utf-8")
    raises_label_error(f, 2, "not a JSON object")


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_file(tmp_path, content):
    f = tmp_path / "empty.jsonl"
    f.write_text(content, encoding="utf-8")
    raises_label_error(f, None, "empty" if not content else "no labelled articles")


def test_missing_file(tmp_path):
    raises_label_error(tmp_path / "none.jsonl", None, "no such file")


def test_csv_errors_name_the_row(tmp_path):
    rows = [
        {"id": "g", "text": ARTICLE, "label_text": AD, "label": "artifact"},
        {"id": "g", "label_text": RESUMPTIVE, "label": "artifact"},
        {"id": "g", "label_text": CLEAN_SENTENCE, "label": "wrong"},
    ]
    # the article text in the first row spans lines 2-5; the next rows are lines 6 and 7
    f = write_csv(tmp_path / "x.csv", rows)
    raises_label_error(f, 7, "unknown label 'wrong'")
    rows[2]["label"] = "clean"
    rows.insert(1, {"id": "g", "text": ARTICLE + " More.", "label_text": AD, "label": "clean"})
    f = write_csv(tmp_path / "y.csv", rows)
    raises_label_error(f, 6, "two different texts")  # the row starts on line 6, ends on line 9
    rows = [{"id": "h", "text": "Officials met on Monday.", "label_text": "Officials", "label": "clean"},
            {"id": "h", "label_text": "nowhere", "label": "clean"}]
    f = write_csv(tmp_path / "z.csv", rows)
    raises_label_error(f, 3, "'nowhere' is not in the article")


def test_csv_missing_columns(tmp_path):
    f = write_csv(tmp_path / "x.csv", [{"id": "g", "text": ARTICLE}], columns=("id", "text", "labl"))
    raises_label_error(f, 1, "missing column(s): label, label_text")


def test_csv_bad_offset(tmp_path):
    f = write_csv(tmp_path / "x.csv", [
        {"id": "g", "text": ARTICLE, "label_text": AD, "label": "artifact"},
        {"id": "g", "label_text": CLEAN_SENTENCE, "label": "clean", "start": "ten", "end": "20"},
    ])
    raises_label_error(f, 6, "'ten'", "whole numbers")


# -- merging ------------------------------------------------------------------------------------

def test_same_span_labelled_both_ways_across_files(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [record()])
    b = write_jsonl(tmp_path / "b.jsonl", [record(id="copy", labels=[{"text": AD, "label": "clean"}])])
    with pytest.raises(LabelError) as exc:
        load_labelled([a, b])
    msg = str(exc.value)
    assert str(b) in msg and "'artifact'" in msg and "'clean'" in msg
    assert f"{a}:1" in msg  # where the other label came from


def test_duplicates_across_files_are_merged_not_doubled(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [record()])
    extra = {"text": "Negotiators from both countries", "label": "clean"}
    b = write_jsonl(tmp_path / "b.jsonl", [record(id="again", labels=record()["labels"] + [extra],
                                                  unlabelled="clean")])
    c = write_jsonl(tmp_path / "c.jsonl", [record(id="other", text=ARTICLE.replace("Monday", "Tuesday"))])
    merged = load_labelled([a, b, c])
    assert [m.id for m in merged] == ["grain-1", "other"]
    first = merged[0]
    assert len(first.spans) == 4
    assert len({(s.start, s.end) for s in first.spans}) == 4
    assert first.unlabelled == "clean"  # the reviewed copy marks the rest clean
    assert len(merged[1].spans) == 3


def test_merge_is_by_text_within_one_file(tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [record(), record(id="dup")])
    (only,) = load_labelled([f])
    assert len(only.spans) == 3


def test_jsonl_and_csv_labels_merge(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [record(labels=[{"text": AD, "label": "artifact"}])])
    b = write_csv(tmp_path / "b.csv", [{"id": "x", "text": ARTICLE, "label_text": AD, "label": "artifact"},
                                       {"id": "x", "label_text": RESUMPTIVE, "label": "artifact"}])
    (m,) = load_labelled([a, b])
    assert sorted((s.start, s.end) for s in m.spans) == sorted([span_of(ARTICLE, AD), span_of(ARTICLE, RESUMPTIVE)])


# -- sentence labels ----------------------------------------------------------------------------

def sentences_of(text):
    return segment(text)[1]


def test_sentence_labels_ignore_unlabelled():
    (art,) = [LabelledArticle("g", ARTICLE, spans=[
        Span(*span_of(ARTICLE, RESUMPTIVE), "artifact", "resumptive_pronoun"),
        Span(*span_of(ARTICLE, AD), "artifact", None),
        Span(*span_of(ARTICLE, CLEAN_SENTENCE), "clean"),
    ])]
    sents = sentences_of(ARTICLE)
    assert [s.text for s in sents] == [
        "Grain Talks Resume in Istanbul",
        "Negotiators from both countries met in Istanbul on Monday to discuss grain exports.",
        "The minister, he said the talks had been constructive.",
        "The minister said the talks had been constructive.",
        AD,
        CLEAN_SENTENCE,
    ]
    assert sentence_labels(art, sents) == [(2, 1, "resumptive_pronoun"), (4, 1, None), (5, 0, None)]


def test_sentence_labels_unlabelled_clean():
    art = LabelledArticle("g", ARTICLE, unlabelled="clean",
                          spans=[Span(*span_of(ARTICLE, RESUMPTIVE), "artifact", "resumptive_pronoun")])
    assert sentence_labels(art, sentences_of(ARTICLE)) == [
        (0, 0, None), (1, 0, None), (2, 1, "resumptive_pronoun"), (3, 0, None), (4, 0, None), (5, 0, None)
    ]


def test_sentence_labels_span_across_two_sentences_labels_both():
    start = ARTICLE.index("exports.")
    end = ARTICLE.index("The minister,") + len("The minister,")
    art = LabelledArticle("g", ARTICLE, spans=[Span(start, end, "artifact", "spliced_fragment")])
    assert sentence_labels(art, sentences_of(ARTICLE)) == [(1, 1, "spliced_fragment"), (2, 1, "spliced_fragment")]


def test_sentence_labels_type_from_any_artifact_span():
    s = ARTICLE.index("The minister, he")
    art = LabelledArticle("g", ARTICLE, spans=[
        Span(s, s + 3, "artifact", None),
        Span(s + 14, s + 21, "artifact", "resumptive_pronoun"),
    ])
    assert sentence_labels(art, sentences_of(ARTICLE)) == [(2, 1, "resumptive_pronoun")]


def test_sentence_labelled_artifact_and_clean_is_an_error(tmp_path):
    s = ARTICLE.index("The minister, he")
    art = LabelledArticle("grain-9", ARTICLE, source=f"{tmp_path / 'a.jsonl'}:4", spans=[
        Span(s, s + 12, "artifact", "resumptive_pronoun"),
        Span(s + 14, s + 21, "clean"),
    ])
    with pytest.raises(LabelError) as exc:
        sentence_labels(art, sentences_of(ARTICLE))
    assert "sentence 3" in str(exc.value) and "'grain-9'" in str(exc.value)
    assert exc.value.source.endswith("a.jsonl:4")


def test_adjacent_spans_do_not_leak_into_neighbours():
    # a span that ends exactly where the next sentence starts does not touch it
    sents = sentences_of(ARTICLE)
    s2 = sents[2]
    art = LabelledArticle("g", ARTICLE, spans=[Span(s2.start, s2.end, "artifact", None),
                                               Span(sents[3].start, sents[3].end, "clean")])
    assert sentence_labels(art, sents) == [(2, 1, None), (3, 0, None)]


def test_key_is_the_text_hash():
    a = LabelledArticle("a", ARTICLE)
    b = LabelledArticle("b", ARTICLE, title="different")
    c = LabelledArticle("c", ARTICLE + " ")
    assert a.key == b.key != c.key
    assert len(a.key) == 64


def test_an_article_over_the_scoring_limits_is_refused_with_its_line(tmp_path):
    # a labels file took any article: a page of tens of thousands of sentences went to the
    # detectors' pair searches and held the training up; the limits are those of scoring (E007)
    from training.labels import LabelledArticle
    from training.train import build_dataset

    long = record(text=ARTICLE + " " + "The council met on Monday. " * 38_000)
    f = write_jsonl(tmp_path / "x.jsonl", [record(), long])
    assert raises_label_error(f, 2, "1,026,", "the limit is 1,000,000").code == "E007"
    many = "The council met on Monday" + ". " * 40_000 + "and left."
    arts = [LabelledArticle(id="ok", text=ARTICLE, source=f"{tmp_path / 'y.jsonl'}:1"),
            LabelledArticle(id="stops", text=many, source=f"{tmp_path / 'y.jsonl'}:2")]
    with pytest.raises(LabelError) as exc:
        build_dataset(arts, embedder=None)
    assert exc.value.code == "E007" and exc.value.line == 2 and exc.value.source == str(tmp_path / "y.jsonl")
    assert "splits into 10,002 sentences; the limit is 10,000" in str(exc.value)


def test_an_article_given_as_a_labels_file_is_told_what_a_labels_file_is(tmp_path):
    f = tmp_path / "article.txt"
    f.write_text("Council approves cycle lanes\n\nThe council approved the plan on Tuesday.\n", encoding="utf-8")
    raises_label_error(f, 1, "a labels file is JSONL, one article a line with its labels, or CSV")
    # a broken line after good ones is a broken line, not the wrong kind of file
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps(record()) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(LabelError) as exc:
        read_labels_file(f)
    assert "a labels file is" not in str(exc.value)


def test_a_scores_file_given_as_labels_says_so(tmp_path):
    f = tmp_path / "scores.jsonl"
    f.write_text(json.dumps({"id": "a1", "score": 0.7, "label": "suspect", "sentences": [], "findings": []}) + "\n",
                 encoding="utf-8")
    raises_label_error(f, 1, "a result of `detector score`, not labels")
    f.write_text(json.dumps({"id": "a1", "labels": []}) + "\n", encoding="utf-8")
    with pytest.raises(LabelError) as exc:
        read_labels_file(f)
    assert "detector score" not in str(exc.value) and "no article 'text'" in str(exc.value)


def test_an_article_that_hangs_the_detectors_stops_the_training_with_its_line(tmp_path, monkeypatch):
    # it held the training up for ever; scoring's time limit for one record applies here too
    from detector.detectors import Detector
    from detector.embed import get_embedder
    from training import train
    from training.labels import LabelledArticle, Span

    class Hang(Detector):
        name = "hang"

        def detect(self, ctx):
            while "Hangs" in ctx.text:
                pass
            return []

    monkeypatch.setattr(train, "RECORD_TIME_LIMIT", 0.5)
    clean = [Span(0, 30, "clean")]
    arts = [LabelledArticle(id="ok", text=ARTICLE, spans=clean, source=f"{tmp_path / 'y.jsonl'}:1"),
            LabelledArticle(id="stops", text=ARTICLE + " Hangs the search.", spans=clean,
                            source=f"{tmp_path / 'y.jsonl'}:2")]
    with pytest.raises(LabelError) as exc:
        train.build_dataset(arts, embedder=get_embedder(), detectors=[Hang()])
    assert exc.value.code == "E016" and exc.value.line == 2 and exc.value.source == str(tmp_path / "y.jsonl")
    assert "searching the article took more than 0.5 CPU-seconds" in str(exc.value)
