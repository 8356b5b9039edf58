"""mojibake: UTF-8 decoded with the wrong character set."""

from detector.detectors.encoding import MojibakeDetector

DET = MojibakeDetector()


def test_mojibake_sequences_are_flagged_with_a_fix_hint(ctx_for):
    ctx = ctx_for("Residents donâ€™t know where to go, the cafÃ© owner said.\nâ€œWe will stay,â€ she said.")
    found = DET.detect(ctx)
    assert [f.text for f in found][:2] == ["donâ€™t", "cafÃ©"]
    assert "don't" in found[0].explanation or "don’t" in found[0].explanation
    assert all(ctx.text[f.start : f.end] == f.text for f in found)
    assert any(f.sentence == 1 for f in found)


def test_correct_unicode_is_not_mojibake(ctx_for):
    text = (
        "The café in Kraków reopened — and Nebojša Radosavljević, 54, said prices rose 3%.\n"
        "“It’s a new start,” he said, quoting Goethe: «Über allen Gipfeln ist Ruh».\n"
        "São Paulo and Zürich, naïve résumé, Łódź, Ümraniye, Ñuñoa."
    )
    assert DET.detect(ctx_for(text)) == []
