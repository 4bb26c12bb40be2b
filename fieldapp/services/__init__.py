"""Use cases of the field app: what a screen asks for, in domain terms, with no UI and no IO
of its own (the repository port does the IO)."""
