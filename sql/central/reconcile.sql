-- `recon-central reconcile`: one transaction, as the owner. The work is recon_reconcile()
-- (003_reconcile.sql: the three cross-county codes and the findings lifecycle); it prints one
-- row: found_count, new_count, reopened_count, resolved_count, open_count.
BEGIN;
SELECT * FROM recon_reconcile();
COMMIT;
