"""The app's screens. Exam, practice and stats screens live in their owners' modules here."""
