"""Whether Generate asks first: the expected cost against the Settings threshold."""

from __future__ import annotations

from PIL import Image

from studio.api.models import AnimateWithTextV3Request, GenerateImageV2Request
from studio.core.jobs.spending import cost_before_sending, needs_confirmation


def test_asks_only_above_a_set_threshold() -> None:
    pro = GenerateImageV2Request(description="castle", image_size=(512, 512))
    assert needs_confirmation(pro, 0.0) is None  # 0: never ask
    assert needs_confirmation(pro, 0.2) is None
    asked = needs_confirmation(pro, 0.1)
    assert asked is not None and asked.usd == 0.185
    cheap = AnimateWithTextV3Request(first_frame=Image.new("RGBA", (32, 32)), action="a",
                                     frame_count=4)
    assert needs_confirmation(cheap, 0.02).usd == 0.0221
    assert needs_confirmation(cheap, 0.05) is None


def test_unknown_cost_does_not_ask() -> None:
    assert cost_before_sending(object()) is None
    assert needs_confirmation(object(), 0.01) is None
