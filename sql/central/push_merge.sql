-- A county's push, step 3 of 3 (see push_begin.sql): the county's rows become exactly the
-- stages' — new rows inserted, changed rows updated, rows no longer sent deleted, unchanged
-- rows untouched. A stage must hold the county's whole current state: an empty stage_payments
-- deletes every payment of the county. Prints the push's counts (for its pushes row).
SET LOCAL work_mem = '256MB';
ANALYZE stage_files; ANALYZE stage_payments; ANALYZE stage_roster; ANALYZE stage_deaths;
ANALYZE stage_findings; ANALYZE stage_reviews;

-- Keyed tables: by their key.
INSERT INTO county_payments AS t
SELECT s.* FROM stage_payments s
LEFT JOIN county_payments c ON c.county = s.county AND c.channel = s.channel AND c.kind = s.kind AND c.txn_ref = s.txn_ref
WHERE c.txn_ref IS NULL OR (c.*) IS DISTINCT FROM (s.*)
ON CONFLICT (county, channel, kind, txn_ref) DO UPDATE SET
    original_ref = EXCLUDED.original_ref, id_number = EXCLUDED.id_number, id_valid = EXCLUDED.id_valid,
    insurance = EXCLUDED.insurance, year = EXCLUDED.year, amount_fen = EXCLUDED.amount_fen, paid_at = EXCLUDED.paid_at,
    payer_key = EXCLUDED.payer_key, name = EXCLUDED.name, source_file = EXCLUDED.source_file,
    source_line = EXCLUDED.source_line, effective = EXCLUDED.effective;
DELETE FROM county_payments c WHERE NOT EXISTS (
    SELECT 1 FROM stage_payments s
    WHERE s.county = c.county AND s.channel = c.channel AND s.kind = c.kind AND s.txn_ref = c.txn_ref);

INSERT INTO county_deaths AS t
SELECT s.* FROM stage_deaths s
LEFT JOIN county_deaths c ON c.county = s.county AND c.id_number = s.id_number
WHERE c.id_number IS NULL OR (c.*) IS DISTINCT FROM (s.*)
ON CONFLICT (county, id_number) DO UPDATE SET
    id_valid = EXCLUDED.id_valid, death_date = EXCLUDED.death_date, reported_date = EXCLUDED.reported_date;
DELETE FROM county_deaths c WHERE NOT EXISTS (
    SELECT 1 FROM stage_deaths s WHERE s.county = c.county AND s.id_number = c.id_number);

INSERT INTO county_findings AS t
SELECT s.* FROM stage_findings s
LEFT JOIN county_findings c ON c.county = s.county AND c.code = s.code AND c.subject = s.subject
WHERE c.subject IS NULL OR (c.*) IS DISTINCT FROM (s.*)
ON CONFLICT (county, code, subject) DO UPDATE SET
    severity = EXCLUDED.severity, status = EXCLUDED.status, year = EXCLUDED.year, id_number = EXCLUDED.id_number,
    insurance = EXCLUDED.insurance, channel = EXCLUDED.channel, txn_ref = EXCLUDED.txn_ref,
    town_code = EXCLUDED.town_code, village_code = EXCLUDED.village_code, amount_fen = EXCLUDED.amount_fen,
    detail = EXCLUDED.detail, first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at,
    review_state = EXCLUDED.review_state, review_note = EXCLUDED.review_note;
DELETE FROM county_findings c WHERE NOT EXISTS (
    SELECT 1 FROM stage_findings s WHERE s.county = c.county AND s.code = c.code AND s.subject = c.subject);

-- Tables without a key (a file can arrive twice; a roster or review row can repeat): replaced
-- whole when their content (as a multiset of rows) differs, untouched otherwise.
CREATE TEMP TABLE push_changed ON COMMIT DROP AS
SELECT 'files'::text AS t
WHERE (SELECT md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) FROM county_files x)
   <> (SELECT md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) FROM stage_files x)
UNION ALL
SELECT 'roster'
WHERE (SELECT md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) FROM county_roster x)
   <> (SELECT md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) FROM stage_roster x)
UNION ALL
SELECT 'reviews'
WHERE (SELECT md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) FROM county_reviews x)
   <> (SELECT md5(coalesce(string_agg(x::text, E'\n' ORDER BY x::text), '')) FROM stage_reviews x);
DELETE FROM county_files WHERE EXISTS (SELECT 1 FROM push_changed WHERE t = 'files');
INSERT INTO county_files SELECT * FROM stage_files WHERE EXISTS (SELECT 1 FROM push_changed WHERE t = 'files');
DELETE FROM county_roster WHERE EXISTS (SELECT 1 FROM push_changed WHERE t = 'roster');
INSERT INTO county_roster SELECT * FROM stage_roster WHERE EXISTS (SELECT 1 FROM push_changed WHERE t = 'roster');
DELETE FROM county_reviews WHERE EXISTS (SELECT 1 FROM push_changed WHERE t = 'reviews');
INSERT INTO county_reviews SELECT * FROM stage_reviews WHERE EXISTS (SELECT 1 FROM push_changed WHERE t = 'reviews');

SELECT (SELECT count(*) FROM stage_files) AS files, (SELECT count(*) FROM stage_payments) AS payments,
       (SELECT count(*) FROM stage_roster) AS roster_rows, (SELECT count(*) FROM stage_deaths) AS deaths,
       (SELECT count(*) FROM stage_findings) AS findings,
       (SELECT string_agg(t, ',' ORDER BY t) FROM push_changed) AS replaced;
