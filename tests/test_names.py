"""name_variant: one name spelled two ways in one article."""

from detector.detectors.names import NameVariantDetector, skeleton

DET = NameVariantDetector()


def texts(ctx):
    return [f.text for f in DET.detect(ctx)]


def test_mixed_transliterations_of_a_full_name(ctx_for):
    ctx = ctx_for(
        "Education Minister Nataliya Boiko said schools would reopen in September.\n"
        "Natalia Boyko added that 40 shelters had been built over the summer."
    )
    found = DET.detect(ctx)
    assert [f.text for f in found] == ["Natalia Boyko"]
    assert found[0].related == [0]


def test_ukrainian_and_russian_forms(ctx_for):
    ctx = ctx_for(
        "Oleksii Vasylenko, the head of the port, said the berths were repaired.\n"
        "Alexei Vasilenko said barges would sail on Friday from Kharkiv, not Kharkov."
    )
    assert texts(ctx) == ["Alexei Vasilenko", "Kharkov"]


def test_surname_alone_spelled_two_ways(ctx_for):
    ctx = ctx_for("President Zelensky spoke in Lviv on Monday.\nLater Zelenskyy said aid would arrive.")
    assert texts(ctx) == ["Zelenskyy"]


def test_diacritics_dropped(ctx_for):
    ctx = ctx_for("Coach Nebojša Radosavljević praised the team.\nNebojsha Radosavlevich said the title was close.")
    assert texts(ctx) == ["Nebojsha Radosavlevich"]


def test_near_misses(ctx_for):
    text = (
        "Ivan Petrenko and his wife Oksana Petrenko run a bakery in Kyiv.\n"
        "Sergei Ivanov and Anna Ivanova testified; Ivanova said the Russian and Russia-based firms paid.\n"
        "Officials in Austria and Australia agreed. Bosnian and Bosniak leaders met Argentina's envoy and Argentines.\n"
        "Maria Lopez met Mario Lopez. Councilman Reyes and Councilwoman Ortiz voted.\n"
        "Meteorology experts spoke. Meteorologists said rain would come.\n"
        "CAPE CANAVERAL, Fla. — The launch from Canaveral was delayed.\n"
        "Natalya Orlova and her brother Dmitry Orlov attended. Lisouskaya and Lisouski, siblings, spoke."
    )
    assert texts(ctx_for(text)) == []


def test_skeleton():
    assert skeleton("Nataliya") == skeleton("Natalia")
    assert skeleton("Lytvyn") == skeleton("Litvin")
    assert skeleton("Zhumabekov") == skeleton("Jumabekov")
    assert skeleton("Kovalenko") != skeleton("Kovalchuk")


def test_two_people_with_ukrainian_and_russian_forms_of_one_given_name(ctx_for):
    text = (
        "Russian President Vladimir Putin and Ukrainian President Volodymyr Zelensky spoke by phone on Sunday.\n"
        "Putin's spokesman said the call lasted an hour; Zelensky's office said the ceasefire was discussed."
    )
    assert texts(ctx_for(text)) == []


def test_one_person_under_both_forms_of_a_given_name_is_still_flagged(ctx_for):
    # the same surname: the full-name comparison flags it
    text = (
        "Deputy Mayor Volodymyr Hnatiuk opened the bridge on Monday.\n"
        "Vladimir Hnatiuk said traffic would resume on Tuesday."
    )
    assert texts(ctx_for(text)) == ["Vladimir Hnatiuk"]
    # the given name alone, in another form: nothing says it is someone else
    text = (
        "Deputy Mayor Volodymyr Hnatiuk opened the bridge on Monday.\n"
        "Asked about the delay, Vladimir said traffic would resume on Tuesday."
    )
    assert texts(ctx_for(text)) == ["Vladimir"]


def test_diacritics_hyphens_and_model_names_are_not_two_translations(ctx_for):
    from detector.detectors.names import NameVariantDetector

    text = (
        "President Recep Tayyip Erdoğan arrived in Ankara on Monday. Aides said Recep Tayyip Erdogan "
        "would speak on Tuesday. The army showed its Pantsir-S launchers beside older Pantsirs, and a "
        "Pantsir-M was parked at the gate. Ms Díaz Quintana spoke first; Diaz Quintana said little."
    )
    assert NameVariantDetector().detect(ctx_for(text)) == []


def test_transliteration_variant_still_found(ctx_for):
    from detector.detectors.names import NameVariantDetector

    text = ("Mayor Oleksandr Vilkul said the shelter would open on Friday. "
            "Later that evening Aleksandr Vilkul told residents to stay inside.")
    found = NameVariantDetector().detect(ctx_for(text))
    assert [f.text for f in found] == ["Aleksandr Vilkul"]


def test_surname_read_as_the_english_word_it_resembles(ctx_for):
    for later in ("Elon mask", "Elon Mask"):
        ctx = ctx_for(f"Elon Musk bought the company last year.\nOn Monday {later} said the deal was done.")
        found = DET.detect(ctx)
        assert [f.text for f in found] == [later]
        assert "'mask'" in found[0].explanation and found[0].related == [0]
    # the same first name with another surname, a common word after a place, a name that is a word
    for text in (
        "Elon Musk bought the company last year. Elon Musk's brother Kimbal Musk agreed.",
        "Bill Gates founded the charity. Bill gates were closed at night, the porter said.",
        "Hospital Afflicted Staff said the ward was full. Hospital Affiliated doctors agreed.",
        "Lea Michele sang first. Later Lea Michel, her cousin, joined her on stage.",
    ):
        assert [f.text for f in DET.detect(ctx_for(text)) if "word" in f.explanation] == [], text


def test_a_letter_dropped_or_doubled_is_weak_evidence(ctx_for):
    # what a typist does, in careful copy as often as in stitched copy: found, but one alone
    # stays below the rewriting axis's "suspect" evidence
    from detector.verdict import AXIS_THRESHOLDS, finding_evidence

    for text, later in (
        ("Virat Kohli scored 80 runs. Later Viraat said the dew had helped.", "Viraat"),
        ("Minister Olena Monteith spoke first. Later Moneith said the vote was over.", "Moneith"),
    ):
        (f,) = DET.detect(ctx_for(text))
        assert f.text == later
        assert finding_evidence(f, 1.0) < AXIS_THRESHOLDS["rewriting"]["suspect"]
    # transliterations differ by systematic substitutions and stay strong
    (f,) = DET.detect(ctx_for("Natalia Boiko spoke first. Later Nataliya Boyko said the vote was over."))
    assert finding_evidence(f, 1.0) >= AXIS_THRESHOLDS["rewriting"]["suspect"]


def test_an_ending_or_a_letter_at_the_start_makes_another_word(ctx_for):
    for text in (
        "Flights to Khabarovsk resumed. The Khabarovsky region was spared.",
        "The station Misakubo Station closed. Buses stop at Misakubocho Station instead.",
        "The video went up on YouTube. The YouTuber said it was a joke.",
        "Officials met Zhang Wei. Zhuang Wei, his deputy, took notes.",
        "Flights to Türkiye resumed on Monday. Officials in Ankara said Turkey would add routes.",
    ):
        assert texts(ctx_for(text)) == [], text
