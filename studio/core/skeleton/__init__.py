"""Skeletons: the 18-keypoint Pose, pose sequences and edits, and skeleton request building.

May import: ``studio.api``, ``studio.core.document``, ``studio.core.fileio``."""
