/// The database schema, as an ordered list of migrations applied by `PRAGMA user_version`.
///
/// Tables are recon's own business; the `*_v1` views are the public contract (STORE.md) and keep
/// their names and columns: a breaking change adds a `_v2` view beside them.
public enum Schema {
    /// meta key naming the run whose summaries the `report_*` tables (v3) hold; absent until a run
    /// has written them.
    public static let reportSummariesRunKey = "report_summaries_run"
    /// meta key naming the roster file (`files.id`, '' for none) whose lines `report_roster_lines` (v4)
    /// point at: meta `roster_file_id` when the summaries were written.
    public static let reportRosterFileKey = "report_roster_file"

    /// Migration n brings the database from user_version n to n + 1.
    public static let migrations: [String] = [v1, v2PurgedAggregates, v3ReportSummaries, v4CompactRows, v5ViewStamp,
                                              v6TrailAndAccounts, v7FindingsSorts]

    static let v1 = """
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;

    CREATE TABLE files(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        format TEXT,
        file_date TEXT,
        status TEXT NOT NULL CHECK (status IN ('ingested', 'duplicate', 'quarantined')),
        rows INTEGER NOT NULL DEFAULT 0,
        rejected_rows INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        received_at TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        sets_as_of INTEGER NOT NULL DEFAULT 0,
        run_id INTEGER
    );
    CREATE INDEX files_sha ON files(sha256);

    -- The original bytes of every quarantined file, kept as received.
    CREATE TABLE quarantined_bytes(file_id INTEGER PRIMARY KEY REFERENCES files(id), bytes BLOB NOT NULL);

    CREATE TABLE rejects(
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        line_no INTEGER NOT NULL,
        reason TEXT NOT NULL,
        raw TEXT
    );
    CREATE INDEX rejects_file ON rejects(file_id);

    -- Every sighting of a payment or reversal; is_primary marks the one that stands for its identity
    -- (earliest file date, then file name, then line). The others are DUPLICATE/CONFLICTING evidence.
    CREATE TABLE records(
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'reversal')),
        ref TEXT NOT NULL,
        original_ref TEXT,
        original_ticket TEXT,
        id_number TEXT NOT NULL,
        id_valid INTEGER NOT NULL,
        insurance TEXT NOT NULL,
        year INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL,
        paid_at TEXT NOT NULL,
        payer_key TEXT,
        name TEXT,
        agent TEXT,
        file_id INTEGER NOT NULL REFERENCES files(id),
        file_name TEXT NOT NULL,
        file_date TEXT NOT NULL,
        line_no INTEGER NOT NULL,
        is_primary INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX records_identity ON records(channel, kind, ref) WHERE is_primary = 1;
    CREATE INDEX records_original ON records(channel, original_ref) WHERE kind = 'reversal' AND is_primary = 1;
    -- Ledger-only reversals whose original ticket has not arrived yet (resolved after each ledger file).
    CREATE INDEX records_unresolved ON records(original_ticket)
        WHERE original_ticket IS NOT NULL AND original_ref IS NULL;

    CREATE TABLE ledger(
        ticket TEXT PRIMARY KEY,
        id_number TEXT NOT NULL,
        id_valid INTEGER NOT NULL,
        name TEXT,
        insurance TEXT NOT NULL,
        year INTEGER NOT NULL,
        pay_type TEXT NOT NULL,
        amount_fen INTEGER NOT NULL,
        channel TEXT NOT NULL,
        channel_ref TEXT NOT NULL,
        paid_at TEXT NOT NULL,
        booked_on TEXT NOT NULL,
        town_code TEXT,
        original_ticket TEXT,
        file_id INTEGER NOT NULL REFERENCES files(id),
        line_no INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- The current roster only: a newer snapshot replaces it whole.
    CREATE TABLE enrollment(
        id_number TEXT NOT NULL,
        id_valid INTEGER NOT NULL,
        name TEXT NOT NULL,
        sex TEXT,
        birth_date TEXT,
        household TEXT,
        town_code TEXT,
        village_code TEXT,
        village_name TEXT,
        insurance TEXT NOT NULL,
        status TEXT NOT NULL,
        residence TEXT,
        student INTEGER NOT NULL,
        tier_yuan INTEGER,
        registered_on TEXT,
        file_id INTEGER NOT NULL REFERENCES files(id),
        line_no INTEGER NOT NULL
    );

    CREATE TABLE deaths(
        id_number TEXT NOT NULL, id_valid INTEGER NOT NULL, name TEXT, death_date TEXT NOT NULL,
        source TEXT, notice_date TEXT NOT NULL,
        file_id INTEGER NOT NULL REFERENCES files(id), file_date TEXT, file_name TEXT NOT NULL, line_no INTEGER NOT NULL
    );
    CREATE TABLE assistance(
        id_number TEXT NOT NULL, id_valid INTEGER NOT NULL, name TEXT, category TEXT NOT NULL, insurance TEXT NOT NULL,
        department TEXT, recognised_on TEXT NOT NULL, ends_on TEXT,
        file_id INTEGER NOT NULL REFERENCES files(id), line_no INTEGER NOT NULL
    );
    CREATE TABLE employee(
        id_number TEXT NOT NULL, id_valid INTEGER NOT NULL, name TEXT, insurance TEXT NOT NULL, employer TEXT,
        starts_on TEXT NOT NULL, ends_on TEXT,
        file_id INTEGER NOT NULL REFERENCES files(id), line_no INTEGER NOT NULL
    );
    CREATE TABLE disbursement(
        town_code TEXT NOT NULL, insurance TEXT NOT NULL, category TEXT NOT NULL, persons INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL,
        file_id INTEGER NOT NULL REFERENCES files(id), file_date TEXT, file_name TEXT NOT NULL, line_no INTEGER NOT NULL
    );

    CREATE TABLE runs(
        run_id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        as_of TEXT,
        files_ingested INTEGER NOT NULL DEFAULT 0,
        files_quarantined INTEGER NOT NULL DEFAULT 0,
        files_duplicate INTEGER NOT NULL DEFAULT 0,
        rows_rejected INTEGER NOT NULL DEFAULT 0,
        payments INTEGER NOT NULL DEFAULT 0,
        findings_open INTEGER NOT NULL DEFAULT 0,
        findings_new INTEGER NOT NULL DEFAULT 0,
        findings_resolved INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE findings(
        code TEXT NOT NULL,
        subject TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
        year INTEGER,
        id_number TEXT,
        insurance TEXT,
        channel TEXT,
        txn_ref TEXT,
        town_code TEXT,
        village_code TEXT,
        amount_fen INTEGER,
        detail TEXT NOT NULL DEFAULT '{}',
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        first_run_id INTEGER,
        last_run_id INTEGER,
        status_changed_run_id INTEGER,
        review_state TEXT NOT NULL DEFAULT 'new' CHECK (review_state IN ('new', 'confirmed', 'dismissed', 'escalated')),
        review_note TEXT,
        PRIMARY KEY (code, subject)
    ) WITHOUT ROWID;

    CREATE TABLE reviews(
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        subject TEXT NOT NULL,
        state TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        note TEXT,
        at TEXT NOT NULL
    );

    CREATE VIEW files_v1 AS
        SELECT name, sha256, format, status, rows, rejected_rows, error, received_at FROM files;

    CREATE VIEW rejects_v1 AS
        SELECT f.name AS file_name, r.line_no, r.reason, r.raw
        FROM rejects r JOIN files f ON f.id = r.file_id;

    CREATE VIEW payments_v1 AS
        SELECT p.channel, p.ref AS txn_ref, p.kind, p.original_ref, p.id_number, p.id_valid, p.insurance, p.year,
               p.amount_fen, p.paid_at, p.payer_key, p.name, p.file_name AS source_file, p.line_no AS source_line,
               CASE WHEN p.kind = 'payment' AND p.amount_fen - COALESCE((
                   SELECT SUM(v.amount_fen) FROM records v
                   WHERE v.kind = 'reversal' AND v.is_primary = 1 AND v.channel = p.channel AND v.original_ref = p.ref
               ), 0) > 0 THEN 1 ELSE 0 END AS effective
        FROM records p WHERE p.is_primary = 1;

    CREATE VIEW findings_v1 AS
        SELECT code, subject, severity, status, year, id_number, insurance, channel, txn_ref, town_code, village_code,
               amount_fen, detail, first_seen_at, last_seen_at, review_state, review_note
        FROM findings;

    CREATE VIEW reviews_v1 AS SELECT code, subject, state, reviewer, note, at FROM reviews;

    CREATE VIEW runs_v1 AS
        SELECT run_id, started_at, finished_at, as_of, files_ingested, files_quarantined, payments,
               findings_open, findings_new, findings_resolved
        FROM runs;
    """

    /// v2, purge: what `recond purge --before YEAR` keeps of the years it removes — counts and
    /// sums without personal data — and one row per purge.
    static let v2PurgedAggregates = """
    CREATE TABLE purged_aggregates(
        purge_id INTEGER NOT NULL REFERENCES purges(purge_id),
        year INTEGER NOT NULL,
        source TEXT NOT NULL,      -- 'payments', 'ledger' or 'findings'
        channel TEXT NOT NULL DEFAULT '',
        insurance TEXT NOT NULL DEFAULT '',
        town_code TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',   -- kind, pay type, or finding code
        status TEXT NOT NULL DEFAULT '',     -- finding status and review state
        rows INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL
    );
    CREATE TABLE purges(
        purge_id INTEGER PRIMARY KEY,
        purged_at TEXT NOT NULL,
        before_year INTEGER NOT NULL,
        records INTEGER NOT NULL, ledger INTEGER NOT NULL, findings INTEGER NOT NULL, reviews INTEGER NOT NULL,
        assistance INTEGER NOT NULL, employee INTEGER NOT NULL, rejects INTEGER NOT NULL,
        quarantined_files INTEGER NOT NULL
    );
    """

    /// The reports' summaries: what `recon-report` reads instead of joining the big tables. Every
    /// reconciliation run rewrites them (`ReportSummaries`) in the transaction that upserts the
    /// findings, so a reader sees the summaries of one run; meta `report_summaries_run` names it.
    /// Internal tables, like the rest: the `*_v1` views stay the public contract.
    static let v3ReportSummaries = """
    -- One row per coverage year summarised: the years with a policy and the years with payments.
    CREATE TABLE report_years(
        year INTEGER PRIMARY KEY,
        -- The policy's age reference day the ages below are counted on; NULL when the run had no
        -- policy for the year (then coverage and unpaid hold nothing for it).
        age_reference_day TEXT,
        -- Effective payments with a valid ID of the year whose (ID, insurance) has no roster row.
        outside INTEGER NOT NULL
    );

    -- 钱表相符 per channel and day: statement money (primary payments − primary reversals, by their
    -- own time) against ledger money (个人缴费 + 退费 by 缴款时间), statement channels only.
    CREATE TABLE report_balance_days(
        channel TEXT NOT NULL, day TEXT NOT NULL,
        statement_count INTEGER NOT NULL, statement_fen INTEGER NOT NULL,
        ledger_count INTEGER NOT NULL, ledger_fen INTEGER NOT NULL,
        PRIMARY KEY (channel, day)
    ) WITHOUT ROWID;

    -- The same per agent (bank 网点号, POS / UnionPay 终端号); agent '' holds the ledger rows whose
    -- 渠道流水号 names no record of the agents' channels.
    CREATE TABLE report_balance_agents(
        channel TEXT NOT NULL, agent TEXT NOT NULL,
        statement_count INTEGER NOT NULL, statement_fen INTEGER NOT NULL,
        ledger_count INTEGER NOT NULL, ledger_fen INTEGER NOT NULL,
        PRIMARY KEY (channel, agent)
    ) WITHOUT ROWID;

    -- What the subsidy lines are computed from, per year and town of the person's roster row (persons
    -- with an effective payment with a valid ID, each person once), independent of any policy's
    -- amounts: fact 'pension_largest' — persons whose largest pension payment is amount_fen;
    -- 'pension_government' — persons with government pension payments, total_fen their sum;
    -- 'medical' — persons with a medical payment; 'medical_government' — persons with government
    -- medical payments of amount_fen, total_fen the sum of those.
    CREATE TABLE report_subsidy_facts(
        year INTEGER NOT NULL, town_code TEXT NOT NULL,
        fact TEXT NOT NULL CHECK (fact IN ('pension_largest', 'pension_government', 'medical', 'medical_government')),
        amount_fen INTEGER NOT NULL, persons INTEGER NOT NULL, total_fen INTEGER NOT NULL,
        PRIMARY KEY (year, town_code, fact, amount_fen)
    ) WITHOUT ROWID;

    -- Persons of the current roster (the row that stands for each ID and insurance) of status 正常,
    -- counted per year (with a policy), village, insurance, age (pension only, on the policy's age
    -- reference day), student, covered (an effective payment with a valid ID of the year) and personal
    -- (one of them not the government's). town_code and village_name: the village's first such row.
    CREATE TABLE report_coverage(
        year INTEGER NOT NULL, town_code TEXT NOT NULL, village_code TEXT NOT NULL, village_name TEXT NOT NULL,
        insurance TEXT NOT NULL, age INTEGER, student INTEGER NOT NULL, covered INTEGER NOT NULL,
        personal INTEGER NOT NULL, persons INTEGER NOT NULL
    );

    -- Those persons (status 正常) with no effective payment of the year: who the village agents follow
    -- up. death_date: the standing death notice; employed: employee insurance of the insurance active
    -- in the year.
    CREATE TABLE report_unpaid(
        year INTEGER NOT NULL, town_code TEXT NOT NULL, village_code TEXT NOT NULL, village_name TEXT NOT NULL,
        household TEXT NOT NULL, id_number TEXT NOT NULL, insurance TEXT NOT NULL, name TEXT NOT NULL,
        age INTEGER NOT NULL, student INTEGER NOT NULL, death_date TEXT, employed INTEGER NOT NULL
    );

    -- The publication roster: one row per effective payment with a valid ID whose (ID, insurance) has a
    -- roster row, with that row's person; net_fen is what the reversals left. Keyed by the payment's
    -- records.id; digest (of every other column) lets a run rewrite only the rows that changed.
    CREATE TABLE report_roster_lines(
        record_id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL, town_code TEXT NOT NULL, village_code TEXT NOT NULL, village_name TEXT NOT NULL,
        household TEXT NOT NULL, id_number TEXT NOT NULL, insurance TEXT NOT NULL, name TEXT NOT NULL,
        channel TEXT NOT NULL, net_fen INTEGER NOT NULL, paid_at TEXT NOT NULL,
        digest INTEGER NOT NULL
    );
    CREATE INDEX report_roster_lines_village ON report_roster_lines(year, village_code);
    """

    /// v4, compact rows: nothing another table holds is repeated (such repeats were a fifth of a
    /// county's first-run database).
    /// - `records` loses `file_name` and `file_date` (55 bytes a row): `files` has them by `file_id`.
    /// - `enrollment`'s `line_no` becomes its rowid, so a roster line is found by its line.
    /// - `report_roster_lines` keeps the line's year, village and roster line; the person comes from
    ///   `enrollment`, channel and time from `records` (see `RosterReport`). Lines copied from v3 get
    ///   digest 0, so the next run rewrites them.
    static let v4CompactRows = """
    DROP VIEW payments_v1;
    ALTER TABLE records DROP COLUMN file_name;
    ALTER TABLE records DROP COLUMN file_date;
    CREATE VIEW payments_v1 AS
        SELECT p.channel, p.ref AS txn_ref, p.kind, p.original_ref, p.id_number, p.id_valid, p.insurance, p.year,
               p.amount_fen, p.paid_at, p.payer_key, p.name, f.name AS source_file, p.line_no AS source_line,
               CASE WHEN p.kind = 'payment' AND p.amount_fen - COALESCE((
                   SELECT SUM(v.amount_fen) FROM records v
                   WHERE v.kind = 'reversal' AND v.is_primary = 1 AND v.channel = p.channel AND v.original_ref = p.ref
               ), 0) > 0 THEN 1 ELSE 0 END AS effective
        FROM records p JOIN files f ON f.id = p.file_id WHERE p.is_primary = 1;

    -- The current roster only (one file): a newer snapshot replaces it whole.
    CREATE TABLE enrollment_v4(
        id_number TEXT NOT NULL,
        id_valid INTEGER NOT NULL,
        name TEXT NOT NULL,
        sex TEXT,
        birth_date TEXT,
        household TEXT,
        town_code TEXT,
        village_code TEXT,
        village_name TEXT,
        insurance TEXT NOT NULL,
        status TEXT NOT NULL,
        residence TEXT,
        student INTEGER NOT NULL,
        tier_yuan INTEGER,
        registered_on TEXT,
        file_id INTEGER NOT NULL REFERENCES files(id),
        line_no INTEGER PRIMARY KEY
    );
    INSERT INTO enrollment_v4 SELECT * FROM enrollment ORDER BY line_no;
    DROP TABLE enrollment;
    ALTER TABLE enrollment_v4 RENAME TO enrollment;

    -- The publication roster: one row per effective payment with a valid ID whose (ID, insurance) has a
    -- roster row; roster_line is that row (enrollment.line_no), village_code its village (for the
    -- index); net_fen is what the reversals left. Keyed by the payment's records.id; digest (of the
    -- other columns) lets a run rewrite only the rows that changed.
    CREATE TABLE report_roster_lines_v4(
        record_id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL, village_code TEXT NOT NULL, roster_line INTEGER NOT NULL, net_fen INTEGER NOT NULL,
        digest INTEGER NOT NULL
    );
    -- A line's person is the first roster row of its (ID, insurance), as the view takes it. Grouped
    -- once and joined (SQLite indexes the grouped rows): a correlated lookup per line scanned the
    -- unindexed roster for each of a county's 427k lines.
    INSERT INTO report_roster_lines_v4
        SELECT l.record_id, l.year, l.village_code, f.line_no, l.net_fen, 0
        FROM report_roster_lines l
        JOIN (SELECT id_number, insurance, min(line_no) AS line_no FROM enrollment GROUP BY id_number, insurance) f
          ON f.id_number = l.id_number AND f.insurance = l.insurance;
    DROP TABLE report_roster_lines;
    ALTER TABLE report_roster_lines_v4 RENAME TO report_roster_lines;
    CREATE INDEX report_roster_lines_village ON report_roster_lines(year, village_code);
    INSERT OR REPLACE INTO meta(key, value)
        SELECT 'report_roster_file', COALESCE((SELECT value FROM meta WHERE key = 'roster_file_id'), '')
        WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'report_summaries_run');
    """

    /// meta keys the view snapshot (`ViewStamp`) is checked against: the database's identity, and a
    /// counter every change or deletion of stored records and ledger rows bumps, whoever makes it.
    static let databaseIDKey = "database_id"
    static let viewEpochKey = "view_epoch"

    static let v5ViewStamp = """
    INSERT OR IGNORE INTO meta(key, value) VALUES ('database_id', lower(hex(randomblob(16))));
    INSERT OR IGNORE INTO meta(key, value) VALUES ('view_epoch', '0');
    CREATE INDEX ledger_file ON ledger(file_id);
    """ + viewEpochTriggers

    /// Rows are added with growing ids (records) or file ids (ledger): a snapshot of the view takes
    /// the rows added since it was made. A row changed or deleted in place makes it stale; these
    /// triggers see every such change, recon's own (a sighting demoted, a reversal's original
    /// resolved, a purge) or anyone else's. (The roster is replaced whole, under meta `roster_file_id`.)
    static let viewEpochTriggers = viewEpochEvents.map { table, event in
        """
        CREATE TRIGGER \(viewEpochTrigger(table, event)) AFTER \(event) ON \(table) BEGIN
            \(bumpViewEpoch)
        END;
        """
    }.joined(separator: "\n")

    static let viewEpochEvents = [("records", "UPDATE"), ("records", "DELETE"), ("ledger", "UPDATE"),
                                  ("ledger", "DELETE"), ("enrollment", "UPDATE")]
    static func viewEpochTrigger(_ table: String, _ event: String) -> String { "\(table)_view_epoch_\(event.lowercased())" }
    static let bumpViewEpoch = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'view_epoch';"

    /// v6: the review decisions form a hash chain (`ReviewTrail`: each entry's SHA-256 covers the
    /// previous entry's and its own content; `prev_hash`/`hash`, filled for existing rows when the
    /// store opens), guarded against changes in place; and the review desk's accounts (`users`) and
    /// sessions (`sessions`: a token's SHA-256, never the token); the findings in the list's order
    /// (`findings_list`, and by town and by review state and status: the review desk pages through 600k
    /// findings without sorting them); a person's findings (`findings_person`, a finding's page).
    /// `reviews_v1` keeps its columns.
    static let v6TrailAndAccounts = """
    ALTER TABLE reviews ADD COLUMN prev_hash TEXT;
    ALTER TABLE reviews ADD COLUMN hash TEXT;
    CREATE TABLE users(
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('auditor', 'tax', 'finance', 'viewer', 'admin')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX findings_list ON findings(CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, code, subject);
    CREATE INDEX findings_list_town ON findings(town_code, CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, code, subject);
    CREATE INDEX findings_list_state ON findings(review_state, status, CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, code, subject);
    CREATE INDEX findings_person ON findings(id_number) WHERE id_number <> '';
    CREATE TABLE sessions(
        token_hash TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES users(name),
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    """ + reviewGuards

    /// v7: each of the review desk's orders — severity, money at stake (largest first), newest first
    /// found — has an index holding every column the list filters on, so any page of any filter reads
    /// one index and no finding (a page of 600k findings in milliseconds). They replace v6's list indexes.
    static let v7FindingsSorts = """
    DROP INDEX findings_list;
    DROP INDEX findings_list_town;
    DROP INDEX findings_list_state;
    CREATE INDEX findings_list ON findings(CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, code, subject,
        \(listColumns), first_seen_at);
    CREATE INDEX findings_amount ON findings(COALESCE(amount_fen, 0) DESC, code, subject, amount_fen, \(listColumns), first_seen_at);
    CREATE INDEX findings_recent ON findings(first_seen_at DESC, code, subject, \(listColumns));
    """

    /// What the findings list filters on.
    static let listColumns = "severity, status, review_state, town_code, village_code, channel"

    /// Review decisions are appended, never changed: an UPDATE is refused, and so is a DELETE except
    /// the purge's (which drops these for its transaction and seals the chain again, `Purge`).
    static let reviewGuards = """
    CREATE TRIGGER reviews_append_only_update BEFORE UPDATE ON reviews BEGIN
        SELECT RAISE(ABORT, 'review decisions are append-only');
    END;
    CREATE TRIGGER reviews_append_only_delete BEFORE DELETE ON reviews BEGIN
        SELECT RAISE(ABORT, 'review decisions are append-only');
    END;
    """
}
