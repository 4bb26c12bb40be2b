"""Entry module for `flet build` (Flet runs it as ``__main__`` on the phone): the field app with
its default options. On a phone Flet ignores the web view, host and port, and supplies the
data and assets directories itself. Desktop and tests use ``python -m fieldapp``."""

from fieldapp.__main__ import main

if __name__ == "__main__":
    main([])
