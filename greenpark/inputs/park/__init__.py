"""园区配置：park.yaml 的结构、规则与读取 / the park configuration: park.yaml's schema, rules and loading (incl. overlays)."""
