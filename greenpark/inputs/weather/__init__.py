"""气象数据：气象文件读取与合成典型年 / weather: weather files and the synthetic typical year."""
