"""Skeleton editor: canvas overlay and joint tool, pose timeline, panel, export dialog."""
