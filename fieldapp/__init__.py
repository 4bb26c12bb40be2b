"""Veldwerk field app: offline-first recording of visits, wellbeing and money-problem signals.

Layers (enforced by the import-linter contracts in pyproject.toml):
``domain`` (pure models and rules) <- ``services`` (use cases) <- ``ui``; ``storage`` and
``sync`` implement ports declared in the domain; ``app`` is the composition root.
"""
