"""``python -m cyberquiz``."""

from cyberquiz.cli import main

if __name__ == "__main__":
    main()
