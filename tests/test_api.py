"""The package's top as a notebook meets it: what `import forcegen` offers."""

from __future__ import annotations

import forcegen
import forcegen.sweep


def test_the_package_offers_its_entry_points_not_its_own_imports() -> None:
    """A notebook's `forcegen.<Tab>` offered `Any`, `TYPE_CHECKING`, `annotations` and
    `import_module` beside the entry points."""
    offered = {name for name in dir(forcegen) if not name.startswith("_")}
    assert set(forcegen.__all__) <= offered
    assert not offered & {"Any", "TYPE_CHECKING", "annotations", "import_module"}
    # Each name offered is there (a module only once imported, as Python's own packages).
    assert all(getattr(forcegen, name) is not None for name in offered)
    assert "__version__" in dir(forcegen)
    # forcegen.sweep, as notebook 02 meets it, offered the same imports of its own.
    offered = {name for name in dir(forcegen.sweep) if not name.startswith("_")}
    assert set(forcegen.sweep.__all__) <= offered
    assert not offered & {"Any", "TYPE_CHECKING", "annotations", "import_module"}
    assert all(getattr(forcegen.sweep, name) is not None for name in offered)


def test_a_table_given_in_python_is_named_as_given_in_every_message() -> None:
    """tiny's units all given the nation ZZZ, at labels a to d: the message named its four
    rows by a file's numbers, `(2..5)`, beside `index a` for the first; demand given empty,
    each region's warning named `demand.csv`, a file the notebook never had."""
    import pandas as pd
    import pytest

    from forcegen.scenario.problems import ScenarioWarning
    from tests.conftest import TINY

    tiny = forcegen.load_scenario(TINY)
    units = tiny.table("units").assign(nation="ZZZ").set_axis(list("abcd"))
    with pytest.raises(forcegen.ScenarioError) as caught:
        tiny.with_table("units", units)
    [unknown] = [p for p in caught.value.problems if p.rule == "unknown-nation"]
    assert str(unknown) == (
        "the units table given, index a, column nation: [unknown-nation] no nation 'ZZZ' is "
        "defined; 4 rows use it (index a..d) (value 'ZZZ')"
    )
    with pytest.warns(ScenarioWarning) as said:
        tiny.with_table("demand", pd.DataFrame(columns=tiny.table("demand").columns))
    assert [str(w.message).split(": ", 1)[1] for w in said] == [
        f"[region-without-demand] no demand for {region} in the horizon (the demand table "
        "given): no one is needed there, and the plan hands it over as soon as the handover "
        f"rule allows, counted among the regions handed over (value '{region}')"
        for region in ("north", "south")
    ]
