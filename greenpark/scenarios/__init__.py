"""What-if scenarios on a park: scenario files turned into one overlay
(:mod:`greenpark.scenarios.scenario`), runs through :func:`greenpark.run`
(:mod:`greenpark.scenarios.runner`), money (:mod:`greenpark.scenarios.economics`,
:mod:`greenpark.scenarios.appraisal`) and comparisons (:mod:`greenpark.scenarios.compare`)."""
