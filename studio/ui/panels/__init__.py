"""Dock panels: one module per panel; collaborators are injected by the main window."""
