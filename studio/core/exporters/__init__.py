"""Exporters for games and tools: Aseprite JSON sheets, GIF/APNG, Tiled, Godot and plain JSON."""
