"""排放因子与折标系数表 / factor tables: emission factors, coal equivalents, heating values, criteria."""
