#!/bin/sh
# Run once by the postgres image on an empty volume (/docker-entrypoint-initdb.d): creates gaveld's
# least-privilege role and database with the same SQL as docs/OPERATIONS.md.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v password="$GAVEL_DB_PASSWORD" -f /gavel/create-gavel-database.sql
