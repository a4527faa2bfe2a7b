-- Central store, migration 2: adding a county (`recon-central county add CODE`) and recording a
-- review of a cross-county finding (`recon-central review`). Run as the owner; neither function
-- is executable by anyone else (no EXECUTE for PUBLIC).

-- recon_add_county(code, password): the county's login role recon_{code}, its partition of
-- every county table, its row-level policy on each, and the privileges a push needs.
-- Idempotent: run again, it changes nothing but the password (NULL keeps the existing one).
--
-- password: the plain password, or better a SCRAM-SHA-256 verifier computed by the client
-- ('SCRAM-SHA-256$4096:salt$StoredKey:ServerKey', stored as is), so the plain text never
-- reaches the server, its logs or pg_stat_activity. A plain one is hashed by the server
-- (password_encryption = scram-sha-256).
CREATE FUNCTION recon_add_county(code text, password text) RETURNS void
LANGUAGE plpgsql
SET search_path = public
SET client_min_messages = warning
AS $fn$
DECLARE
    role text := 'recon_' || code;
    t text;
    part text;
    policy text;
BEGIN
    IF code IS NULL OR code !~ '^[0-9]{6}$' THEN
        RAISE EXCEPTION 'county code must be 6 digits, got %', coalesce(quote_literal(code), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF password IS NOT NULL AND length(password) < 8 THEN
        RAISE EXCEPTION 'the password of % is too short (8 characters at least)', role
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
        IF password IS NULL THEN
            RAISE EXCEPTION 'role % does not exist yet: a password is needed', role
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION '
                       'NOBYPASSRLS CONNECTION LIMIT 8 PASSWORD %L', role, password);
    ELSE
        -- A role of that name made by someone else must not carry more than a county's rights:
        -- no attribute beyond LOGIN, and membership in no other role (which SET ROLE could use).
        IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = role
                   AND (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls))
           OR EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = role) THEN
            RAISE EXCEPTION 'role % exists with more rights than a county role has (attributes or memberships); refusing', role
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN NOINHERIT CONNECTION LIMIT 8', role);
        IF password IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I PASSWORD %L', role, password);
        END IF;
    END IF;

    INSERT INTO counties(county, role_name) VALUES (code, role) ON CONFLICT (county) DO NOTHING;

    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), role);

    FOREACH t IN ARRAY ARRAY['county_files', 'county_payments', 'county_roster', 'county_deaths',
                             'county_findings', 'county_reviews'] LOOP
        part := t || '_' || code;
        IF to_regclass(part) IS NULL THEN
            EXECUTE format('CREATE TABLE public.%I PARTITION OF public.%I FOR VALUES IN (%L)', part, t, code);
        END IF;
        -- On the parent only: the partitions stay the owner's (a county reaches its rows through
        -- the parent, where its policy applies). No TRUNCATE (it ignores row-level security).
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t, role);
    END LOOP;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON pushes TO %I', role);
    EXECUTE format('GRANT USAGE ON SEQUENCE pushes_id_seq TO %I', role);

    -- The county's policy on each table: its own rows, for reading and for writing.
    policy := 'county_' || code;
    FOREACH t IN ARRAY ARRAY['county_files', 'county_payments', 'county_roster', 'county_deaths',
                             'county_findings', 'county_reviews', 'pushes'] LOOP
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', policy, t);
        EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL TO %I USING (county = %L) WITH CHECK (county = %L)',
                       policy, t, role, code, code);
    END LOOP;
END
$fn$;
REVOKE EXECUTE ON FUNCTION recon_add_county(text, text) FROM PUBLIC;

-- recon_central_review(code, subject, state, reviewer, note): appends the decision to
-- central_reviews and makes it the finding's review_state / review_note. Refuses an unknown
-- finding (SQLSTATE P0002) and a state other than confirmed / dismissed / escalated (22023).
-- Returns the history row's id.
CREATE FUNCTION recon_central_review(code text, subject text, state text, reviewer text, note text)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = public
AS $fn$
DECLARE
    review_id bigint;
BEGIN
    IF state IS NULL OR state NOT IN ('confirmed', 'dismissed', 'escalated') THEN
        RAISE EXCEPTION 'review state must be confirmed, dismissed or escalated, got %', coalesce(quote_literal(state), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF reviewer IS NULL OR btrim(reviewer) = '' THEN
        RAISE EXCEPTION 'a review needs a reviewer' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- The table lock first, as recon_reconcile takes its own: a row lock taken before it could
    -- deadlock with a reconcile running meanwhile.
    LOCK TABLE central_findings IN ROW EXCLUSIVE MODE;
    PERFORM 1 FROM central_findings f
        WHERE f.code = recon_central_review.code AND f.subject = recon_central_review.subject FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no cross-county finding % %', code, subject USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO central_reviews(code, subject, state, reviewer, note)
        VALUES (code, subject, state, reviewer, note)
        RETURNING id INTO review_id;
    UPDATE central_findings f SET review_state = state, review_note = note
        WHERE f.code = recon_central_review.code AND f.subject = recon_central_review.subject;
    RETURN review_id;
END
$fn$;
REVOKE EXECUTE ON FUNCTION recon_central_review(text, text, text, text, text) FROM PUBLIC;

INSERT INTO schema_migrations(version) VALUES (2);
