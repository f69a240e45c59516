"""The least-cost way to a park target (issue 15): an LP over the accounting year built with
linopy and solved by HiGHS (:mod:`greenpark.optimize.model`), on a park-level basis read from
a base run and the roofs' PV potential (:mod:`greenpark.optimize.basis`); the plan written as
a scenario file and proved by re-running it (:mod:`greenpark.optimize.plan`,
:mod:`greenpark.optimize.proof`)."""
