-- One database per service, owned by the role the services log in as (it may create the audit service's
-- audit_app role). Run once by the postgres image on an empty volume (docker-compose.yml).
CREATE ROLE mianshen LOGIN CREATEROLE PASSWORD 'mianshen';
CREATE DATABASE eligibility OWNER mianshen;
CREATE DATABASE notification OWNER mianshen;
CREATE DATABASE audit OWNER mianshen;
CREATE DATABASE intake OWNER mianshen;
