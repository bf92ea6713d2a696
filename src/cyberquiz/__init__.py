"""cyberquiz: a terminal quiz and flashcard app. Importing it is cheap: nothing runs here."""

__version__ = "0.1.0"
