-- A county's push, step 1 of 3 (as recon_{county}, inside the push's one transaction):
--   BEGIN;
--   push_begin.sql                      -- the staging tables below
--   COPY stage_files FROM STDIN …       -- then each stage_* in its table's column order,
--   COPY stage_payments FROM STDIN …    --   every row tagged with the county
--   COPY stage_roster / stage_deaths / stage_findings / stage_reviews FROM STDIN …
--   push_merge.sql                      -- step 3: make the county's rows equal the stages
--   UPDATE pushes SET status = 'ok', finished_at = now(), <counts> WHERE id = <this push>;
--   COMMIT;
-- The pushes row itself is inserted (status 'running') in a transaction of its own before, and
-- set to 'failed' with the error in another one when this one fails; an interrupted push
-- leaves no half state (one transaction), and running it again ends the same.
--
-- Why staging: PostgreSQL refuses COPY FROM into a table under row-level security ("COPY FROM
-- not supported with row-level security"), so COPY goes into these temporary tables, and
-- push_merge.sql writes through the county's policy with INSERT / UPDATE / DELETE — only rows
-- that changed, so pushing an unchanged county writes nothing.
-- One push of a county at a time (a second one waits here for the first to commit).
DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('recon push ' || current_user)); END $$;
CREATE TEMP TABLE stage_files (LIKE county_files) ON COMMIT DROP;
CREATE TEMP TABLE stage_payments (LIKE county_payments) ON COMMIT DROP;
CREATE TEMP TABLE stage_roster (LIKE county_roster) ON COMMIT DROP;
CREATE TEMP TABLE stage_deaths (LIKE county_deaths) ON COMMIT DROP;
CREATE TEMP TABLE stage_findings (LIKE county_findings) ON COMMIT DROP;
CREATE TEMP TABLE stage_reviews (LIKE county_reviews) ON COMMIT DROP;
