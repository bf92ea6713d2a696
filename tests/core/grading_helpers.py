"""Sample cards of every kind for the core grading tests."""

from __future__ import annotations

from cyberquiz.core.cards import (
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    Gap,
    MatchCard,
    MultiCard,
    OrderCard,
    Origin,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)

FLIP = FlipCard(id="flip", deck_id="d", front="EC3", back="European Cybercrime Centre")
TYPED = TypedCard(
    id="typed",
    deck_id="d",
    prompt="In which city was the Convention on Cybercrime opened for signature?",
    answer="Budapest",
    accept=("Budapest, Hungary",),
)
TYPED_ACRONYM = TypedCard(
    id="acr", deck_id="d", prompt="Collective Security Treaty Organization?", answer="CSTO"
)
TYPED_NUMBER = TypedCard(id="num", deck_id="d", prompt="Resolution number?", answer="74/247")
DATE_DAY = DateCard(
    id="date-day",
    deck_id="d",
    prompt="When was the Convention on Cybercrime opened for signature?",
    answer=PartialDate(2001, 11, 23),
)
DATE_MONTH = DateCard(
    id="date-month", deck_id="d", prompt="When?", answer=PartialDate(2001, 11), precision="month"
)
DATE_YEAR = DateCard(
    id="date-year", deck_id="d", prompt="When?", answer=PartialDate(2001, 11, 23), precision="year"
)
CHOICE = ChoiceCard(
    id="choice",
    deck_id="d",
    prompt="Which body drafted the Budapest Convention?",
    options=("UN", "Council of Europe", "ITU", "SCO"),
    answer=1,
)
MULTI = MultiCard(
    id="multi",
    deck_id="d",
    prompt="Which are CSTO members?",
    options=("Russia", "Armenia", "France", "Kazakhstan", "Brazil"),
    answers=frozenset({0, 1, 3}),
)
TRUEFALSE = TrueFalseCard(
    id="tf", deck_id="d", statement="The SCO is a regional organisation.", answer=True
)
CLOZE = ClozeCard(
    id="cloze",
    deck_id="d",
    text="Opened in {{2001}} in {{Budapest::a city}}; {{EC3|European Cybercrime Centre}}",
    parts=(
        "Opened in ",
        Gap(("2001",)),
        " in ",
        Gap(("Budapest",), "a city"),
        "; ",
        Gap(("EC3", "European Cybercrime Centre")),
        "",
    ),
    prompt="Fill in the gaps",
)
ORDER = OrderCard(id="order", deck_id="d", prompt="Earliest first", items=("a", "b", "c", "d", "e"))
ORDER2 = OrderCard(id="order2", deck_id="d", prompt="Earliest first", items=("x", "y"))
MATCH = MatchCard(
    id="match",
    deck_id="d",
    prompt="Match the body to its seat",
    pairs=(("ITU", "Geneva"), ("Europol", "The Hague"), ("Council of Europe", "Strasbourg")),
)

FULL = TypedCard(
    id="full",
    deck_id="deck-1",
    tags=("dates", "council-of-europe"),
    explain="Explained.",
    source="A quote.",
    note="A note.",
    origin=Origin("questions/dates.yaml", 12),
    prompt="P",
    answer="A",
    accept=("B", "C"),
)

ALL_CARDS = (
    FLIP,
    TYPED,
    TYPED_ACRONYM,
    DATE_DAY,
    DATE_MONTH,
    DATE_YEAR,
    CHOICE,
    MULTI,
    TRUEFALSE,
    CLOZE,
    ORDER,
    ORDER2,
    MATCH,
    FULL,
)
