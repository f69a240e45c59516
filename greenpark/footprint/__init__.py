"""Electricity factors of one enterprise for product carbon footprints, and their formats.

:func:`greenpark.footprint.electricity.enterprise_factor_table` turns a
:class:`greenpark.run_result.RunResult` into a table of electricity factors per enterprise
(the year and each month), every row labelled with its basis; :mod:`greenpark.footprint.pact`
writes one as a PACT v3 ProductFootprint.
"""
