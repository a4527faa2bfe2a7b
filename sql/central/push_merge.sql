-- A county's push, step 3 of 3 (see push_begin.sql): the county's rows become exactly the
-- stages' — new rows inserted, changed rows updated, rows no longer sent deleted, unchanged
-- rows untouched. A stage must hold the county's whole current state: an empty stage_payments
-- deletes every payment of the county. Prints the push's counts (for its pushes row).
SET LOCAL work_mem = '256MB';
ANALYZE stage_files; ANALYZE stage_payments; ANALYZE stage_roster; ANALYZE stage_deaths;
ANALYZE stage_findings; ANALYZE stage_reviews;

-- Keyed tables, by their key: changed rows updated, new ones inserted (a plain INSERT: 2× faster
-- than INSERT … ON CONFLICT on a first push; push_begin.sql's lock keeps two pushes of one county
-- from racing), rows no longer sent deleted.
UPDATE county_payments c SET
    original_ref = s.original_ref, id_number = s.id_number, id_valid = s.id_valid, insurance = s.insurance,
    year = s.year, amount_fen = s.amount_fen, paid_at = s.paid_at, payer_key = s.payer_key, name = s.name,
    source_file = s.source_file, source_line = s.source_line, effective = s.effective
FROM stage_payments s
WHERE c.county = s.county AND c.channel = s.channel AND c.kind = s.kind AND c.txn_ref = s.txn_ref
  AND (c.*) IS DISTINCT FROM (s.*);
INSERT INTO county_payments
SELECT * FROM stage_payments s WHERE NOT EXISTS (
    SELECT 1 FROM county_payments c
    WHERE c.county = s.county AND c.channel = s.channel AND c.kind = s.kind AND c.txn_ref = s.txn_ref);
DELETE FROM county_payments c WHERE NOT EXISTS (
    SELECT 1 FROM stage_payments s
    WHERE s.county = c.county AND s.channel = c.channel AND s.kind = c.kind AND s.txn_ref = c.txn_ref);

UPDATE county_deaths c SET id_valid = s.id_valid, death_date = s.death_date, reported_date = s.reported_date
FROM stage_deaths s
WHERE c.county = s.county AND c.id_number = s.id_number AND (c.*) IS DISTINCT FROM (s.*);
INSERT INTO county_deaths
SELECT * FROM stage_deaths s WHERE NOT EXISTS (
    SELECT 1 FROM county_deaths c WHERE c.county = s.county AND c.id_number = s.id_number);
DELETE FROM county_deaths c WHERE NOT EXISTS (
    SELECT 1 FROM stage_deaths s WHERE s.county = c.county AND s.id_number = c.id_number);

UPDATE county_findings c SET
    severity = s.severity, status = s.status, year = s.year, id_number = s.id_number, insurance = s.insurance,
    channel = s.channel, txn_ref = s.txn_ref, town_code = s.town_code, village_code = s.village_code,
    amount_fen = s.amount_fen, detail = s.detail, first_seen_at = s.first_seen_at, last_seen_at = s.last_seen_at,
    review_state = s.review_state, review_note = s.review_note
FROM stage_findings s
WHERE c.county = s.county AND c.code = s.code AND c.subject = s.subject AND (c.*) IS DISTINCT FROM (s.*);
INSERT INTO county_findings
SELECT * FROM stage_findings s WHERE NOT EXISTS (
    SELECT 1 FROM county_findings c WHERE c.county = s.county AND c.code = s.code AND c.subject = s.subject);
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
