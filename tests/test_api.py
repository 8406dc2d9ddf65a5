"""The package's top as a notebook meets it: what `import forcegen` offers."""

from __future__ import annotations

import forcegen


def test_the_package_offers_its_entry_points_not_its_own_imports() -> None:
    """A notebook's `forcegen.<Tab>` offered `Any`, `TYPE_CHECKING`, `annotations` and
    `import_module` beside the entry points."""
    offered = {name for name in dir(forcegen) if not name.startswith("_")}
    assert set(forcegen.__all__) <= offered
    assert not offered & {"Any", "TYPE_CHECKING", "annotations", "import_module"}
    # Each name offered is there (a module only once imported, as Python's own packages).
    assert all(getattr(forcegen, name) is not None for name in offered)
    assert "__version__" in dir(forcegen)
