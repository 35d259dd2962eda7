"""The Characters panel (issue 9): create, animate, browse, export and import characters."""

from studio.ui.characters.characters_panel import CharactersPanel

__all__ = ["CharactersPanel"]
