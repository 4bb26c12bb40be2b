"""Flet views and their view-models. View-models are plain Python (tested without Flet); views
only lay out controls and call services. Blocking work runs off the event loop."""
