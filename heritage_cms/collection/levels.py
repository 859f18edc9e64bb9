"""The levels of detail of a 3D model the visitor side picks from, named once.

``assets_pipeline`` names the levels it makes (``VOYAGER_LODS``: thumb, low, high, highest); it is
not imported here because its package loads the mesh libraries the web process does without, and
a test keeps the two in step. Phones, slow or metered connections and offline visitors get the
small level, desktops the large one: ``frontend/src/model-3d.js`` decides, reading both names
from the relic page, and the offline tour pack stores the small one so the viewer finds it.
"""

ALL_LEVELS = ("thumb", "low", "high", "highest")
SMALL_LEVELS = ("low", "thumb")  # the first one the pipeline made
LARGE_LEVEL = "high"


def small_level(derivatives: dict[str, str]) -> str:
    """The small level among a model's stored files (``""`` when it has none)."""
    return next((name for name in SMALL_LEVELS if name in derivatives), "")
