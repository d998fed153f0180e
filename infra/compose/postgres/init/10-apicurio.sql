-- Run once by the postgres image's entrypoint, on the first start with an empty data volume
-- (files in /docker-entrypoint-initdb.d run as POSTGRES_USER against POSTGRES_DB).
-- The `overfly` database comes from POSTGRES_DB; the schema registry (Apicurio, SQL storage)
-- keeps its schemas and ids in a database of its own, as `pnpm infra:up` does
-- (infra/src/ports.ts POSTGRES_DATABASES).
CREATE DATABASE apicurio OWNER overfly;
