"""Writes anki_notes_plain_text.txt with Anki's own backend (the `anki` package).

Run from the repository root: ``python tests/convert/realfiles/make_anki_export.py``. Anki writes
the file exactly as its desktop app's File > Export > "Notes in Plain Text (.txt)" does, with
every "include" box ticked (HTML, tags, deck, note type, GUID).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from anki.collection import Collection

HERE = Path(__file__).parent

NOTES = [
    (
        "Basic",
        "Cybercrime::Treaties",
        ["Where was the Convention on Cybercrime opened for signature?", "Budapest"],
        ["treaty", "coe"],
    ),
    (
        "Basic",
        "Cybercrime::Treaties",
        ['<b>"Budapest" Convention</b>: year of adoption?', "2001<br>(23 November)"],
        ["treaty", "dates::adoption"],
    ),
    (
        "Basic (and reversed card)",
        "Cybercrime::Bodies",
        ["EC3", "European Cybercrime Centre, part of Europol"],
        ["bodies"],
    ),
    (
        "Basic (type in the answer)",
        "Cybercrime::Bodies",
        ["Which UN office services the Ad Hoc Committee?", "UNODC"],
        [],
    ),
    (
        "Cloze",
        "Cybercrime::Treaties",
        [
            "The {{c1::Council of Europe}} adopted the Convention in {{c2::2001::year}}.",
            "Opened in Budapest.",
        ],
        ["treaty"],
    ),
    (
        "Cloze",
        "Cybercrime",
        ["Directive {{c1::2013/40/EU}} deals with attacks against information systems.", ""],
        ["eu"],
    ),
    (
        "Basic",
        "Cybercrime",
        ["Tab\tand &amp; ampersand; a\nnewline", "semi;colon &nbsp;space"],
        ["odd text"],
    ),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "collection.anki2"))
        try:
            for notetype_name, deck_name, fields, tags in NOTES:
                notetype = col.models.by_name(notetype_name)
                assert notetype is not None, notetype_name
                deck_id = col.decks.id(deck_name)
                assert deck_id is not None
                note = col.new_note(notetype)
                for i, value in enumerate(fields):
                    note.fields[i] = value
                note.tags = [t.replace(" ", "_") for t in tags]
                col.add_note(note, deck_id)
            out = HERE / "anki_notes_plain_text.txt"
            col.export_note_csv(
                out_path=str(out),
                limit=None,  # the whole collection
                with_html=True,
                with_tags=True,
                with_deck=True,
                with_notetype=True,
                with_guid=True,
            )
        finally:
            col.close()


if __name__ == "__main__":
    main()
