"""Pixel Studio: a desktop pixel-art studio for the PixelLab generative API."""

__version__ = "0.1.0"
