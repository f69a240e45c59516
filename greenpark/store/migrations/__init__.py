"""Alembic migrations of the run database, shipped inside the package (see ``env.py``)."""
