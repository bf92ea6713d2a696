"""Property tests: whatever the input, the loader returns problems and never raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberquiz.decks import DeckLoad, Problem, load_deck_bytes
from cyberquiz.decks.loader import INTERNAL_ERROR, _load_text
from cyberquiz.decks.models import KINDS, MODEL_BY_KIND

EXAMPLE = (Path(__file__).resolve().parents[2] / "docs/examples/all-kinds.yaml").read_text()
FIELDS = sorted({name for model in MODEL_BY_KIND.values() for name in model.model_fields})
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(loaded: DeckLoad, *, text: str | None = None) -> None:
    assert isinstance(loaded, DeckLoad)
    for problem in loaded.problems:
        assert isinstance(problem, Problem)
        assert problem.severity in ("error", "warning")
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message
        assert INTERNAL_ERROR not in problem.message
        if text is not None:
            assert problem.line <= text.count("\n") + 2
    if loaded.deck is None:
        assert any(p.is_error for p in loaded.problems)
    else:
        assert not any(p.is_error for p in loaded.problems)


@FAST
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    check(load_deck_bytes("r.yaml", data))


@FAST
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    check(load_deck_bytes("r.yaml", text.encode("utf-8", "surrogatepass")))


@FAST
@given(st.text(alphabet="abc:-[]{}'\"#&*!|>?,%@`\\ \n\t0123.~<", max_size=200))
def test_random_yaml_punctuation(text: str) -> None:
    data = text.encode()
    check(load_deck_bytes("r.yaml", data), text=text)
    check(_load_text("r.yaml", text, data, pure=True), text=text)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(["no", "yes", "2001-11-23", "1.10", "{{gap}}", "{{open", "~", "", " "]),
    st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
cards = st.dictionaries(
    st.sampled_from([*FIELDS, "kind", "frnt", "<<"]),
    st.one_of(st.sampled_from(KINDS), values),
    max_size=8,
)
decks = st.fixed_dictionaries(
    {},
    optional={
        "format": st.one_of(st.just(1), values),
        "id": st.one_of(st.just("deck"), values),
        "title": values,
        "tags": values,
        "cards": st.one_of(st.lists(cards, max_size=5), values),
    },
)


@FAST
@given(decks, st.booleans(), st.booleans())
def test_random_yaml_documents(deck: dict[str, Any], flow: bool, pure: bool) -> None:
    text = yaml.safe_dump(deck, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    data = text.encode()
    check(_load_text("d.yaml", text, data, pure=pure))


@FAST
@given(values)
def test_random_yaml_values_at_top(value: Any) -> None:
    check(load_deck_bytes("v.yaml", yaml.safe_dump(value, allow_unicode=True).encode()))


@FAST
@given(st.data())
def test_mutated_example(data: st.DataObject) -> None:
    text = EXAMPLE
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        insert = data.draw(st.text(alphabet=" \n-:[]{}'\"#&*!|>?,abc12", max_size=4))
        text = text[:at] + insert + text[at + cut :]
    check(load_deck_bytes("m.yaml", text.encode("utf-8", "surrogatepass")))


@FAST
@given(st.text(alphabet="ab &*-:[]{},\n\t'\"#!|", max_size=60))
def test_anchor_prefilter_never_misses_an_anchor_or_alias(text: str) -> None:
    from cyberquiz.decks.yamlstrict import anchor_problems, may_have_anchors

    if anchor_problems("t.yaml", text):
        assert may_have_anchors(text)
