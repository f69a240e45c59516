"""The words of every message: code → (Chinese, English) templates, and their phrases.

Read by :func:`greenpark.report.messages.render` (field forms explained there). Parameters
carry their unit in their name; the number format is chosen here, once. A test renders
every code in both languages with the parameters each ``Message(...)`` in the package is
built with.
"""

from __future__ import annotations

Template = tuple[str, str]

_SERIES = "{enterprise} {carrier}{use:parts}"

TEMPLATES: dict[str, Template] = {
    # --- park file ------------------------------------------------------------------------
    "certificates_claimed_other_year": (
        "绿证 {batch_id} 的 claim_year 为 {claim_year}，不计入 {year} 年核算",
        "certificate batch {batch_id} is claimed for {claim_year}, not counted in {year}",
    ),
    "override_confirmed": (
        "因子覆盖 {factor_id} = {value:g} {unit} 已由用户确认：{reason}",
        "override {factor_id} = {value:g} {unit} confirmed by the user: {reason}",
    ),
    "readings_confirmed": (
        "{file} {rows:parts} 的读数已由用户确认：{reason}",
        "readings of {file} {rows:parts} confirmed by the user: {reason}",
    ),
    # --- meter data -----------------------------------------------------------------------
    "file_encoding": (
        "{file} 不是 UTF-8 文本，已按 {encoding}（GBK 的超集）读取",
        "{file} is not UTF-8 text; read as {encoding} (a superset of GBK)",
    ),
    "files_encoding": (
        "{count:d} 个文件不是 UTF-8 文本，已按 {encoding}（GBK 的超集）读取：{files}",
        "{count:d} files are not UTF-8 text; read as {encoding} (a superset of GBK): {files}",
    ),
    "rows_outside_year": (
        "{file}: {rows} 行不在会计年度 {year} 内，已忽略（{first} 至 {last}）",
        "{file}: {rows} rows outside the accounting year {year} ignored ({first} to {last})",
    ),
    "quarter_hours_incomplete": (
        "{file}: {enterprise} {carrier} 有 {hours} 个小时不足 4 个15分钟读数，按缺口处理"
        "（首个 {first}）",
        "{file}: {hours} hours of {enterprise} {carrier} have fewer than 4 quarter-hour "
        "readings and are left as gaps (first {first})",
    ),
    "monthly_electricity_shaped": (
        _SERIES + "（{files}）：只有月度电量，{hours:.0f} 个小时按负荷曲线分配并标记为模拟值"
        "（月度总量保持不变）",
        _SERIES + " ({files}): monthly electricity only; {hours:.0f} h shaped by the load "
        "profile and flagged as modelled (monthly totals kept exactly)",
    ),
    "months_completed": (
        _SERIES + "（{files}）：{year} 年 {steps:parts}；这些小时{spread:parts}，标记为模拟值",
        _SERIES + " ({files}), {year}: {steps:parts}; these hours are {spread:parts} and "
        "flagged as modelled",
    ),
    "bill_disagrees_with_meters": (
        _SERIES + " {year}-{month:02d}：逐时数据之和 {metered:.6g} {unit}（{hourly_files}）"
        "与月度账单 {billed:.6g} {unit}（{monthly_files}）相差 {deviation_fraction:.1%}，"
        "超过 {tolerance_fraction:.0%}；采用逐时数据，请核对（漏读、单位或变损）",
        _SERIES + " {year}-{month:02d}: the metered hours sum to {metered:.6g} {unit} "
        "({hourly_files}) but the monthly bill says {billed:.6g} {unit} ({monthly_files}), "
        "{deviation_fraction:.1%} apart, more than {tolerance_fraction:.0%}; the metered hours "
        "are used, check them (missing readings, units, transformer losses)",
    ),
    # --- weather --------------------------------------------------------------------------
    "weather_no_wind": (
        "{file}: 无 wind_speed 列，按 0 m/s 计（pvlib 缺省值，组件温度偏保守）",
        "{file}: no wind_speed column; 0 m/s assumed (pvlib's default; conservative cell "
        "temperature)",
    ),
    "pvgis_time_offset": (
        "{file}: PVGIS 辐照时间偏移 {offset_h:.2f} 小时；行按 UTC 小时区间起点计（太阳取 HH:30）",
        "{file}: PVGIS irradiance time offset {offset_h:.2f} h; rows are taken as intervals "
        "starting at their UTC stamp (sun at HH:30)",
    ),
    "weather_hours_filled": (
        "{file}: 缺 {hours} 个小时的数据，已补齐（≤{interpolate_max_h} 小时的缺口线性插值，"
        "更长的缺口取相邻日同一小时）",
        "{file}: {hours} missing hours filled (gaps up to {interpolate_max_h} h interpolated, "
        "longer gaps copied from the same hour of the nearest day)",
    ),
    "weather_above_clearsky": (
        "{file}: {hours} 个小时（共 {daylight_hours} 个白天小时）的 GHI 比晴空模型（Ineichen）"
        "高出 10% 以上，请核对时间戳和单位",
        "{file}: GHI is more than 10% above clear-sky GHI (Ineichen) in {hours} of "
        "{daylight_hours} daylight hours; check time stamps and units",
    ),
    "weather_closure": (
        "{file}: DNI·cosZ + DHI 的全年合计与 GHI 相差 {mismatch_fraction:+.1%}；"
        "可加 --resplit erbs（或 dirint）保持 GHI 重新分解直射与散射",
        "{file}: DNI·cosZ + DHI differs from GHI by {mismatch_fraction:+.1%} over the year; "
        "add --resplit erbs (or dirint) to re-split GHI into DNI and DHI, keeping GHI",
    ),
    "weather_lags_sun": (
        "{file}: 辐照数据相对太阳位置滞后约 {lag_h:+.2f} 小时（GHI 与晴空辐照互相关），"
        "请核对时间戳约定（中国典型年文件常见此问题）；逐时匹配时可加 "
        "--weather-shift auto 校正",
        "{file}: irradiance lags the sun by about {lag_h:+.2f} h (GHI cross-correlated with "
        "clear-sky GHI); check the time-stamp convention (common in Chinese typical years); "
        "add --weather-shift auto to correct it for hourly work",
    ),
    "weather_far_from_park": (
        "{file}: 气象数据地点距园区 {distance_km:.0f} km（超过 {max_distance_km:.0f} km），"
        "气候可能不同",
        "{file}: weather data location is {distance_km:.0f} km from the park (more than "
        "{max_distance_km:.0f} km); the climate may differ",
    ),
    "weather_resplit": (
        "DNI 与 DHI 由 GHI 经 {model} 分解模型得到",
        "DNI and DHI split from GHI with the {model} model",
    ),
    "weather_lag_found_and_removed": (
        "检测到辐照数据滞后太阳约 {lag_h:+.2f} 小时（GHI 与晴空辐照互相关），"
        "辐照（GHI、DNI、DHI）整体{direction:parts} {minutes} 分钟；气温与风速不变",
        "irradiance found lagging the sun by {lag_h:+.2f} h (GHI cross-correlated with "
        "clear-sky GHI): irradiance (GHI, DNI, DHI) moved {minutes} min {direction:parts}; "
        "temperature and wind kept",
    ),
    "weather_shifted": (
        "按 --weather-shift，辐照（GHI、DNI、DHI）整体{direction:parts} {minutes} 分钟；"
        "气温与风速不变",
        "as --weather-shift asks, irradiance (GHI, DNI, DHI) moved {minutes} min "
        "{direction:parts}; temperature and wind kept",
    ),
    "weather_no_lag_found": (
        "未检测到辐照相对太阳的滞后，辐照时间未调整",
        "no lag of irradiance behind the sun found; irradiance left as it is",
    ),
    "weather_shift_zero": (
        "--weather-shift 为 0，辐照时间未调整",
        "--weather-shift is 0; irradiance kept",
    ),
    "default_weather": (
        "未提供气象文件，使用合成典型年：月晴空指数由最近的 {neighbours} 个 CSWD 典型年站"
        "（全国 {stations} 站）按距离平方反比插值，气温按 {lapse_c_per_km:.1f} °C/km 作海拔修正；"
        "如有实测或典型年文件请提供",
        "no weather file given: using a synthetic typical year; the monthly clearness index "
        "is interpolated by inverse distance squared from the {neighbours} nearest of "
        "{stations} CSWD typical-year stations, temperature corrected for altitude at "
        "{lapse_c_per_km:.1f} °C/km; supply a measured or typical-year file if you have one",
    ),
    "default_weather_error": (
        "最近的气候站 {station_zh} 距园区 {distance_km:.0f} km；按全国留一法验证，最近站在此距离时，"
        "合成年的年发电量误差中位数约 {median_error_fraction:.0%}，90% 的站点在 "
        "{p90_error_fraction:.0%} 以内",
        "the nearest climatology station, {station_en}, is {distance_km:.0f} km away; at that "
        "distance the national leave-one-out validation puts the annual PV yield error of the "
        "synthetic year at about {median_error_fraction:.0%} (median), within "
        "{p90_error_fraction:.0%} for 90% of stations",
    ),
    # --- rooftop PV -----------------------------------------------------------------------
    "pv_commissioned_after_year": (
        "屋顶 {roof_id} 的光伏于 {commissioned_year} 年投运，晚于核算年 {year}，未计入",
        "roof {roof_id}: PV commissioned in {commissioned_year}, after {year}; not counted",
    ),
    "roofs_without_pv": (
        "{roofs} 个屋顶尚无光伏；用 --potential 查看可装潜力",
        "{roofs} roofs have no PV yet; see --potential for what they could host",
    ),
    # --- green-power contracts and certificates -------------------------------------------
    "contract_wind_flat": (
        "合同 {contract_id}：气象数据无可用风速，按平均曲线交付",
        "contract {contract_id}: the weather has no usable wind, delivered flat",
    ),
    "contract_months_modelled": (
        "合同 {contract_id}：未提供逐月结算电量（绿电消费凭证），年度电量按交付曲线分到各月，"
        "月度电量为模拟值",
        "contract {contract_id}: no settled monthly volumes (green-consumption vouchers); the "
        "annual volume is spread over the months by its shape (modelled months)",
    ),
    "contract_unbundled": (
        "合同 {contract_id} 未捆绑绿证，其电量不计为绿电（绿证是唯一证明，1044号）",
        "contract {contract_id} has no bundled certificates; its energy is not claimed as "
        "green (the GEC is the sole proof, 1044号)",
    ),
    "contract_surplus_unattributed": (
        "合同 {contract_id}：{energy_mwh:,.3f} MWh 超出买方同期购电量，未归属",
        "contract {contract_id}: {energy_mwh:,.3f} MWh delivered beyond the buyer's purchased "
        "electricity in the same period is unattributed",
    ),
    "certificates_other_vintage_excluded": (
        "绿证 {batch_id}：{energy_mwh:,.0f} MWh 生产于 {production}，不是 {year} 年，按 "
        "same_year 规则不计入（1258号：当年度绿证）；按 validity_2y 规则可计入",
        "certificates {batch_id}: {energy_mwh:,.0f} MWh produced {production}, not in {year}, "
        "do not count under the same_year rule (1258号: current-year certificates); they "
        "would under validity_2y",
    ),
    "certificates_vintage_gap": (
        "绿证 {batch_id}：{energy_mwh:,.0f} MWh 生产于 {production}，按 validity_2y 规则计入 "
        "{year} 年（温室气体核算体系口径，年份不一致；不符合当年度绿证要求）",
        "certificates {batch_id}: {energy_mwh:,.0f} MWh produced {production} are claimed for "
        "{year} under validity_2y (GHG Protocol vintage gap; not current-year certificates as "
        "1258号 and the NEA 2026 rules count)",
    ),
    "certificates_unclaimed": (
        "绿证 {batch_ids}：{energy_mwh:,.3f} MWh 超出{enterprise}扣除自发自用光伏与绿电交易后的"
        "剩余购电，未计入（仍为持有状态）",
        "certificates {batch_ids}: {energy_mwh:,.3f} MWh exceed what {enterprise} has left of "
        "its purchase after its own PV and green-power contracts, and are not claimed (they "
        "stay held)",
    ),
    "park_certificates_unclaimed": (
        "绿证 {batch_ids}：{energy_mwh:,.3f} MWh 超出园区扣除自发自用光伏与绿电交易后的"
        "剩余购电，未计入（仍为持有状态）",
        "certificates {batch_ids}: {energy_mwh:,.3f} MWh exceed what park has left of its "
        "purchase after its own PV and green-power contracts, and are not claimed (they stay "
        "held)",
    ),
    "certificates_other_year": (
        "绿证 {batch_id} 申领年份 {claim_year} ≠ 核算年份 {year}，本年不计",
        "certificates {batch_id} are claimed for {claim_year}, not {year}; skipped",
    ),
    "export_certificates_held": (
        "{enterprise}：余电上网对应的绿证 {energy_mwh:,.3f} MWh 超出本企业剩余购电，持有未申领",
        "{enterprise}: {energy_mwh:,.3f} MWh of certificates of its exported PV exceed its "
        "purchased electricity left; held, not claimed",
    ),
    # --- factors --------------------------------------------------------------------------
    "factor_suspect": (
        "{factor_id} 在因子表中标记为可疑（来源本身的数值存疑）：{note}",
        "{factor_id} is marked suspect in its table (the source's value is doubtful): {note}",
    ),
    "factor_year_chosen": (
        "按 {factor_year} 年公布的排放因子核算（park.factor_year），核算年度为 {year}",
        "factors published for {factor_year} are used (park.factor_year); the accounting year "
        "is {year}",
    ),
    "factor_outside_window": (
        "{factor_id} 的适用期为 {window}，不含核算年度 {year}",
        "{factor_id} applies {window}, not to the accounting year {year}",
    ),
    "factor_fallback": (
        "{quantity}：请求 {asked_zh} {year} 年，使用 {factor_id}（{used_zh}{used_year:parts}，"
        "{value:g} {unit}）：{reasons:parts}",
        "{quantity}: asked for {asked_en} {year}, used {factor_id} ({used_en}{used_year:parts}, "
        "{value:g} {unit}): {reasons:parts}",
    ),
    "heating_value_disagreement": (
        "{carrier}：范围一与折标统一使用低位发热量 {used_mj_per_unit:.5g} MJ/{unit} = "
        "{used_kgce_per_unit:.4f} kgce/{unit}（{used_factor_id}）；{other_factor_id} 为 "
        "{other_mj_per_unit:.5g} MJ/{unit} = {other_kgce_per_unit:.4f} kgce/{unit}，相差 "
        "{change_fraction:+.1%}，未采用（可用 --heating-value {switch} 改选，或在 "
        "enterprises[].fuel_ncv 给出实测值）",
        "{carrier}: Scope 1 and standard coal both use the heating value {used_mj_per_unit:.5g} "
        "MJ/{unit} = {used_kgce_per_unit:.4f} kgce/{unit} ({used_factor_id}); {other_factor_id} "
        "gives {other_mj_per_unit:.5g} MJ/{unit} = {other_kgce_per_unit:.4f} kgce/{unit}, "
        "{change_fraction:+.1%} apart, not used (choose with --heating-value {switch}, or give "
        "a measured value under enterprises[].fuel_ncv)",
    ),
    "use_adjusted": (
        "用能调整 {adjustment_id}（{carrier}）：用电变化 {electricity_change_kwh:,.0f} kWh，"
        "燃料变化 {fuel_change_gj:,.1f} GJ（模型值，计量数据不变）",
        "adjustment {adjustment_id} ({carrier}): electricity {electricity_change_kwh:,.0f} kWh, "
        "fuel {fuel_change_gj:,.1f} GJ (modelled; the meter data are unchanged)",
    ),
    "planned_use": (
        "企业 {enterprise} 没有计量数据，采用计划用量（{planned_basis:parts}）：用电 "
        "{electricity_kwh:,.0f} kWh，逐时形状取自 {profile}{fuel_note:parts}；这些是计划值，"
        "不是实测值（覆盖率表中记为 planned）",
        "enterprise {enterprise} has no meter data; its planned use is counted "
        "({planned_basis:parts}): electricity {electricity_kwh:,.0f} kWh shaped by {profile}"
        "{fuel_note:parts}; these figures are planned, not measured (planned in the coverage "
        "table)",
    ),
    "heating_value_fallback": (
        "{carrier}：{basis:parts}中没有其低位发热量，范围一与折标使用 {used_factor_id} 的 "
        "{used_mj_per_unit:.5g} MJ/{unit} = {used_kgce_per_unit:.4f} kgce/{unit}",
        "{carrier}: {basis:parts} has no heating value for it; Scope 1 and standard coal use "
        "{used_mj_per_unit:.5g} MJ/{unit} = {used_kgce_per_unit:.4f} kgce/{unit} from "
        "{used_factor_id}",
    ),
    # --- emissions ------------------------------------------------------------------------
    "market_below_location_without_instruments": (
        "没有任何绿电凭证的企业 {enterprise_ids} 基于市场的范围二低于基于位置的值：市场法按全国"
        "“不含市场化交易非化石能源电量”因子 {residual_kg_per_kwh:g} kg/kWh（全国剩余组合的替代值），"
        "位置法按省级平均因子 {location_kg_per_kwh:g} kg/kWh，两者不可比；另见中国清单口径"
        "（GB/T 32150/32151）",
        "market-based Scope 2 is below location-based for enterprises holding no green "
        "instruments ({enterprise_ids}): market-based uses the national factor excluding "
        "market-traded non-fossil power, {residual_kg_per_kwh:g} kg/kWh (a national residual "
        "proxy), location-based the provincial average, {location_kg_per_kwh:g} kg/kWh; the "
        "two are not comparable; see also the China inventory basis (GB/T 32150/32151)",
    ),
}

#: phrases a template names with ``{field:parts}``: field → code → (Chinese, English)
FRAGMENTS: dict[str, dict[str, Template]] = {
    "use": {"feedstock": ("（原料）", " (feedstock)")},
    "rows": {
        "one_row": ("第 {first_row} 行", "row {first_row}"),
        "all_rows": ("全部行", "all rows"),
        "row_range": ("第 {first_row}–{last_row} 行", "rows {first_row}-{last_row}"),
    },
    "steps": {
        "billed": (
            "{billed_months} 月的 {billed_hours:.0f} 个缺测小时按月度账单补齐",
            "month(s) {billed_months}: {billed_hours:.0f} h completed from monthly bills",
        ),
        "imputed": (
            "{imputed_months} 月缺测 {imputed_hours:.0f} 小时且无账单，按当月实测小时的水平插补",
            "month(s) {imputed_months}: {imputed_hours:.0f} h missing without a bill, imputed "
            "at the level of the month's metered hours",
        ),
        "extrapolated": (
            "{extrapolated_months} 月（{extrapolated_hours:.0f} 小时）既无读数也无账单，"
            "按已知月份的水平外推",
            "month(s) {extrapolated_months} ({extrapolated_hours:.0f} h) have neither readings "
            "nor a bill, extrapolated at the level of the known months",
        ),
        "known_share": (
            "已知月份占全年 {known_fraction:.1%}（--allow-gaps）",
            "the known months cover {known_fraction:.1%} of the year (--allow-gaps)",
        ),
    },
    "spread": {
        "load_profile": ("按负荷曲线分配", "shaped by the load profile"),
        "evenly": ("按时长均摊", "spread evenly over time"),
    },
    "planned_basis": {
        "annual": ("年度计划量", "annual planned quantities"),
        "output_value": (
            "按 profile 企业的单位产值用能 × 本企业产值",
            "use per output value of the profile enterprises × its output value",
        ),
    },
    "fuel_note": {"fuels": ("，燃料 {fuels}", ", fuels {fuels}")},
    "direction": {"earlier": ("提前", "earlier"), "later": ("推后", "later")},
    "used_year": {"year": (" {factor_year} 年", " {factor_year}")},
    "reasons": {
        "window_ignored": (
            "没有适用于 {year} 年的因子，使用适用期为 {window} 的 {factor_id}",
            "no factor applies to {year}; used {factor_id}, applicable {window}",
        ),
        "region_unknown": (
            "未知的省份或区域 {asked!r}{hint:parts}，改用{used_zh}值",
            "unknown province or region {asked!r}{hint:parts}, used the {used_en} value",
        ),
        "region_national": (
            "{asked_zh}无可用值，改用全国值",
            "no value for {asked_en}, used the national value",
        ),
        "region_grid": (
            "{asked_zh}无可用值，改用所属区域电网（{used_zh}）",
            "no value for {asked_en}, used its grid region ({used_en})",
        ),
        "year_earlier": (
            "{year} 年尚无数据，使用最近的较早年份 {factor_year}",
            "no data for {year} yet, used the nearest earlier year {factor_year}",
        ),
        "year_later": (
            "{year} 年及更早均无数据，使用最早的较晚年份 {factor_year}",
            "no data for {year} or earlier, used the earliest later year {factor_year}",
        ),
    },
    "hint": {"did_you_mean": ("（是否为 {suggestion!r}？）", " (did you mean {suggestion!r}?)")},
    "basis": {
        "emission_vintage": ("所选排放参数", "the chosen emission-parameter vintage"),
        "gbt2589": ("GB/T 2589 折标系数表", "the GB/T 2589 table"),
    },
}
