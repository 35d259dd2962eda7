"""Frame tags: named, inclusive frame ranges with a playback direction (Aseprite's tags).

``Document.tags`` holds them; ``.pxstudio`` saves them and the Aseprite JSON exporter writes them
as ``meta.frameTags``. When frames are inserted or deleted, :func:`tags_after_insert` and
:func:`tags_after_delete` keep each range on the frames it covered; moving a frame keeps the
ranges where they are (as Aseprite does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

DIRECTIONS = ("forward", "reverse", "pingpong", "pingpong_reverse")
MAX_TAG_NAME = 200


@dataclass(frozen=True)
class FrameTag:
    """Frames ``start`` .. ``end`` (0-based, both inclusive) played in ``direction``."""

    name: str
    start: int  # Aseprite's "from"
    end: int  # Aseprite's "to"
    direction: str = "forward"
    repeat: int = 0  # 0 = loop forever

    @property
    def frame_count(self) -> int:
        return self.end - self.start + 1

    def contains(self, frame: int) -> bool:
        return self.start <= frame <= self.end


def tag_problem(tag: FrameTag, frame_count: int) -> str | None:
    """A plain sentence saying what is wrong with ``tag`` in a document of ``frame_count``
    frames, or None when it is fine."""
    if not tag.name.strip():
        return "A frame tag needs a name."
    if len(tag.name) > MAX_TAG_NAME:
        return f"The tag name is longer than {MAX_TAG_NAME} characters."
    if not 0 <= tag.start <= tag.end < frame_count:
        return (f"Tag {tag.name!r} covers frames {tag.start + 1}..{tag.end + 1}, but the "
                f"document has frames 1..{frame_count}.")
    if tag.direction not in DIRECTIONS:
        return f"Tag {tag.name!r} must play {', '.join(DIRECTIONS)}; got {tag.direction!r}."
    if tag.repeat < 0:
        return f"Tag {tag.name!r} cannot repeat a negative number of times."
    return None


def check_tags(tags: Sequence[FrameTag], frame_count: int) -> None:
    """Raise ValueError with a plain sentence for the first bad tag or a repeated name."""
    seen: set[str] = set()
    for tag in tags:
        problem = tag_problem(tag, frame_count)
        if problem:
            raise ValueError(problem)
        if tag.name in seen:
            raise ValueError(f"Two tags are called {tag.name!r}; give each a different name.")
        seen.add(tag.name)


def find_tag(tags: Sequence[FrameTag], name: str) -> FrameTag | None:
    return next((t for t in tags if t.name == name), None)


def tag_at(tags: Sequence[FrameTag], frame: int) -> FrameTag | None:
    """The innermost (shortest) tag covering ``frame``."""
    covering = [t for t in tags if t.contains(frame)]
    return min(covering, key=lambda t: t.frame_count, default=None)


def playback_order(tag: FrameTag) -> list[int]:
    """The frame indices of one loop of ``tag`` (ping-pong does not repeat its ends)."""
    forward = list(range(tag.start, tag.end + 1))
    if tag.direction == "forward":
        return forward
    if tag.direction == "reverse":
        return forward[::-1]
    if tag.direction == "pingpong_reverse":
        forward = forward[::-1]
    return forward + forward[-2:0:-1]


def tags_after_insert(tags: Sequence[FrameTag], index: int) -> list[FrameTag]:
    """Tags after a frame was inserted at ``index``: a tag grows when it is inserted inside it."""
    out = []
    for t in tags:
        start = t.start + 1 if index <= t.start else t.start
        end = t.end + 1 if index <= t.end else t.end
        out.append(replace(t, start=start, end=end))
    return out


def tags_after_delete(tags: Sequence[FrameTag], index: int) -> list[FrameTag]:
    """Tags after frame ``index`` was deleted; a tag covering only that frame disappears."""
    out = []
    for t in tags:
        if t.start == t.end == index:
            continue
        start = t.start - 1 if index < t.start else t.start
        end = t.end - 1 if index <= t.end else t.end
        out.append(replace(t, start=start, end=end))
    return out
