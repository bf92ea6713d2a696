"""Every fixture deck gives exactly the problems written at its end as ``# expect:`` lines.

Valid fixtures (and the documented example) load with no problem at all; each invalid fixture
lists every expected ``line:column: severity: message``. The same files must give the same
problems with the pure-Python parser as with libyaml (except syntax errors, whose wording is
the parser's own).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberquiz.core.cards import Kind
from cyberquiz.decks import load_deck_file
from cyberquiz.decks.loader import _load_text
from cyberquiz.decks.yamlstrict import decode
from support import REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures"
VALID = [*sorted((FIXTURES / "valid").glob("*.yaml")), REPO_ROOT / "docs/examples/all-kinds.yaml"]
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def expected(path: Path) -> list[str]:
    marker = b"# expect: "
    return [
        line[len(marker) :].decode("ascii").rstrip("\r")
        for line in path.read_bytes().split(b"\n")
        if line.startswith(marker)
    ]


def located(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{p.line}:{p.column}: {p.severity}: {p.message}" for p in problems]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_loads_without_problems(path: Path) -> None:
    loaded = load_deck_file(path)
    assert located(loaded.problems) == []
    assert loaded.deck is not None
    assert loaded.deck.cards


def test_valid_fixtures_cover_every_kind() -> None:
    kinds = {card.kind for path in VALID for card in load_deck_file(path).require().cards}
    assert kinds == set(Kind)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_gives_exactly_the_expected_problems(path: Path) -> None:
    want = expected(path)
    assert want, f"{path.name} has no '# expect:' lines"
    loaded = load_deck_file(path)
    assert located(loaded.problems) == want
    assert loaded.deck is None
    assert all(str(p).startswith(f"{path}:") for p in loaded.problems)


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.name)
def test_pure_python_parser_agrees_with_libyaml(path: Path) -> None:
    data = path.read_bytes()
    text, _problems = decode(str(path), data)
    if text is None:
        pytest.skip("refused before parsing")
    fast = load_deck_file(path)
    if any("YAML syntax error" in p.message for p in fast.problems):
        pure = _load_text(str(path), text, data, pure=True)
        assert pure.deck is None
        assert pure.problems and all(p.is_error for p in pure.problems)
        return
    pure = _load_text(str(path), text, data, pure=True)
    assert located(pure.problems) == located(fast.problems)
    assert pure.deck == fast.deck


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_the_fallback_parser_refuses_brackets_past_its_limit_where_they_pass_it(
    opening: str,
) -> None:
    """Without libyaml, brackets nested past MAX_FLOW_LEVEL are refused at the one too many,
    before its scanner, whose work grows with the square of the depth, goes on; at the limit
    the file parses, as with libyaml."""
    from cyberquiz.decks.yamlstrict import MAX_FLOW_LEVEL, compose

    closing = "]" if opening == "[" else "}"
    deepest = "a: " + opening * MAX_FLOW_LEVEL + closing * MAX_FLOW_LEVEL + "\n"
    for pure in (True, False):
        node, problems = compose("d.yaml", deepest, pure=pure)
        assert node is not None and problems == [], pure
    too_deep = "a: " + opening * (MAX_FLOW_LEVEL + 1) + closing * (MAX_FLOW_LEVEL + 1) + "\n"
    node, [problem] = compose("d.yaml", too_deep, pure=True)
    assert node is None
    assert (problem.line, problem.column) == (1, 4 + MAX_FLOW_LEVEL * len(opening))
    assert "nests lists or mappings too deeply" in problem.message
