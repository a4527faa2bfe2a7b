-- Central store, migration 3: recon_reconcile(), the cross-county findings of CENTRAL.md with the
-- lifecycle of STORE.md / RULES.md. `recon-central reconcile` runs sql/central/reconcile.sql
-- (one transaction calling it) as the owner.
--
-- Inputs, over every county's latest pushed rows:
--   * payments taking part: county_payments with kind = 'payment', effective = 1, id_valid = 1.
--     Government payment: channel 'gov' (政府代缴); personal: any other channel (RULES.md Terms).
--   * roster rows taking part: county_roster with id_valid = 1 and status '正常'.
--   * death records taking part: county_deaths with id_valid = 1.
--
-- CROSS_COUNTY_DUPLICATE (high) person:{id}:{insurance}:{year} — for (ID, insurance, year) the
--   effective personal payments were made in ≥ 2 counties, or the effective government payments
--   in ≥ 2 counties. One payment that two counties both hold (the same channel and txn_ref) is
--   one payment: a kind needs ≥ 2 distinct (channel, txn_ref) besides ≥ 2 counties.
--   Involved: the payments of each kind that qualifies; amount_fen = their sum.
-- ENROLLED_IN_TWO_COUNTIES (medium) person:{id}:{insurance} — a 正常 row in the rosters of ≥ 2
--   counties. amount_fen NULL, year NULL.
-- DEATH_ELSEWHERE (high) txn:{county}:{channel}:{txn_ref} — a payment (government ones too) of
--   county P whose date (paid_at's day) is after the 死亡日期 of the record that stands among the
--   other counties' records of the ID (latest 通报日期, on a tie the later 死亡日期, then the
--   lowest county code), while P has no death record of the ID. amount_fen = the payment's amount.
--
-- Lifecycle, under (code, subject): found and not stored → inserted open (first_seen_at =
-- last_seen_at = status_changed_at = now()); stored open and found → last_seen_at = now(),
-- severity/year/id/insurance/counties/amount/detail refreshed; stored resolved and found →
-- reopened (status open, status_changed_at = now(), first_seen_at kept); stored open and not
-- found → resolved (status_changed_at = now(), last_seen_at kept). review_state and review_note
-- are never touched. now() is the transaction's start: one time for the whole run.
--
-- Consistency: the lock serialises reconciles and reviews; the findings are computed and merged
-- by ONE statement, so they read one snapshot of every county's rows even while counties push
-- (a push that commits meanwhile is seen whole by the next reconcile, never half).
CREATE FUNCTION recon_reconcile(
    OUT found_count integer, OUT new_count integer, OUT reopened_count integer, OUT resolved_count integer,
    OUT open_count integer)
LANGUAGE plpgsql
SET search_path = public
SET work_mem = '64MB'
-- A batch of hash joins and aggregates: the estimates of the HAVING steps are guesses, and a
-- nested loop picked on a guess of 1 row costs seconds (measured: 8.6 s of 16 at 900k payments; 4 s in all without).
SET enable_nestloop = off
AS $fn$
BEGIN
    LOCK TABLE central_findings IN SHARE ROW EXCLUSIVE MODE;

    WITH pay AS NOT MATERIALIZED (
        SELECT county, channel, txn_ref, id_number, insurance, year, amount_fen, paid_at, source_file, source_line,
               channel = 'gov' AS government
        FROM county_payments
        WHERE kind = 'payment' AND effective = 1 AND id_valid = 1
    ),
    -- CROSS_COUNTY_DUPLICATE --------------------------------------------------------------------
    dup_kinds AS (   -- (ID, insurance, year, kind) paid in ≥ 2 counties (min <> max: a hash aggregate, no sort)
        SELECT id_number, insurance, year, government
        FROM pay GROUP BY id_number, insurance, year, government
        HAVING min(county) <> max(county)
    ),
    dup_cand AS MATERIALIZED (
        SELECT p.* FROM pay p JOIN dup_kinds k USING (id_number, insurance, year, government)
    ),
    dup_pay AS (     -- … by ≥ 2 distinct payments (not one payment both counties hold)
        SELECT c.*
        FROM dup_cand c JOIN (
            SELECT id_number, insurance, year, government FROM dup_cand
            GROUP BY id_number, insurance, year, government
            HAVING count(DISTINCT (channel, txn_ref)) >= 2
        ) k USING (id_number, insurance, year, government)
    ),
    dup AS (
        SELECT 'CROSS_COUNTY_DUPLICATE'::text AS code,
               'person:' || id_number || ':' || insurance || ':' || year AS subject,
               'high'::text AS severity, year, id_number, insurance,
               string_agg(DISTINCT county, ',' ORDER BY county) AS counties,
               sum(amount_fen)::bigint AS amount_fen,
               jsonb_build_object(
                   'counties', jsonb_agg(DISTINCT county ORDER BY county),
                   'personal_counties', coalesce(jsonb_agg(DISTINCT county ORDER BY county) FILTER (WHERE NOT government), '[]'),
                   'government_counties', coalesce(jsonb_agg(DISTINCT county ORDER BY county) FILTER (WHERE government), '[]'),
                   'payments', jsonb_agg(jsonb_build_object(
                       'county', county, 'channel', channel, 'txn_ref', txn_ref,
                       'payment', CASE WHEN government THEN 'government' ELSE 'personal' END,
                       'amount_fen', amount_fen, 'paid_at', to_char(paid_at, 'YYYY-MM-DD HH24:MI:SS'),
                       'source_file', source_file, 'source_line', source_line)
                       ORDER BY paid_at, county, channel, txn_ref)) AS detail
        FROM dup_pay
        GROUP BY id_number, insurance, year
    ),
    -- ENROLLED_IN_TWO_COUNTIES ------------------------------------------------------------------
    enr_keys AS (    -- a 正常 row in ≥ 2 counties
        SELECT id_number, insurance
        FROM county_roster
        WHERE status = '正常' AND id_valid = 1
        GROUP BY id_number, insurance HAVING min(county) <> max(county)
    ),
    enrolled AS (
        SELECT DISTINCT r.county, r.id_number, r.insurance, r.name, r.household, r.town_code, r.village_code
        FROM county_roster r JOIN enr_keys k USING (id_number, insurance)
        WHERE r.status = '正常' AND r.id_valid = 1
    ),
    enr AS (
        SELECT 'ENROLLED_IN_TWO_COUNTIES'::text AS code,
               'person:' || e.id_number || ':' || e.insurance AS subject,
               'medium'::text AS severity, NULL::integer AS year, e.id_number, e.insurance,
               string_agg(DISTINCT e.county, ',' ORDER BY e.county) AS counties,
               NULL::bigint AS amount_fen,
               jsonb_build_object(
                   'counties', jsonb_agg(DISTINCT e.county ORDER BY e.county),
                   'enrollments', jsonb_agg(jsonb_build_object(
                       'county', e.county, 'status', '正常', 'name', e.name, 'household', e.household,
                       'town_code', e.town_code, 'village_code', e.village_code)
                       ORDER BY e.county, e.town_code, e.village_code, e.household, e.name)) AS detail
        FROM enrolled e
        GROUP BY e.id_number, e.insurance
    ),
    -- DEATH_ELSEWHERE ---------------------------------------------------------------------------
    deaths AS (
        SELECT county, id_number, death_date, reported_date FROM county_deaths WHERE id_valid = 1
    ),
    death_pay AS (   -- each payment of an ID another county registered dead, its own county not
        SELECT p.county, p.channel, p.txn_ref, p.id_number, p.insurance, p.year, p.amount_fen, p.paid_at,
               p.source_file, p.source_line, p.government,
               jsonb_agg(jsonb_build_object('county', d.county, 'death_date', d.death_date,
                                            'reported_date', d.reported_date)
                         ORDER BY d.reported_date DESC, d.death_date DESC, d.county) AS records
        FROM pay p JOIN deaths d ON d.id_number = p.id_number AND d.county <> p.county
        WHERE NOT EXISTS (SELECT 1 FROM deaths own WHERE own.id_number = p.id_number AND own.county = p.county)
        GROUP BY p.county, p.channel, p.txn_ref, p.id_number, p.insurance, p.year, p.amount_fen, p.paid_at,
                 p.source_file, p.source_line, p.government
    ),
    death_found AS (
        SELECT dp.*, dp.records -> 0 AS standing
        FROM death_pay dp
        WHERE dp.paid_at::date > ((dp.records -> 0) ->> 'death_date')::date
    ),
    death AS (
        SELECT 'DEATH_ELSEWHERE'::text AS code,
               'txn:' || county || ':' || channel || ':' || txn_ref AS subject,
               'high'::text AS severity, year, id_number, insurance,
               (SELECT string_agg(c, ',' ORDER BY c) FROM (SELECT county UNION SELECT standing ->> 'county') AS s(c)) AS counties,
               amount_fen,
               jsonb_build_object(
                   'counties', (SELECT jsonb_agg(c ORDER BY c) FROM (SELECT county UNION SELECT standing ->> 'county') AS s(c)),
                   'payment', jsonb_build_object(
                       'county', county, 'channel', channel, 'txn_ref', txn_ref,
                       'payment', CASE WHEN government THEN 'government' ELSE 'personal' END,
                       'amount_fen', amount_fen, 'paid_at', to_char(paid_at, 'YYYY-MM-DD HH24:MI:SS'),
                       'source_file', source_file, 'source_line', source_line),
                   'death', standing,
                   'days_after_death', paid_at::date - (standing ->> 'death_date')::date,
                   'death_records', records) AS detail
        FROM death_found
    ),
    -- Lifecycle ---------------------------------------------------------------------------------
    now_found AS MATERIALIZED (
        SELECT * FROM dup UNION ALL SELECT * FROM enr UNION ALL SELECT * FROM death
    ),
    prior AS (
        SELECT f.code, f.subject, c.status AS prior_status
        FROM now_found f LEFT JOIN central_findings c ON c.code = f.code AND c.subject = f.subject
    ),
    upserted AS (
        INSERT INTO central_findings AS c (code, subject, severity, status, year, id_number, insurance, counties,
                                           amount_fen, detail, first_seen_at, last_seen_at, status_changed_at)
        SELECT code, subject, severity, 'open', year, id_number, insurance, counties, amount_fen, detail,
               now(), now(), now()
        FROM now_found
        ON CONFLICT (code, subject) DO UPDATE SET
            severity = EXCLUDED.severity, status = 'open', year = EXCLUDED.year, id_number = EXCLUDED.id_number,
            insurance = EXCLUDED.insurance, counties = EXCLUDED.counties, amount_fen = EXCLUDED.amount_fen,
            detail = EXCLUDED.detail, last_seen_at = EXCLUDED.last_seen_at,
            status_changed_at = CASE WHEN c.status = 'open' THEN c.status_changed_at ELSE EXCLUDED.status_changed_at END
        RETURNING 1
    ),
    resolved_now AS (
        UPDATE central_findings c SET status = 'resolved', status_changed_at = now()
        WHERE c.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM now_found f WHERE f.code = c.code AND f.subject = c.subject)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM upserted),
           (SELECT count(*) FROM prior WHERE prior_status IS NULL),
           (SELECT count(*) FROM prior WHERE prior_status = 'resolved'),
           (SELECT count(*) FROM resolved_now)
    INTO found_count, new_count, reopened_count, resolved_count;

    SELECT count(*) INTO open_count FROM central_findings WHERE status = 'open';
END
$fn$;
REVOKE EXECUTE ON FUNCTION recon_reconcile() FROM PUBLIC;

INSERT INTO schema_migrations(version) VALUES (3);
