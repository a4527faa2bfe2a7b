-- Central store, migration 1: tables, row-level security, views (CENTRAL.md).
--
-- Run as the database's owner (recon_owner: LOGIN CREATEROLE, not superuser), in one
-- transaction, by `recon-central migrate`, which applies each NNN_*.sql whose version is not in
-- schema_migrations yet. Everything lives in the schema `public` of the database `recon`: the
-- contract's views are queried by their bare names, PostgreSQL 15 gives PUBLIC no CREATE on
-- `public`, and the database owner owns it (pg_database_owner).
--
-- Who sees what:
--   * the owner: everything. Row-level security is ENABLEd and FORCEd on every county-tagged
--     table and on pushes, so it applies to the owner too; the owner has its own policy
--     `owner_all` (TO CURRENT_USER, i.e. the role running this migration), USING (true).
--     (A CREATEROLE role cannot give itself BYPASSRLS; this works without a superuser.)
--   * a county role recon_{county}: SELECT/INSERT/UPDATE/DELETE on the county tables and
--     SELECT/INSERT/UPDATE on pushes, and only rows of its county: `recon_add_county` (002)
--     creates the policy `county_{county}` TO recon_{county} USING/WITH CHECK (county =
--     '{county}') on each. No privilege on the partitions, the central tables, the views or the
--     functions. No policy → no row: a role without one sees and writes nothing.
--   * PUBLIC: nothing (no CONNECT, no TEMPORARY on the database; no EXECUTE on our functions).

CREATE TABLE IF NOT EXISTS schema_migrations(
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- Nobody but the roles we name connects or makes temporary tables; nothing of ours is executable
-- by PUBLIC by default.
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

CREATE TABLE counties(
    county text PRIMARY KEY CHECK (county ~ '^[0-9]{6}$'),
    role_name text NOT NULL UNIQUE,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------
-- What the counties push: each row tagged with its county; LIST-partitioned by county, one
-- partition per county (made by recon_add_county; a county without one cannot insert).
-- Times a county sends (its Beijing wall-clock text 'YYYY-MM-DD HH:MM:SS') are `timestamp`
-- without time zone; the views print them back in the same form.
-- ---------------------------------------------------------------------------------------------

-- files_v1. No key: the same file can arrive twice (the second row is the duplicate).
CREATE TABLE county_files(
    county text NOT NULL,
    name text NOT NULL,
    sha256 text NOT NULL,
    format text,
    status text NOT NULL CHECK (status IN ('ingested', 'duplicate', 'quarantined')),
    rows integer NOT NULL,
    rejected_rows integer NOT NULL,
    error text,
    received_at timestamp NOT NULL
) PARTITION BY LIST (county);

-- payments_v1: one row per identity — (channel, txn_ref) of a payment, (channel, reversal_ref)
-- of a reversal (kept apart by kind).
CREATE TABLE county_payments(
    county text NOT NULL,
    channel text NOT NULL,
    txn_ref text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('payment', 'reversal')),
    original_ref text,
    id_number text NOT NULL,
    id_valid smallint NOT NULL CHECK (id_valid IN (0, 1)),
    insurance text NOT NULL,
    year integer NOT NULL,
    amount_fen bigint NOT NULL,
    paid_at timestamp NOT NULL,
    payer_key text,
    name text,
    source_file text NOT NULL,
    source_line integer NOT NULL,
    effective smallint NOT NULL CHECK (effective IN (0, 1)),
    PRIMARY KEY (county, channel, kind, txn_ref)
) PARTITION BY LIST (county);

-- The county's current roster (a push replaces it whole). status is 参保状态 as sent:
-- 正常 / 暂停 / 终止. insurance is the canonical pension / medical. id_valid as in payments_v1.
-- A roster row's 乡镇代码 must start with its county (CENTRAL.md), enforced here too.
CREATE TABLE county_roster(
    county text NOT NULL,
    id_number text NOT NULL,
    id_valid smallint NOT NULL CHECK (id_valid IN (0, 1)),
    insurance text NOT NULL,
    name text NOT NULL,
    household text,
    town_code text CHECK (left(town_code, 6) = county),
    village_code text,
    status text NOT NULL
) PARTITION BY LIST (county);

-- The county's standing death record of each ID (the latest 通报日期 of its registry).
CREATE TABLE county_deaths(
    county text NOT NULL,
    id_number text NOT NULL,
    id_valid smallint NOT NULL CHECK (id_valid IN (0, 1)),
    death_date date NOT NULL,
    reported_date date NOT NULL,
    PRIMARY KEY (county, id_number)
) PARTITION BY LIST (county);

-- findings_v1.
CREATE TABLE county_findings(
    county text NOT NULL,
    code text NOT NULL,
    subject text NOT NULL,
    severity text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'resolved')),
    year integer,
    id_number text,
    insurance text,
    channel text,
    txn_ref text,
    town_code text,
    village_code text,
    amount_fen bigint,
    detail jsonb NOT NULL,
    first_seen_at timestamp NOT NULL,
    last_seen_at timestamp NOT NULL,
    review_state text NOT NULL CHECK (review_state IN ('new', 'confirmed', 'dismissed', 'escalated')),
    review_note text,
    PRIMARY KEY (county, code, subject)
) PARTITION BY LIST (county);

-- reviews_v1 (the county's append-only history; no key of its own in the contract).
CREATE TABLE county_reviews(
    county text NOT NULL,
    code text NOT NULL,
    subject text NOT NULL,
    state text NOT NULL,
    reviewer text NOT NULL,
    note text,
    at timestamp NOT NULL
) PARTITION BY LIST (county);

-- One row per push; a county writes its own (running → ok / failed).
CREATE TABLE pushes(
    id bigserial PRIMARY KEY,
    county text NOT NULL REFERENCES counties(county),
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed')),
    error text,
    files integer,
    payments integer,
    roster_rows integer,
    deaths integer,
    findings integer
);
CREATE INDEX pushes_county ON pushes(county, started_at);

-- Row-level security on everything a county writes. The owner's policy; the counties' come
-- with each county (recon_add_county).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['county_files', 'county_payments', 'county_roster', 'county_deaths',
                             'county_findings', 'county_reviews', 'pushes'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY owner_all ON %I AS PERMISSIVE FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Cross-county findings (recon_reconcile, 003) and their review history.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE central_findings(
    code text NOT NULL CHECK (code IN ('CROSS_COUNTY_DUPLICATE', 'ENROLLED_IN_TWO_COUNTIES', 'DEATH_ELSEWHERE')),
    subject text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('high', 'medium', 'info')),
    status text NOT NULL CHECK (status IN ('open', 'resolved')),
    year integer,
    id_number text,
    insurance text,
    counties text NOT NULL,
    amount_fen bigint,
    detail jsonb NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    status_changed_at timestamptz NOT NULL,
    review_state text NOT NULL DEFAULT 'new' CHECK (review_state IN ('new', 'confirmed', 'dismissed', 'escalated')),
    review_note text,
    PRIMARY KEY (code, subject)
);
CREATE INDEX central_findings_open ON central_findings(status, code);

CREATE TABLE central_reviews(
    id bigserial PRIMARY KEY,
    code text NOT NULL,
    subject text NOT NULL,
    state text NOT NULL CHECK (state IN ('new', 'confirmed', 'dismissed', 'escalated')),
    reviewer text NOT NULL,
    note text,
    at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (code, subject) REFERENCES central_findings(code, subject)
);
CREATE INDEX central_reviews_finding ON central_reviews(code, subject, id);

-- Append-only: history rows are never changed or removed.
CREATE FUNCTION central_reviews_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION 'central_reviews is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE EXECUTE ON FUNCTION central_reviews_append_only() FROM PUBLIC;
CREATE TRIGGER central_reviews_no_update BEFORE UPDATE OR DELETE ON central_reviews
    FOR EACH ROW EXECUTE FUNCTION central_reviews_append_only();
CREATE TRIGGER central_reviews_no_truncate BEFORE TRUNCATE ON central_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION central_reviews_append_only();

-- ---------------------------------------------------------------------------------------------
-- The public views (CENTRAL.md). Times as 'YYYY-MM-DD HH:MM:SS', Beijing time. security_invoker:
-- a view reads with the reader's privileges and policies, never its owner's.
-- ---------------------------------------------------------------------------------------------

CREATE VIEW central_findings_v1 WITH (security_invoker = true) AS
    SELECT code, subject, severity, status, year, id_number, insurance, counties, amount_fen, detail,
           to_char(first_seen_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS first_seen_at,
           to_char(last_seen_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS last_seen_at,
           review_state, review_note
    FROM central_findings;

CREATE VIEW central_reviews_v1 WITH (security_invoker = true) AS
    SELECT code, subject, state, reviewer, note,
           to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at
    FROM central_reviews;

CREATE VIEW county_findings_v1 WITH (security_invoker = true) AS
    SELECT county, code, subject, severity, status, year, id_number, insurance, channel, txn_ref,
           town_code, village_code, amount_fen, detail,
           to_char(first_seen_at, 'YYYY-MM-DD HH24:MI:SS') AS first_seen_at,
           to_char(last_seen_at, 'YYYY-MM-DD HH24:MI:SS') AS last_seen_at,
           review_state, review_note
    FROM county_findings;

CREATE VIEW county_payments_v1 WITH (security_invoker = true) AS
    SELECT county, channel, txn_ref, kind, original_ref, id_number, id_valid, insurance, year, amount_fen,
           to_char(paid_at, 'YYYY-MM-DD HH24:MI:SS') AS paid_at,
           payer_key, name, source_file, source_line, effective
    FROM county_payments;

CREATE VIEW pushes_v1 WITH (security_invoker = true) AS
    SELECT county,
           to_char(started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS started_at,
           to_char(finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS finished_at,
           status, error, files, payments, roster_rows, deaths, findings
    FROM pushes;

INSERT INTO schema_migrations(version) VALUES (1);
