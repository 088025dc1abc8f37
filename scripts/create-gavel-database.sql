-- The PostgreSQL role and database gaveld needs, with least privilege. Run it as a superuser (or a role
-- with CREATEROLE and CREATEDB), giving the new role's password as a psql variable:
--
--   psql -v ON_ERROR_STOP=1 -v password='<password>' -f scripts/create-gavel-database.sql
--
-- gaveld then runs with DATABASE_URL=postgres://gavel:<password>@<host>:5432/gavel and creates its
-- tables, views and trigger function itself (versioned migrations at start) in the schema `gavel`, which
-- the role owns and finds first on its default search_path ("$user", public). The role is not a superuser,
-- cannot create databases or roles, does not own the database and cannot create anything in `public`.
\set ON_ERROR_STOP on
CREATE ROLE gavel LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE gavel;
REVOKE ALL ON DATABASE gavel FROM PUBLIC;
GRANT CONNECT ON DATABASE gavel TO gavel;
\connect gavel
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA gavel AUTHORIZATION gavel;
