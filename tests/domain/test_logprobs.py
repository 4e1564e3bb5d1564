"""Token probabilities in the domain: the stored form, the text tokens show, the answer's
figures, and the chart's transform of a real distribution, checked against distributions
computed by hand."""

from __future__ import annotations

import math

import pytest

from app.domain.logprobs import (
    Alternative,
    TokenLogprob,
    candidates,
    decode,
    encode,
    mean_logprob,
    perplexity,
    pieces,
    replaced_at,
    text_before,
)
from app.domain.sampling import reshape

# A token whose server sent four alternatives: 50%, 25%, 15% and 5% (95% of the mass).
TOKEN = TokenLogprob(" Red", math.log(0.25), None, (
    Alternative(" Blue", math.log(0.5)), Alternative(" Red", math.log(0.25)),
    Alternative(" Green", math.log(0.15)), Alternative(" Black", math.log(0.05))))


def dist(**fields: float) -> list[float]:
    _labels, logits, _chosen = candidates(TOKEN)
    return reshape(logits, **fields)


def close(got: list[float], want: list[float]) -> None:
    assert got == pytest.approx(want, abs=1e-6)


def test_the_real_distribution_is_sorted_and_renormalised() -> None:
    labels, _logits, chosen = candidates(TOKEN)
    assert labels == [" Blue", " Red", " Green", " Black"] and chosen == 1
    close(dist(), [0.5 / 0.95, 0.25 / 0.95, 0.15 / 0.95, 0.05 / 0.95])


def test_each_field_alone_matches_the_hand_computed_distribution() -> None:
    # temperature 0.5 squares the probabilities: .25, .0625, .0225, .0025 (sum .3375)
    close(dist(temperature=0.5), [0.740741, 0.185185, 0.066667, 0.007407])
    # temperature 2 takes their square roots: .7071, .5, .3873, .2236 (sum 1.818)
    close(dist(temperature=2), [0.388946, 0.275026, 0.213034, 0.122995])
    close(dist(temperature=0), [1, 0, 0, 0])  # greedy
    close(dist(top_k=2), [2 / 3, 1 / 3, 0, 0])
    # top_p 0.8: .526 + .263 = .789 < .8, so the third token is kept too
    close(dist(top_p=0.8), [0.5 / 0.9, 0.25 / 0.9, 0.15 / 0.9, 0])
    # min_p 0.4: the floor is .4 × .526 = .211; Green (.158) and Black fall
    close(dist(min_p=0.4), [2 / 3, 1 / 3, 0, 0])


def test_the_fields_combined_in_the_stated_order() -> None:
    # temperature 2 → .389 .275 .213 .123; top_k 3 drops Black; top_p .7 keeps three
    # (.389 + .275 = .664 < .7); min_p .6 floors at .233: Green falls; renormalised.
    close(dist(temperature=2, top_k=3, top_p=0.7, min_p=0.6),
          [0.388946 / 0.663972, 0.275026 / 0.663972, 0, 0])


def test_the_chosen_token_joins_alternatives_that_lack_it() -> None:
    token = TokenLogprob("x", math.log(0.01), None, (Alternative("a", math.log(0.9)),))
    labels, logits, chosen = candidates(token)
    assert labels == ["a", "x"] and chosen == 1 and len(logits) == 2


def test_the_stored_form_is_compact_and_reads_back() -> None:
    tokens = [TOKEN, TokenLogprob("你", -0.5, (228, 189, 160), ()),
              TokenLogprob("半", -1.0, (229,), (Alternative("半", -1.0, (229,)),))]
    text = encode(tokens)
    assert text is not None and text.startswith("[1,")
    back = decode(text)
    assert [t.token for t in back] == [t.token for t in tokens]
    assert [t.bytes for t in back] == [t.bytes for t in tokens]
    assert back[0].logprob == pytest.approx(TOKEN.logprob, abs=5e-7)
    assert len(back[0].top) == 4 and back[0].top[0].token == " Blue"
    assert encode([]) is None and decode(None) == [] and decode("not json") == []
    assert decode('[2, 0, []]') == []  # a later format is not misread


def test_tokens_that_split_a_character_are_joined_for_display() -> None:
    half = [TokenLogprob("\\xe4", -0.1, (0xE4,)), TokenLogprob("\\xbd\\xa0", -0.2, (0xBD, 0xA0)),
            TokenLogprob("好", -0.3, tuple("好".encode()))]
    shown = pieces(half)
    assert [(p.text, p.first, p.last) for p in shown] == [("你", 0, 1), ("好", 2, 2)]
    assert text_before(half, 2) == "你"


def test_an_answer_has_a_mean_and_a_perplexity() -> None:
    tokens = [TokenLogprob("a", math.log(0.5)), TokenLogprob("b", math.log(0.125))]
    mean = mean_logprob(tokens)
    assert mean == pytest.approx(math.log(0.25))
    assert perplexity(mean) == pytest.approx(4.0)  # as unsure as among 4 equal tokens
    assert mean_logprob([]) is None and perplexity(None) is None


def test_continuing_with_another_token_keeps_what_came_before() -> None:
    tokens = [TokenLogprob("1", -0.1), TokenLogprob(".", -0.01), TOKEN]
    start = replaced_at(tokens, 2, TOKEN.top[0])
    assert [t.token for t in start] == ["1", ".", " Blue"] and start[2].top == TOKEN.top
    assert text_before(start, 3) == "1. Blue"
