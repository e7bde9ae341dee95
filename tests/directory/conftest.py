from __future__ import annotations

import pytest

from tests.directory.factories import ShelterWorld, build_shelter_world


@pytest.fixture
def shelter_world(personas) -> ShelterWorld:
    return build_shelter_world(personas)
