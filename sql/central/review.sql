-- `recon-central review`: records one decision on a cross-county finding, as the owner. psql
-- variables code, subject, state, reviewer, note (the Swift side binds them as $1…$5).
-- Fails with SQLSTATE P0002 when no such finding exists, 22023 for a state other than
-- confirmed / dismissed / escalated. Prints the history row's id.
SELECT recon_central_review(:'code', :'subject', :'state', :'reviewer', :'note') AS review_id;
