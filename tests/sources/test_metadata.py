"""Reading Open SDG metadata files (real ones from three platforms, and hostile ones)."""

from __future__ import annotations

import pytest

from app.sources.metadata import MAX_METADATA_BYTES, read_metadata
from app.tabular import FileRejected
from tests.support.sources import DATA


def test_usa_metadata_with_a_bom_and_its_own_field_names(ctx):
    meta = read_metadata((DATA / "usa-meta-8-1-1.yml").read_bytes())
    assert meta.title == "Annual growth rate of real GDP per capita"
    assert meta.unit == "Percentage change"
    assert meta.source.startswith("Selected Per Capita Product and Income Series")


def test_canada_progress_settings_give_direction_and_target(ctx):
    meta = read_metadata((DATA / "canada-indicator-config-16-7-2.yml").read_bytes())
    assert meta.direction == "increase"
    assert meta.target_value == 100.0
    assert meta.unit == "Percentage (%)"


def test_canada_long_definitions_and_the_indicator_prefix(ctx):
    meta = read_metadata((DATA / "canada-meta-6-6-1.yml").read_bytes())
    assert meta.title == "Change in the extent of water-related ecosystems over time"
    assert meta.definition.startswith("SDG indicator 6.6.1 tracks")
    assert "Target 6.6" in meta.national_target


def test_translation_keys_are_not_taken_as_text(ctx):
    meta = read_metadata((DATA / "kazakhstan-meta-10-1-1.yml").read_bytes())
    assert meta.definition == ""
    assert "computation_definitions" not in meta.title


def test_front_matter_of_a_markdown_file(ctx):
    text = "---\ntitle: Children in preschool\nunit: '%'\nnational_target: All by 2030\n---\nBody\n"
    meta = read_metadata(text.encode())
    assert (meta.title, meta.unit, meta.national_target) == (
        "Children in preschool",
        "%",
        "All by 2030",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a: [1, 2]\nb: *x\n", "not valid YAML"),
        (
            b"lol: &a ['x']\nlol2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"lol3: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
            "anchors and aliases (&, *) are not",
        ),
        (b"title: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
        (b"- a\n- b\n", "must hold fields"),
        (b"title: [unclosed\n", "not valid YAML (line"),
        (b"---\ntitle: x\n", "no closing --- line"),
        (b"title: \xff\xfe\n", "not UTF-8"),
        (b"title: x\n" + b"#" * MAX_METADATA_BYTES, "larger than 256 kB"),
        (b"[" * 20000, "not valid YAML"),
    ],
    ids=[
        "anchor",
        "billion-laughs",
        "python-object",
        "list",
        "broken",
        "front-matter-open",
        "not-utf8",
        "oversized",
        "deep",
    ],
)
def test_hostile_or_broken_metadata_is_refused_clearly(ctx, content, message):
    with pytest.raises(FileRejected) as caught:
        read_metadata(content)
    assert message in caught.value.message
