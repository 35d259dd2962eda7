"""Deterministic numpy algorithms behind the offline engine (no HTTP, no Qt).

Every function takes and returns ``uint8`` RGBA arrays of shape ``(H, W, 4)`` with straight alpha.
"""
