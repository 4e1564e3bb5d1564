from app.domain.unicode import join_surrogates, scrub


def test_lone_surrogates_become_replacement_characters_that_encode() -> None:
    text = scrub("before \ud83d after \udc00")
    assert text == "before \ufffd after \ufffd"
    text.encode("utf-8")


def test_valid_text_is_unchanged() -> None:
    for text in ("plain", "北京 😀 ünïcode", ""):
        assert scrub(text) == text


def test_a_pair_split_across_two_pieces_joins_into_one_character() -> None:
    assert join_surrogates("\ud83d" + "\ude00") == "😀"
    assert join_surrogates("x\ud83d") == "x\ufffd"
