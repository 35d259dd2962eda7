"""Colour control and clean-up in the window: the Reduce colours dialog, the clean-up dialogs
(unzoom, background, outline, orphan pixels) and the Colors menu that opens them."""
