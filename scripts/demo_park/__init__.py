"""Builders of the illustrative demo park ``sites/jincheng-edz`` (示意园区)."""
