-- The schema registry keeps its artifacts in its own database on the same PostgreSQL server.
CREATE DATABASE registry OWNER licensing;
