"""计量数据：表计文件的读取、检查与覆盖率 / meter data: reading, checking and coverage of meter files."""
