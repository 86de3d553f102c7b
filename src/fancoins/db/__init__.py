"""Database engine, session and the SQLAlchemy tables (one module per aggregate)."""
