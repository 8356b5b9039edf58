"""Tests for the training-data generator (training/generate.py)."""

from __future__ import annotations

import json
import random
import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.fileio import write_jsonl
from training import generate as gen
from training.generate import KINDS, Conflict, Doc, generate, resources

ENERGY = "\n".join(
    [
        "Russian drones hit power plants in Kharkiv as Kyiv braces for winter blackouts",
        "KYIV, Ukraine (Reuters) - Russian drones struck two power plants in Kharkiv overnight, cutting electricity"
        " to about 200,000 homes, regional officials said on Monday.",
        "Mayor Ihor Terekhov said repair crews had restored power to hospitals and water pumping stations by"
        " morning, while residential districts faced rolling outages of up to 12 hours a day.",
        '"We have been through this before, and we will get through it again," Terekhov told reporters outside the'
        ' damaged plant. "But every winter it is harder to find spare parts."',
        "The national grid operator, Ukrenergo, said it had asked neighboring Poland and Slovakia for emergency"
        " imports. Its chief executive, Volodymyr Kudrytskyi, said the company was also moving mobile turbines"
        " to the region.",
        "Olena Kovalenko, a spokeswoman for the regional council, said she expected the outages to last at least"
        " two weeks. She added that schools in Kharkiv would switch to online classes on Wednesday.",
        "Ukraine's energy ministry said Russia had launched more than 60 drones and three missiles in the attack."
        " Air defenses shot down 48 of the drones, according to the air force.",
        "President Volodymyr Zelensky called on Western allies to speed up deliveries of air defense systems."
        ' "Every system we receive saves a city from darkness," Zelensky said in his nightly video address.',
        "In Kyiv, residents lined up at cafés with generators to charge phones and laptops. Natalya Petrenko,"
        ' a 34-year-old accountant, said her family had bought a small generator last year. "It is noisy, but'
        ' it keeps the fridge running," she said.',
        "The Kremlin did not comment on the strikes. Russia's Defense Ministry said its forces had hit"
        ' "energy facilities used by the Ukrainian army."',
    ]
)

RATES = "\n".join(
    [
        "Colombia's central bank holds rates steady as inflation eases",
        "BOGOTA (Reuters) - Colombia's central bank left its benchmark interest rate unchanged at 9.25% on"
        " Thursday, saying inflation was slowing but remained well above its target.",
        "The board voted five to two to hold the rate, bank governor Leonardo Villar told a news conference in"
        " Bogotá. Two members voted for a cut of 25 basis points.",
        '"The direction is right, but the pace is slower than we would like," Villar said. He added that food'
        " prices had fallen for a third straight month.",
        "Finance Minister Ricardo Bonilla criticized the decision. The government has pushed for faster cuts to"
        " support an economy that grew by only 0.6% last year.",
        'Analysts said the bank was likely to resume cutting rates in March. "The market expected a pause, and'
        ' the bank delivered one," said María Fernanda Gómez, an economist at a Bogotá brokerage.',
        "Annual inflation fell to 5.8% in January, according to the national statistics agency. The bank"
        " targets inflation of 3%.",
        "Gómez said she expected the rate to end the year at about 7%. Exporters, who have struggled with a"
        " strong peso, welcomed the prospect of lower borrowing costs.",
    ]
)

SHORT = "Museum to close for repairs\nThe city museum will close on Monday for two weeks of repairs, its director said."

ARTICLES = [
    {"id": "test-energy", "title": "Russian drones hit power plants", "topic": "Ukraine", "text": ENERGY},
    {"id": "test-rates", "title": "Colombia holds rates", "topic": "Economy", "text": RATES},
    {"id": "test-short", "title": "Museum to close", "topic": "Local", "text": SHORT},
]

PRONOUNS = {"he", "she", "his", "her", "hers", "him", "himself", "herself"}
#: Lead characters of UTF-8 sequences read as Windows-1252 (Latin, Latin Extended, Cyrillic, punctuation),
#: the marks of lossy conversions, and the ";" that ends an HTML character reference.
MOJIBAKE_MARKS = ("Ã", "Â", "Å", "Ä", "Ð", "Ñ", "â€", "ï¿½", "?", "`", ";")


def _foreign_forms() -> set[str]:
    forms = set()
    for entry in resources().bilingual:
        forms.update(v.lower() for k, v in entry.items() if k != "en")
    return forms


def _inject(kind: str, text: str, tries: int = 60) -> tuple[Doc, Doc, str]:
    """Run one injector on a fresh Doc with successive seeds until it finds a spot."""
    before = Doc.from_text(text)
    for seed in range(tries):
        out = gen.INJECTORS[kind](before, random.Random(seed), resources())
        if out is not None:
            return before, out[0], out[1]
    raise AssertionError(f"{kind} found no spot in {tries} tries")


def _labels(doc: Doc) -> list[dict]:
    return doc.label_dicts()


def _check_label(kind: str, text: str, label: dict) -> None:
    """Properties an artifact of ``kind`` has whatever else was injected around it."""
    t = label["text"]
    assert text[label["start"] : label["end"]] == t
    assert t.strip() == t and t
    if kind == "near_duplicate":
        earlier = [s.text for s in gen.sentences(text) if s.end <= label["start"]]
        # A quote mark lost by another injection can join the copied sentence to the one before it.
        earlier += [piece for e in earlier for piece in re.split(r"(?<=[.!?])\s+", e)]
        best = max((SequenceMatcher(None, t, e, autojunk=False).ratio() for e in earlier), default=0)
        assert best >= 0.55, (t, best)
    elif kind == "gender_mismatch":
        assert t.lower() in PRONOUNS
    elif kind == "spliced_fragment":
        line_start = text.rfind("\n", 0, label["start"]) + 1
        assert (
            re.fullmatch(r"\S+", t)
            or re.fullmatch(r"[\w’'-]+ \S+", t)
            or label["start"] == line_start  # a breadcrumb trail glued to the headline
        ), t
    elif kind == "resumptive_pronoun":
        assert re.search(r" (he|she|it|they)$", t), t
    elif kind == "unbalanced_quote":
        assert sum(t.count(c) for c in '"“”') % 2 == 1, t
    elif kind == "boilerplate":
        assert label["start"] == 0 or text[label["start"] - 1] == "\n"
        # a whole line, or a date stamp, a time or a press release's header glued in front of the
        # line's first sentence
        assert label["end"] == len(text) or text[label["end"]] == "\n" or (
            text[label["end"]] == " " and re.search(r"\d{4}|\d{2}/\d{2}|\d:\d{2}|release", t, re.IGNORECASE)), t
    elif kind == "doubled_word":
        a, b = t.split(" ")
        assert a.lower() == b.lower()
    elif kind == "name_variant":
        assert re.fullmatch(r"[\w’'-]+(?: [\w’'-]+)?", t), t
    elif kind == "untranslated":
        assert any(ord(c) > 127 for c in t) or t.lower() in _foreign_forms()
    elif kind == "mojibake":
        assert any(m in t for m in MOJIBAKE_MARKS), t


# ------------------------------------------------------------------ the document model


def test_edit_moves_later_labels_and_keeps_earlier_ones():
    text = "Head\nAlpha beta gamma. Delta epsilon."
    d = text.index("Delta")
    doc = Doc.from_text(text).label(5, 10, "doubled_word", "x").label(d, d + 5, "doubled_word", "y")
    moved = doc.edit(18, 18, " inserted")
    assert [(s.start, s.end) for s in moved.labels] == [(5, 10), (d + 9, d + 14)]
    assert moved.label_dicts()[1]["text"] == "Delta"
    shrunk = moved.edit(11, 16, "")  # "beta " removed
    assert [lab["text"] for lab in shrunk.label_dicts()] == ["Alpha", "Delta"]
    assert shrunk.headline == (0, 4)


def test_edit_refuses_to_touch_labels_and_guards():
    doc = Doc.from_text("Head\nAlpha beta gamma.").label(5, 10, "doubled_word", "x").guard(11, 15)
    with pytest.raises(Conflict):
        doc.edit(7, 8, "")
    with pytest.raises(Conflict):
        doc.edit(13, 13, "x")  # inside the guard
    assert doc.edit(10, 10, "!").text == "Head\nAlpha! beta gamma."  # at a boundary is fine
    with pytest.raises(Conflict):
        doc.label(8, 12, "mojibake", "overlaps")


# ------------------------------------------------------------------ each kind on a realistic article


def test_near_duplicate_copies_a_sentence_later():
    for seed in range(40):
        before = Doc.from_text(ENERGY)
        out = gen.inject_near_duplicate(before, random.Random(seed), resources())
        assert out is not None
        after, note = out
        labels = _labels(after)
        assert labels and all(lab["type"] == "near_duplicate" for lab in labels)
        first = labels[0]
        # the copy is inserted, the original stays where it was, earlier in the text
        originals = [s for s in gen.sentences(before.text)]
        best = max(
            originals, key=lambda s: SequenceMatcher(None, first["text"], s.text, autojunk=False).ratio()
        )
        assert best.end <= first["start"]
        assert before.text[best.start : best.end] == after.text[best.start : best.end]
        for lab in labels:
            _check_label("near_duplicate", after.text, lab)
        assert note.startswith(("exact", "reworded"))
    # both flavours appear over a handful of seeds
    notes = [
        gen.inject_near_duplicate(Doc.from_text(ENERGY), random.Random(s), resources())[1] for s in range(30)
    ]
    assert any(n.startswith("exact") for n in notes) and any(n.startswith("reworded") for n in notes)


def test_reword_makes_the_changes_a_spinner_makes():
    rng = random.Random(3)
    res = resources()
    assert gen._op_according(
        "Analysts said the bank was likely to resume cutting rates in March.", rng, res
    ) == ("According to analysts, the bank was likely to resume cutting rates in March.")
    assert (
        gen._op_according(
            "The rate fell to 5.8% in January, according to the national statistics agency.", rng, res
        )
        == "The national statistics agency said the rate fell to 5.8% in January."
    )
    assert (
        gen._op_voice("The law was approved by parliament on Tuesday.", rng, res)
        == "Parliament approved the law on Tuesday."
    )
    assert gen._op_voice("The council rejected the proposal after a long debate.", rng, res) == (
        "The proposal was rejected by the council after a long debate."
    )
    swapped = gen._op_synonym("The talks will resume after soldiers leave the town.", rng, res)
    assert swapped != "The talks will resume after soldiers leave the town."
    assert (
        gen._op_drop_adverb("The company was also moving turbines.", rng, res)
        == "The company was moving turbines."
    )
    assert gen._op_weekday("Officials said on Monday that power was back.", rng, res) in (
        "Officials said Monday that power was back.",
        "Officials said on the Monday that power was back.",
    )
    text, applied = gen.reword(
        "Mayor Ihor Terekhov said repair crews had restored power on Monday.", random.Random(1)
    )
    assert applied and text != "Mayor Ihor Terekhov said repair crews had restored power on Monday."


def test_gender_mismatch_flips_a_pronoun_of_a_named_person():
    before, after, note = _inject("gender_mismatch", ENERGY)
    (label,) = _labels(after)
    start = label["start"]
    old = re.match(r"\w+", before.text[start:]).group()
    assert old.lower() in PRONOUNS and label["text"].lower() in PRONOUNS
    assert gen._PRONOUN_GENDER[old.lower()] != gen._PRONOUN_GENDER[label["text"].lower()]
    assert after.text[:start] == before.text[:start]
    assert after.text[label["end"] :] == before.text[start + len(old) :]
    assert "antecedent" in note


def test_gender_mismatch_skips_a_pronoun_with_two_candidate_referents():
    text = (
        "Headline\nOlena Kovalenko met Ivan Petrenko in Kyiv on Monday. She said the talks went well.\n"
        "Petrenko said he agreed."
    )
    doc = Doc.from_text(text)
    for seed in range(20):
        out = gen.inject_gender_mismatch(doc, random.Random(seed), resources())
        assert out is None


def test_gender_mismatch_reads_titles_and_nouns_from_the_detectors_lists():
    # A queen's pronoun is hers to keep; a mother between the name and the pronoun is someone
    # else the pronoun could mean. Both words come from the lexicon the detector reads.
    titled = "Headline\nQueen Margrethe opened the new bridge on Monday. She said it joined two towns.\n"
    doc = Doc.from_text(titled)
    outs = [gen.inject_gender_mismatch(doc, random.Random(seed), resources()) for seed in range(5)]
    assert any(o is not None and "Margrethe" in o[1] for o in outs)
    blocked = (
        "Headline\nQueen Margrethe opened the new bridge on Monday. A mother of three cut the ribbon. "
        "She said it joined two towns.\n"
    )
    doc = Doc.from_text(blocked)
    assert all(gen.inject_gender_mismatch(doc, random.Random(seed), resources()) is None for seed in range(5))


@pytest.mark.parametrize(
    "splice, check",
    [
        ("_splice_glued_words", lambda lab, a, b: re.fullmatch(r"\S+", lab["text"]) and len(a) == len(b) - 1),
        (
            "_splice_breadcrumb",
            lambda lab, a, b: lab["start"] == 0 and a.startswith(("Home", "News", "World", "HOME")),
        ),
        ("_splice_cut_sentence", lambda lab, a, b: re.fullmatch(r"\S+ \S+", lab["text"]) and len(a) < len(b)),
        (
            "_splice_joined_paragraphs",
            lambda lab, a, b: a.count("\n") == b.count("\n") - 1 and " " not in lab["text"],
        ),
        ("_splice_headline_glued", lambda lab, a, b: re.search(r"[a-z][A-Z]", lab["text"]) and lab["start"] > 0),
        ("_splice_glued_time", lambda lab, a, b: re.match(r"\d\d:\d\d[ap]?m?[A-Z]", lab["text"])),
        ("_splice_trailing_credit", lambda lab, a, b: lab["text"][0].isupper() and a[lab["start"] - 1] == " "),
        ("_splice_stray_stop", lambda lab, a, b: re.fullmatch(r"[\w’'-]+\.[;,]?", lab["text"])),
        ("_splice_quote_glued", lambda lab, a, b: re.search(r'[”"][A-Z]', lab["text"]) and len(a) == len(b) - 1),
        ("_splice_broken_paragraph", lambda lab, a, b: a.count("\n") == b.count("\n") + 1
         and a[lab["end"]] == "\n"),
    ],
)
def test_spliced_fragment_each_seam(splice, check):
    fn = getattr(gen, splice)
    for seed in range(10):
        before = Doc.from_text(ENERGY)
        out = fn(before, random.Random(seed), resources())
        assert out is not None
        after, _ = out
        (label,) = _labels(after)
        assert check(label, after.text, before.text), (label, after.text[:200])
        _check_label("spliced_fragment", after.text, label)


def test_spliced_fragment_examples():
    # "Kharkiv while" -> "Kharkivwhile"; "offensive. The" -> "offensive.The"
    seams = set()
    for seed in range(40):
        after, _ = gen._splice_glued_words(Doc.from_text(ENERGY), random.Random(seed), resources())
        seams.add(_labels(after)[0]["text"])
    assert any(re.search(r"[a-z][A-Z]|\.[A-Z\"]", s) for s in seams)  # a sentence seam
    assert any(re.fullmatch(r"[\w’'-]+(while|and|but|the|to|in|on|for|said|with|from|at)", s) for s in seams)


def test_resumptive_pronoun_repeats_the_subject():
    kinds = set()
    for seed in range(30):
        before, after, _ = (
            Doc.from_text(ENERGY),
            *gen.inject_resumptive_pronoun(Doc.from_text(ENERGY), random.Random(seed), resources()),
        )
        (label,) = _labels(after)
        pronoun = label["text"].rsplit(" ", 1)[1]
        kinds.add(pronoun)
        # removing the inserted pronoun gives the original back
        assert after.text[: label["end"] - len(pronoun)] + after.text[label["end"] + 1 :] == before.text
        _check_label("resumptive_pronoun", after.text, label)
    assert {"she", "it"} <= kinds  # "Olena Kovalenko, a spokeswoman ..., she said"; "The ministry it said"


def test_unbalanced_quote_drops_one_mark():
    seen = set()
    for seed in range(30):
        before = Doc.from_text(ENERGY)
        after, note = gen.inject_unbalanced_quote(before, random.Random(seed), resources())
        (label,) = _labels(after)
        assert len(after.text) == len(before.text) - 1
        seen.add(note.split()[0])
        para = next(p for p in gen.paragraphs(after.text) if p.start <= label["start"] < p.end)
        assert not gen.balanced(para.text)
        _check_label("unbalanced_quote", after.text, label)
        if note.startswith("closing"):
            assert label["text"][0] in '"“'
        else:
            assert label["text"][-1] in '"”'
    assert seen == {"closing", "opening"}


def test_boilerplate_lines_are_whole_inserted_lines():
    for seed in range(30):
        before = Doc.from_text(ENERGY)
        after, _ = gen.inject_boilerplate(before, random.Random(seed), resources())
        labels = _labels(after)
        assert 1 <= len(labels) <= 4
        for lab in labels:
            _check_label("boilerplate", after.text, lab)
        kept = [line for line in after.text.split("\n") if line not in {lab["text"] for lab in labels}]
        assert "\n".join(kept) == before.text


def test_doubled_word():
    before, after, _ = _inject("doubled_word", ENERGY)
    (label,) = _labels(after)
    first, second = label["text"].split(" ")
    assert first.lower() == second.lower()
    assert after.text[: label["start"] + len(first)] + after.text[label["end"] :] == before.text


def test_name_variant_respells_a_later_occurrence():
    for seed in range(20):
        before = Doc.from_text(ENERGY)
        after, note = gen.inject_name_variant(before, random.Random(seed), resources(), kinds=["respell"])
        (label,) = _labels(after)
        original = re.match(r"[\w’'-]+", before.text[label["start"] :]).group()
        assert label["text"] != original
        assert label["text"] in resources().variant_of.get(original, ()) or label[
            "text"
        ] in gen._rule_variants(original)
        # the first spelling is still there, earlier in the article
        assert original in after.text[: label["start"]]
    examples = {
        _labels(gen.inject_name_variant(Doc.from_text(ENERGY), random.Random(s), resources(), kinds=["respell"])[0])[
            0
        ]["text"]
        for s in range(40)
    }
    assert examples & {"Kiev", "Kharkov", "Zelenskyy", "Zelenskiy"}


def test_name_variant_turns_a_later_mention_round_or_into_lower_case(ctx_for):
    from detector.detectors.names import NameVariantDetector

    people = {"Terekhov": "Ihor Terekhov", "Zelensky": "Volodymyr Zelensky"}
    for kind in ("swap", "lower"):
        for seed in range(6):
            after, note = gen.inject_name_variant(Doc.from_text(ENERGY), random.Random(seed), resources(), kinds=[kind])
            (label,) = _labels(after)
            surname = label["text"].split()[0].capitalize()
            expected = {"swap": " ".join(people[surname].split()[::-1]), "lower": surname.lower()}[kind]
            assert label["text"] == expected, note
            # the full name first is kept, and the detector finds the mangled mention
            assert people[surname] in after.text[: label["start"]]
            found = NameVariantDetector().detect(ctx_for(after.text))
            assert any(f.start == label["start"] for f in found), (kind, [f.text for f in found])


def test_name_variant_translates_a_listed_persons_name(ctx_for):
    from detector.detectors.names import NameVariantDetector

    text = (
        "Spain to fund desalination plants\n"
        "Prime Minister Pedro Sánchez said on Monday that the government would pay for four desalination "
        "plants on the coast.\nThe plants will open in 2028, officials said."
    )
    seen = set()
    for seed in range(12):
        after, note = gen.inject_name_variant(Doc.from_text(text), random.Random(seed), resources(), kinds=["figure"])
        (label,) = _labels(after)
        seen.add(label["text"])
        assert any(f.start == label["start"] for f in NameVariantDetector().detect(ctx_for(after.text)))
    assert seen == {"Peter Sánchez"}
    # a person the list does not know, or one with no translation, is left alone
    assert gen.inject_name_variant(Doc.from_text(ENERGY), random.Random(0), resources(), kinds=["figure"]) is None


def test_name_variant_spellings():
    assert gen.strip_diacritics("Bogotá") == "Bogota"
    assert gen.strip_diacritics("Yıldırım") == "Yildirim"
    assert "Natalia" in resources().variant_of["Natalya"]
    assert "Andrii" in gen._rule_variants("Andriy")
    assert "Tetiana" in gen._rule_variants("Tetyana") or "Tetiana" in resources().variant_of["Tetyana"]
    # a name spelled once has no later occurrence to respell
    assert (
        gen.inject_name_variant(
            Doc.from_text("Head\nKyiv said it would respond."), random.Random(0), resources()
        )
        is None
    )


def test_untranslated_leaves_a_source_language_word():
    before, after, note = _inject("untranslated", ENERGY)
    (label,) = _labels(after)
    _check_label("untranslated", after.text, label)
    english = re.search(r"'([^']+)' left in", note).group(1)
    assert before.text[label["start"] : label["start"] + len(english)] == english
    # a Colombian story leaves Spanish most of the time
    langs = [
        gen.inject_untranslated(Doc.from_text(RATES), random.Random(s), resources())[1]
        .split(" left in ")[1]
        .split(":")[0]
        for s in range(20)
    ]
    assert langs.count("Spanish") >= 10


def test_mojibake_breaks_typographic_characters():
    before, after, _ = _inject("mojibake", ENERGY)
    labels = _labels(after)
    assert labels
    for lab in labels:
        _check_label("mojibake", after.text, lab)
    assert after.text != before.text and len(after.text) > len(before.text)


def test_mojibake_of_a_quotation_damages_both_marks():
    text = 'Head\n"We will rebuild. It will take years," the mayor said.'
    doc = Doc.from_text(text)
    after, _ = gen.inject_mojibake(doc, random.Random(0), resources())
    assert '"' not in after.text  # no straight half left to be an orphan
    assert sum("Ã" in lab["text"] or "â€" in lab["text"] for lab in _labels(after)) == 2


def test_every_kind_has_an_injector():
    assert set(gen.INJECTORS) == set(KINDS)
    from detector.data import FINDING_TYPES

    assert set(KINDS) <= set(FINDING_TYPES)


# ------------------------------------------------------------------ generate()


def test_originals_pass_through_unchanged():
    out = list(generate(ARTICLES, seed=5, variants_per_article=2))
    originals = [r for r in out if r["id"] in {a["id"] for a in ARTICLES}]
    assert len(originals) == len(ARTICLES)
    for article, rec in zip(ARTICLES, originals, strict=True):
        assert rec == {
            "id": article["id"],
            "title": article["title"],
            "text": article["text"],
            "unlabelled": "clean",
            "labels": [],
            "origin": {"article": article["id"], "seed": 5, "injections": []},
        }


def test_same_seed_same_output_and_different_seed_different_output():
    a = list(generate(ARTICLES, seed=13, variants_per_article=4))
    b = list(generate(ARTICLES, seed=13, variants_per_article=4))
    c = list(generate(ARTICLES, seed=14, variants_per_article=4))
    assert json.dumps(a) == json.dumps(b)
    assert json.dumps(a) != json.dumps(c)
    # an article's variants do not depend on which other articles are in the run
    alone = list(generate([ARTICLES[1]], seed=13, variants_per_article=4))
    assert alone == [r for r in a if r["origin"]["article"] == ARTICLES[1]["id"]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**40))
def test_labels_match_text_after_several_injections(seed):
    records = list(generate(ARTICLES, seed=seed, variants_per_article=3))
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    for rec in records:
        text = rec["text"]
        assert rec["unlabelled"] == "clean"
        assert set(rec) == {"id", "title", "text", "unlabelled", "labels", "origin"}
        injections = rec["origin"]["injections"]
        if rec["id"] == rec["origin"]["article"]:
            assert rec["labels"] == [] and injections == []
            continue
        assert 1 <= len(injections) <= 4
        assert len({i["type"] for i in injections}) == len(injections)
        assert sum(i["labels"] for i in injections) == len(rec["labels"])
        previous_end = -1
        for lab in rec["labels"]:
            assert set(lab) == {"start", "end", "text", "label", "type", "note"}
            assert lab["label"] == "artifact" and lab["type"] in KINDS
            assert 0 <= lab["start"] < lab["end"] <= len(text)
            assert text[lab["start"] : lab["end"]] == lab["text"]
            assert lab["start"] >= previous_end  # sorted, no overlaps
            previous_end = lab["end"]
            _check_label(lab["type"], text, lab)
        assert {lab["type"] for lab in rec["labels"]} == {i["type"] for i in injections}


def test_rates_choose_the_kinds():
    only = {k: 0 for k in KINDS} | {"doubled_word": 1}
    out = [r for r in generate(ARTICLES[:2], seed=1, variants_per_article=5, rates=only) if r["labels"]]
    assert out and all({lab["type"] for lab in r["labels"]} == {"doubled_word"} for r in out)
    with pytest.raises(ValueError):
        list(generate(ARTICLES, seed=1, rates={"typo": 1.0}))
    with pytest.raises(ValueError):
        list(generate(ARTICLES, seed=1, rates=dict.fromkeys(KINDS, 0)))


def test_default_mix_covers_every_kind():
    counts = {k: 0 for k in KINDS}
    for rec in generate(ARTICLES[:2], seed=2, variants_per_article=40):
        for inj in rec["origin"]["injections"]:
            counts[inj["type"]] += 1
    assert all(n > 0 for n in counts.values()), counts
    assert counts["boilerplate"] > counts["doubled_word"] * 0.8


def test_output_reads_as_a_labels_file(tmp_path):
    labels = pytest.importorskip("training.labels")
    out = tmp_path / "gen.jsonl"
    write_jsonl(generate(ARTICLES, seed=3, variants_per_article=3), out)
    articles = labels.read_labels_file(out)
    assert len(articles) == sum(1 for _ in out.open())
    assert {a.group for a in articles} == {a["id"] for a in ARTICLES}


# ------------------------------------------------------------------ files and CLI


def test_atomic_write_replaces_whole_file(tmp_path):
    out = tmp_path / "sub" / "gen.jsonl"
    n = write_jsonl(({"i": i} for i in range(5)), out)
    assert n == 5
    assert [json.loads(line)["i"] for line in out.read_text().splitlines()] == list(range(5))
    assert [p.name for p in out.parent.iterdir()] == ["gen.jsonl"]


def test_atomic_write_leaves_old_file_on_error(tmp_path):
    out = tmp_path / "gen.jsonl"
    out.write_text("old\n")

    def failing():
        yield {"i": 1}
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_jsonl(failing(), out)
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gen.jsonl"]


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "b.jsonl").write_text(json.dumps(ARTICLES[1]) + "\n\n", encoding="utf-8")
    (folder / "a.jsonl").write_text(
        json.dumps(ARTICLES[0]) + "\n" + json.dumps(ARTICLES[2]) + "\n", encoding="utf-8"
    )


def test_main_writes_deterministic_file(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    argv = ["--corpus", str(corpus), "--seed", "13", "--variants", "2"]
    assert gen.main([*argv, "--out", str(out1)]) == 0
    assert gen.main([*argv, "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    records = [json.loads(line) for line in out1.read_text(encoding="utf-8").splitlines()]
    # files are read in name order: a.jsonl (energy, short) then b.jsonl (rates)
    assert [r["id"] for r in records if "~" not in r["id"]] == ["test-energy", "test-short", "test-rates"]
    assert "records" in capsys.readouterr().err


def test_main_rate_option(tmp_path):
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    out = tmp_path / "o.jsonl"
    zero = [f"--rate={k}=0" for k in KINDS if k != "boilerplate"]
    assert gen.main(["--corpus", str(corpus), "--out", str(out), "--variants", "3", *zero]) == 0
    types = {
        lab["type"]
        for line in out.read_text(encoding="utf-8").splitlines()
        for lab in json.loads(line)["labels"]
    }
    assert types == {"boilerplate"}


def test_main_rejects_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "no id or text"}\n')
    assert gen.main(["--corpus", str(bad), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert gen.main(["--corpus", str(bad), "--out", str(tmp_path / "o.jsonl"), "--rate", "typo=1"]) == 2
    assert not (tmp_path / "o.jsonl").exists()
    assert "error" in capsys.readouterr().err


def test_page_residue_blocks_draw_on_the_detectors_word_lists():
    from detector import lexicon

    networks = set(lexicon.column("networks"))
    seen = {}
    for seed in range(400):
        after, note = gen.inject_boilerplate(Doc.from_text(ENERGY), random.Random(seed), resources())
        seen.setdefault(note.split(" (")[0], []).append(after)
    assert {"account widget", "toolbar", "share list", "counter", "caption", "teaser listing",
            "date stamp glued in front of the first sentence", "wire credit", "related link",
            "keyword line", "page furniture", "teaser headline"} <= set(seen)
    keywords = [lab["text"] for d in seen["keyword line"] for lab in _labels(d)]
    assert all(k[0].islower() and re.fullmatch(r"[A-Za-z ]+", k) and all(w in ENERGY for w in k.split())
               for k in keywords)
    share = [lab["text"] for d in seen["share list"] for lab in _labels(d)]
    assert all(any(n in line for n in networks) for line in share)
    teasers = [lab["text"] for d in seen["teaser listing"] for lab in _labels(d)]
    assert any(t.endswith(("...", "…", "[...]", "[…]", "Read more")) for t in teasers)


def test_lossy_mojibake_loses_an_apostrophe():
    marks = set()
    for seed in range(60):
        out = gen._lossy_conversion(Doc.from_text(ENERGY), random.Random(seed))
        assert out is not None
        after, _ = out
        (label,) = _labels(after)
        _check_label("mojibake", after.text, label)
        marks |= {m for m in "?`" if m in label["text"]}
    assert marks == {"?", "`"}


def test_a_headline_glued_into_the_text_leaves_no_headline_for_later_edits():
    # a later edit (a doubled word) must not make a headline grow out of nothing, or residue
    # put "after the headline" lands inside the first word
    doc = Doc.from_text(ENERGY)
    hs, he = doc.headline
    glued = gen.dc_replace(doc, headline=(hs, hs))
    later = glued.edit(he + 10, he + 10, "in ")
    assert later.headline == (hs, hs)
    assert doc.edit(he + 10, he + 10, "in ").headline == (hs, he)


def test_html_reference_mojibake_leaves_an_apostrophe_undecoded():
    from detector.detectors.base import Context
    from detector.detectors.encoding import MojibakeDetector
    from detector.segment import segment

    refs = set()
    for seed in range(40):
        out = gen._html_reference(Doc.from_text(ENERGY), random.Random(seed))
        assert out is not None
        after, _ = out
        (label,) = _labels(after)
        _check_label("mojibake", after.text, label)
        refs.add(re.search(r"&?#?\d+;|&\w+;", label["text"]).group(0))
        paras, sents = segment(after.text)
        found = MojibakeDetector().detect(Context(text=after.text, paragraphs=paras, sentences=sents))
        assert any(f.start <= label["start"] < f.end for f in found), label
    assert {"&#039;", "039;"} <= refs


def test_a_caption_credit_run_into_the_next_sentence_is_labelled_at_the_seam():
    forms = set()
    for seed in range(40):
        out = gen._splice_caption_credit(Doc.from_text(ENERGY), random.Random(seed), resources())
        assert out is not None
        after, _ = out
        (label,) = _labels(after)
        _check_label("spliced_fragment", after.text, label)
        forms.add("(" if ")" in label["text"] else "/" if "/" in after.text[label["start"] - 20 : label["start"]] else ":")
    assert forms >= {"(", "/"}
