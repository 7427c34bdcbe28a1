"""What the service does at start-up and shutdown."""

import gc

from {{ cookiecutter.package_name }}.main import GC_YOUNG_THRESHOLD, app, lifespan


async def test_start_up_freezes_what_it_built_and_relaxes_the_collector() -> None:
    threshold = gc.get_threshold()
    try:
        async with lifespan(app):
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
