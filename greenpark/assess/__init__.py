"""Assessments a park can file, from a run's result and criteria tables as data.

- :func:`assess_zero_carbon_park` — 零碳园区 (发改环资〔2025〕910号): core indicator at both
  conversions with its size band, the five guiding indicators, the gap and the enterprise
  ranking (:class:`ZeroCarbonAssessment`);
- :func:`assess_green_park` — 绿色园区 (MIIT) indicators (:class:`GreenParkAssessment`);
- :func:`assess_mu_efficiency` — 亩均效益 per enterprise, score and class
  (:class:`MuEfficiencyAssessment`);
- :func:`assess_green_factory` — 绿色工厂 (GB/T 36132-2025, energy/carbon/resources) per
  enterprise (:class:`GreenFactoryAssessment`);
- :func:`rooftop_potential` — new rooftop PV per roof, for the gap's rooftop proposal;
- :func:`green_certificate_overlay` — a ``park.with_changes`` patch adding the green MWh the
  gap needs, to re-run and check.

Tables follow :data:`greenpark.assess.table.ASSESSMENT_COLUMNS`; numbers are full precision
in canonical units; words and formatting are :mod:`greenpark.report.assess`'s.
"""

from greenpark.assess.gap import green_certificate_overlay
from greenpark.assess.green_factory import GreenFactoryAssessment, assess_green_factory
from greenpark.assess.green_park import GreenParkAssessment, assess_green_park
from greenpark.assess.mu_efficiency import MuEfficiencyAssessment, assess_mu_efficiency
from greenpark.assess.roofs import rooftop_potential
from greenpark.assess.zero_carbon import ZeroCarbonAssessment, assess_zero_carbon_park

__all__ = [
    "GreenFactoryAssessment",
    "GreenParkAssessment",
    "MuEfficiencyAssessment",
    "ZeroCarbonAssessment",
    "assess_green_factory",
    "assess_green_park",
    "assess_mu_efficiency",
    "assess_zero_carbon_park",
    "green_certificate_overlay",
    "rooftop_potential",
]
