"""Assessments a park can file, from a run's result and criteria tables as data.

- :func:`assess_zero_carbon_park` — 零碳园区 (发改环资〔2025〕910号): core indicator at both
  conversions with its size band, the five guiding indicators, the gap and the enterprise
  ranking (:class:`ZeroCarbonAssessment`);
- :func:`rooftop_potential` — new rooftop PV per roof, for the gap's rooftop proposal;
- :func:`green_certificate_overlay` — a ``park.with_changes`` patch adding the green MWh the
  gap needs, to re-run and check.

Tables follow :data:`greenpark.assess.table.ASSESSMENT_COLUMNS`; numbers are full precision
in canonical units; words and formatting are :mod:`greenpark.report.assess`'s.
"""

from greenpark.assess.gap import green_certificate_overlay
from greenpark.assess.roofs import rooftop_potential
from greenpark.assess.zero_carbon import ZeroCarbonAssessment, assess_zero_carbon_park

__all__ = [
    "ZeroCarbonAssessment",
    "assess_zero_carbon_park",
    "green_certificate_overlay",
    "rooftop_potential",
]
