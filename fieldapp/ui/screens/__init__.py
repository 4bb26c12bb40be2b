"""Screen controllers: each takes what a person did on a screen to the services and shows the
next screen through the :class:`~fieldapp.ui.screens.shell.Shell`, never the whole session."""
