"""Batch recipes: defaults, variants with distinct seeds, stable journal keys, plain errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.cli.exit_codes import UsageError
from studio.cli.recipe import BatchItem, load_recipe

RECIPE = """
out = "sprites"
tool = "pixflux"
size = "64x64"
[set]
outline = "single color black outline"

[[request]]
name = "potion"
description = "a red potion"
variants = 3

[[request]]
description = "Grass Block!"
tool = "isometric-tile"
size = "32x32"
set = { seed = 7 }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recipe.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_requests_take_the_defaults_and_variants_get_their_own_seeds(tmp_path: Path) -> None:
    recipe = load_recipe(write(tmp_path, RECIPE))
    names = [item.name for item in recipe.items]
    assert names == ["potion_1", "potion_2", "potion_3", "grass-block"]
    potions, tile = recipe.items[:3], recipe.items[3]
    assert {item.tool for item in potions} == {"create_image_pixflux"}
    assert all(item.request.outline == "single color black outline" for item in potions)
    assert len({item.request.seed for item in potions}) == 3
    assert tile.tool == "create_isometric_tile" and tile.request.seed == 7
    assert tile.request.image_size.as_tuple() == (32, 32)
    assert all(item.out_dir == tmp_path / "sprites" for item in recipe.items)
    assert len({item.key for item in recipe.items}) == 4
    assert all(item.key.startswith(recipe.prefix) for item in recipe.items)


def test_the_same_recipe_finds_the_same_jobs_and_an_edit_starts_afresh(tmp_path: Path) -> None:
    first = load_recipe(write(tmp_path, RECIPE))
    again = load_recipe(write(tmp_path, RECIPE))
    assert [i.key for i in first.items] == [i.key for i in again.items]
    assert [i.request.seed for i in first.items] == [i.request.seed for i in again.items]
    edited = load_recipe(write(tmp_path, RECIPE.replace("a red potion", "a blue potion")))
    assert edited.prefix != first.prefix


@pytest.mark.parametrize(("text", "message"), [
    ('tool = "pixflux"\n', "has no [[request]] tables"),
    ('[[request]]\ndescription = "x"\nsize = "64x64"\n', "names no tool"),
    ('[[request]]\ntool = "pixflux"\ndescriptoin = "x"\n', "unknown keys ['descriptoin']"),
    ('[[request]]\ntool = "pixflux"\ndescription = "x"\nsize = "64x64"\nvariants = 99\n',
     "variants must be a whole number"),
    ('[[request]]\ntool = "pixflux"\ndescription = "x"\nsize = "8x8"\n', "image_size"),
    ("[[request\n", "is not valid TOML"),
])
def test_bad_recipes_are_refused_with_the_reason(tmp_path: Path, text: str,
                                                 message: str) -> None:
    with pytest.raises(UsageError) as info:
        load_recipe(write(tmp_path, text))
    assert message in str(info.value)


def test_output_names_follow_the_image_labels_when_they_tell_images_apart(
        tmp_path: Path) -> None:
    item = BatchItem("k", "create_tileset", None, tmp_path, "coast")  # type: ignore[arg-type]
    assert item.output_paths([""]) == [tmp_path / "coast.png"]
    assert item.output_paths(["south", "west"]) == [tmp_path / "coast_south.png",
                                                    tmp_path / "coast_west.png"]
    assert item.output_paths(["", ""]) == [tmp_path / "coast_0.png", tmp_path / "coast_1.png"]
