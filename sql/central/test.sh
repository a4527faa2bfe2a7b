#!/usr/bin/env bash
# The central store's SQL, end to end on a throwaway PostgreSQL (scripts/pg.sh): migrations as
# recon_owner, three counties, hand-made pushes as each county's role, the cross-county findings
# and their lifecycle, reviews, and what a county's credentials cannot do.
# Exits non-zero on the first mismatch. Needs the PostgreSQL 15+ server binaries and python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/pg.sh
source "$root/scripts/pg.sh"

pg_start
trap pg_stop EXIT

A=370406   # 山亭区
B=370402   # 市中区
C=370481   # 滕州市
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

owner() {   # owner ARGS...: psql as recon_owner (unaligned, tuples only, stop on error)
    PGPASSWORD="$(cat "$RECON_PG_PASSWORD_FILE")" psql "$RECON_PG_URL" -X -q -At -v ON_ERROR_STOP=1 "$@"
}
county() {  # county CODE ARGS...: psql as recon_CODE
    local code=$1; shift
    PGPASSWORD="$(cat "$RECON_PG_DIR/county_$code.pass")" \
        psql "postgresql://recon_$code@127.0.0.1:$RECON_PG_PORT/recon" -X -q -At -v ON_ERROR_STOP=1 "$@"
}
expect_eq() {  # expect_eq WHAT EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then ok "$1"; else
        fail "$1"; diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/    /' >&2 || true
    fi
}
expect_error() {  # expect_error WHAT PATTERN CMD...: CMD must fail with a message matching PATTERN
    local what=$1 pattern=$2 out; shift 2
    if out=$("$@" 2>&1); then fail "$what: succeeded: $out"; return; fi
    if grep -qE "$pattern" <<<"$out"; then ok "$what (${out%%$'\n'*})"; else fail "$what: wrong error: $out"; fi
}

# migrate: what `recon-central migrate` does — each NNN_*.sql whose version is not recorded yet,
# in order, each in one transaction.
migrate() {
    local f v applied
    for f in "$here"/[0-9][0-9][0-9]_*.sql; do
        v=$((10#$(basename "$f" | cut -c1-3)))
        if [ "$(owner -c "SELECT to_regclass('schema_migrations') IS NOT NULL")" = t ]; then
            applied=$(owner -c "SELECT count(*) FROM schema_migrations WHERE version = $v")
            [ "$applied" = 0 ] || continue
        fi
        owner -1 -f "$f"
        echo "migrated: $(basename "$f")"
    done
}

# scram_verifier PASSWORD-FILE: the SCRAM-SHA-256 verifier PostgreSQL stores, computed here, so
# the plain password need not reach the server at all.
scram_verifier() {
    python3 - "$1" <<'PY'
import base64, hashlib, hmac, os, sys
pw = open(sys.argv[1], 'rb').read().rstrip(b'\n')
salt, it = os.urandom(16), 4096
salted = hashlib.pbkdf2_hmac('sha256', pw, salt, it)
client_key = hmac.new(salted, b'Client Key', 'sha256').digest()
server_key = hmac.new(salted, b'Server Key', 'sha256').digest()
b64 = lambda b: base64.b64encode(b).decode()
print(f"SCRAM-SHA-256${it}:{b64(salt)}${b64(hashlib.sha256(client_key).digest())}:{b64(server_key)}")
PY
}

# add_county CODE [verifier]: recon_add_county with a random password from a 0600 file (read by
# psql from the file, never on a command line); with `verifier`, only its SCRAM verifier is sent.
add_county() {
    local code=$1 pwfile="$RECON_PG_DIR/county_$1.pass"
    (umask 077; head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 24 >"$pwfile")
    if [ "${2:-}" = verifier ]; then
        scram_verifier "$pwfile" >"$pwfile.scram"
        owner -o /dev/null -v code="$code" -v pwfile="$pwfile.scram" <<'SQL'
\set pw `cat :'pwfile'`
SELECT recon_add_county(:'code', :'pw');
SQL
    else
        owner -o /dev/null -v code="$code" -v pwfile="$pwfile" <<'SQL'
\set pw `cat :'pwfile'`
SELECT recon_add_county(:'code', :'pw');
SQL
    fi
}

# load CODE TABLE < CSV: as county CODE, what a push does with a table — COPY into a temporary
# table (COPY FROM into a table under row-level security is refused by PostgreSQL), then
# INSERT … SELECT through the county's policy.
load() {
    local code=$1 table=$2
    { printf 'BEGIN;\nCREATE TEMP TABLE stage (LIKE %s) ON COMMIT DROP;\nCOPY stage FROM STDIN WITH (FORMAT csv);\n' "$table"
      cat; printf '\\.\nINSERT INTO %s SELECT * FROM stage;\nCOMMIT;\n' "$table"; } | county "$code"
}

echo "== migrations"
migrate
expect_eq "migrations recorded" "1,2,3" "$(owner -c "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations")"
expect_eq "migrate again does nothing" "" "$(migrate)"

echo "== counties"
add_county $A
add_county $B
add_county $C verifier
add_county $A   # again: idempotent (new password)
expect_eq "counties" "370402|recon_370402
370406|recon_370406
370481|recon_370481" "$(owner -c "SELECT county, role_name FROM counties ORDER BY county")"
expect_eq "partitions" "18" "$(owner -c "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                                          WHERE c.relname ~ '^county_[a-z]+_3704(06|02|81)$'")"
expect_eq "county roles: login, nothing else" "recon_370402|t|f|f|f|f|f
recon_370406|t|f|f|f|f|f
recon_370481|t|f|f|f|f|f" "$(owner -c "SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolinherit
                                       FROM pg_roles WHERE rolname ~ '^recon_[0-9]{6}$' ORDER BY 1")"
expect_eq "a verifier-added county logs in with its plain password" "recon_370481" "$(county $C -c 'SELECT current_user')"
expect_error "a bad county code is refused" "6 digits" owner -c "SELECT recon_add_county('37040', 'longenough')"

echo "== pushes"
# county,channel,txn_ref,kind,original_ref,id_number,id_valid,insurance,year,amount_fen,paid_at,payer_key,name,source_file,source_line,effective
load $A county_payments <<'CSV'
370406,wechat,WX-P2,payment,,370402197502020029,1,pension,2026,30000,2025-11-10 10:00:00,oUser2,,wx_1_20251110.csv.gz,2,1
370406,etax,ET-P3,payment,,370406195003030034,1,pension,2026,35000,2025-11-01 09:30:00,,张三,ledger_20251101.csv.gz,3,1
370406,gov,GOV-P3-DAY,payment,,370406195003030034,1,medical,2026,38000,2025-10-05 09:00:00,,张三,ledger_20251005.csv.gz,4,1
370406,wechat,WX-P5,payment,,370406199005050053,1,pension,2025,20000,2024-11-01 08:00:00,oUser5,,wx_1_20241101.csv.gz,5,1
370406,wechat,WX-P6,payment,,37040219600606006X,1,pension,2026,10000,2025-11-03 08:00:00,oUser6,,wx_1_20251103.csv.gz,6,1
370406,wechat,WX-P7,payment,,370406197007070075,1,medical,2026,38000,2025-11-05 08:00:00,oUser7,,wx_1_20251105.csv.gz,7,0
370406,wechat,WXR-P7,reversal,WX-P7,370406197007070075,1,medical,2026,38000,2025-11-06 08:00:00,oUser7,,wx_1_20251106.csv.gz,8,0
370406,gov,GOV-P8A,payment,,370402195508080082,1,medical,2026,19000,2025-11-07 08:00:00,,,ledger_20251107.csv.gz,9,1
370406,gov,GOV-P9A,payment,,370406194009090092,1,medical,2026,38000,2025-11-08 08:00:00,,,ledger_20251108.csv.gz,10,1
370406,wechat,WX-P10,payment,,37040619651010010Y,0,pension,2026,30000,2025-11-09 08:00:00,oUser10,,wx_1_20251109.csv.gz,11,1
370406,wechat,WX-P11,payment,,370406196611110112,1,pension,2026,30000,2025-11-15 08:00:00,oUser11,,wx_1_20251115.csv.gz,12,1
370406,wechat,WX-P12,payment,,37040219671212012X,1,pension,2026,30000,2025-11-15 08:00:00,oUser12,,wx_1_20251115.csv.gz,13,1
370406,wechat,WX-P13,payment,,370406196801150131,1,pension,2026,30000,2025-11-15 08:00:00,oUser13,,wx_1_20251115.csv.gz,14,1
370406,gov,GOV-P14,payment,,370406198001010017,1,medical,2026,38000,2025-11-16 08:00:00,,,ledger_20251116.csv.gz,15,1
CSV
load $B county_payments <<'CSV'
370402,alipay,AL-P2,payment,,370402197502020029,1,pension,2026,50000,2025-12-01 11:00:00,acct2@2025-12-01,,alipay_20251201.csv.gz,2,1
370402,alipay,AL-P5,payment,,370406199005050053,1,pension,2026,20000,2025-11-02 08:00:00,acct5@2025-11-02,,alipay_20251102.csv.gz,3,1
370402,alipay,AL-P6,payment,,37040219600606006X,1,medical,2026,38000,2025-11-04 08:00:00,acct6@2025-11-04,,alipay_20251104.csv.gz,4,1
370402,alipay,AL-P7,payment,,370406197007070075,1,medical,2026,38000,2025-11-05 09:00:00,acct7@2025-11-05,,alipay_20251105.csv.gz,5,1
370402,wechat,WX-P8B,payment,,370402195508080082,1,medical,2026,19000,2025-11-07 09:00:00,oUser8,,wx_2_20251107.csv.gz,6,1
370402,gov,GOV-P9B,payment,,370406194009090092,1,medical,2026,38000,2025-11-08 09:00:00,,,ledger_20251108.csv.gz,7,1
370402,wechat,WX-P10B,payment,,37040619651010010Y,0,pension,2026,30000,2025-11-09 09:00:00,oUser10,,wx_2_20251109.csv.gz,8,1
370402,gov,GOV-P14,payment,,370406198001010017,1,medical,2026,38000,2025-11-16 08:00:00,,,ledger_20251116.csv.gz,9,1
CSV
# county,id_number,id_valid,insurance,name,household,town_code,village_code,status
load $A county_roster <<'CSV'
370406,370406198001010017,1,pension,王一,H001,370406102,370406102001,正常
370406,370406198001010017,1,medical,王一,H001,370406102,370406102001,正常
370406,370402198804040046,1,pension,赵四,H004,370406103,370406103002,正常
370406,37040619651010010Y,0,pension,钱十,H010,370406102,370406102003,正常
CSV
load $B county_roster <<'CSV'
370402,370406198001010017,1,pension,王一,B777,370402001,370402001004,正常
370402,370406198001010017,1,medical,王一,B777,370402001,370402001004,暂停
370402,370402198804040046,1,pension,赵四,B004,370402002,370402002001,终止
370402,37040619651010010Y,0,pension,钱十,B010,370402001,370402001002,正常
CSV
# county,id_number,id_valid,death_date,reported_date
load $A county_deaths <<'CSV'
370406,37040219600606006X,1,2025-09-01,2025-09-10
CSV
load $B county_deaths <<'CSV'
370402,370406195003030034,1,2025-10-05,2025-10-20
370402,37040219600606006X,1,2025-09-01,2025-09-15
370402,370406196611110112,1,2025-11-01,2025-11-10
370402,37040219671212012X,1,2025-12-01,2025-12-05
370402,370406196801150131,1,2025-11-20,2025-12-01
CSV
load $C county_deaths <<'CSV'
370481,370406196611110112,1,2025-12-01,2025-12-20
370481,37040219671212012X,1,2025-11-01,2025-12-20
370481,370406196801150131,1,2025-11-01,2025-12-01
CSV
# A county's own findings, files, reviews and push record, as a push writes them.
county $A <<'SQL'
BEGIN;
INSERT INTO pushes(county) VALUES ('370406');
INSERT INTO county_files VALUES ('370406', 'wx_1_20251110.csv.gz', 'ab12', 'wechat', 'ingested', 14, 0, NULL, '2025-11-11 02:00:00');
INSERT INTO county_findings VALUES ('370406', 'DUPLICATE_PAYMENT', 'person:370402197502020029:pension:2026', 'high', 'open',
    2026, '370402197502020029', 'pension', NULL, NULL, '370406102', '370406102001', 30000, '{"payments": []}',
    '2025-11-11 02:00:00', '2025-11-12 02:00:00', 'new', NULL);
INSERT INTO county_reviews VALUES ('370406', 'DUPLICATE_PAYMENT', 'person:370402197502020029:pension:2026', 'confirmed', 'li', 'ok', '2025-11-12 09:00:00');
UPDATE pushes SET status = 'ok', finished_at = now(), files = 1, payments = 14, roster_rows = 4, deaths = 1, findings = 1
    WHERE county = '370406' AND status = 'running';
COMMIT;
SQL
county $B -c "INSERT INTO pushes(county, status, finished_at, error) VALUES ('370402', 'failed', now(), 'connection reset')"
expect_eq "county_payments_v1 (one row)" "370406|wechat|WX-P2|payment||370402197502020029|1|pension|2026|30000|2025-11-10 10:00:00|oUser2||wx_1_20251110.csv.gz|2|1" \
    "$(owner -c "SELECT * FROM county_payments_v1 WHERE txn_ref = 'WX-P2'")"
expect_eq "county_findings_v1" "370406|DUPLICATE_PAYMENT|person:370402197502020029:pension:2026|high|open|2026|370402197502020029|pension|||370406102|370406102001|30000|{\"payments\": []}|2025-11-11 02:00:00|2025-11-12 02:00:00|new|" \
    "$(owner -c "SELECT * FROM county_findings_v1")"
expect_eq "pushes_v1" "370402|failed|connection reset|||||
370406|ok||1|14|4|1|1" "$(owner -c "SELECT county, status, error, files, payments, roster_rows, deaths, findings FROM pushes_v1 ORDER BY county")"
expect_eq "pushes_v1 times in Beijing time" "t" "$(owner -c "SELECT bool_and(started_at = to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')
                                                          OR started_at < to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'))
                                                   AND bool_and(started_at ~ '^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$') FROM pushes_v1")"
expect_eq "view columns" "central_findings_v1: code,subject,severity,status,year,id_number,insurance,counties,amount_fen,detail,first_seen_at,last_seen_at,review_state,review_note
central_reviews_v1: code,subject,state,reviewer,note,at
county_findings_v1: county,code,subject,severity,status,year,id_number,insurance,channel,txn_ref,town_code,village_code,amount_fen,detail,first_seen_at,last_seen_at,review_state,review_note
county_payments_v1: county,channel,txn_ref,kind,original_ref,id_number,id_valid,insurance,year,amount_fen,paid_at,payer_key,name,source_file,source_line,effective
pushes_v1: county,started_at,finished_at,status,error,files,payments,roster_rows,deaths,findings" \
    "$(owner -c "SELECT table_name || ': ' || string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
                 WHERE table_name LIKE '%\_v1' GROUP BY table_name ORDER BY table_name")"

echo "== reconcile"
findings() {  # the findings, one line each, without the times
    owner -c "SELECT code, subject, severity, status, year, id_number, insurance, counties, amount_fen, review_state, review_note
              FROM central_findings_v1 ORDER BY code, subject"
}
dump() {      # everything of central_findings_v1 but last_seen_at
    owner -c "SELECT code, subject, severity, status, year, id_number, insurance, counties, amount_fen, detail, first_seen_at,
                     review_state, review_note FROM central_findings_v1 ORDER BY code, subject"
}
reconcile() { owner -F ' ' -f "$here/reconcile.sql"; }

expect_eq "first reconcile: found new reopened resolved open" "5 5 0 0 5" "$(reconcile)"
expected="CROSS_COUNTY_DUPLICATE|person:370402197502020029:pension:2026|high|open|2026|370402197502020029|pension|370402,370406|80000|new|
CROSS_COUNTY_DUPLICATE|person:370406194009090092:medical:2026|high|open|2026|370406194009090092|medical|370402,370406|76000|new|
DEATH_ELSEWHERE|txn:370406:etax:ET-P3|high|open|2026|370406195003030034|pension|370402,370406|35000|new|
DEATH_ELSEWHERE|txn:370406:wechat:WX-P12|high|open|2026|37040219671212012X|pension|370406,370481|30000|new|
ENROLLED_IN_TWO_COUNTIES|person:370406198001010017:pension|medium|open||370406198001010017|pension|370402,370406||new|"
expect_eq "the cross-county findings" "$expected" "$(findings)"
expect_eq "CROSS_COUNTY_DUPLICATE detail" \
    '{"counties": ["370402", "370406"], "payments": [{"county": "370406", "channel": "wechat", "paid_at": "2025-11-10 10:00:00", "payment": "personal", "txn_ref": "WX-P2", "amount_fen": 30000, "source_file": "wx_1_20251110.csv.gz", "source_line": 2}, {"county": "370402", "channel": "alipay", "paid_at": "2025-12-01 11:00:00", "payment": "personal", "txn_ref": "AL-P2", "amount_fen": 50000, "source_file": "alipay_20251201.csv.gz", "source_line": 2}], "personal_counties": ["370402", "370406"], "government_counties": []}' \
    "$(owner -c "SELECT detail FROM central_findings_v1 WHERE subject = 'person:370402197502020029:pension:2026'")"
expect_eq "DEATH_ELSEWHERE detail: the latest 通报日期 stands (C's, not B's later death)" \
    '370481|2025-11-01|2025-12-20|14|2|370402' \
    "$(owner -c "SELECT detail->'death'->>'county', detail->'death'->>'death_date', detail->'death'->>'reported_date',
                        detail->>'days_after_death', jsonb_array_length(detail->'death_records'), detail->'death_records'->1->>'county'
                 FROM central_findings WHERE subject = 'txn:370406:wechat:WX-P12'")"
expect_eq "DEATH_ELSEWHERE detail: the payment" '370406|etax|ET-P3|personal|2025-11-01 09:30:00|27' \
    "$(owner -c "SELECT detail->'payment'->>'county', detail->'payment'->>'channel', detail->'payment'->>'txn_ref',
                        detail->'payment'->>'payment', detail->'payment'->>'paid_at', detail->>'days_after_death'
                 FROM central_findings WHERE subject = 'txn:370406:etax:ET-P3'")"
expect_eq "ENROLLED_IN_TWO_COUNTIES detail" \
    '{"counties": ["370402", "370406"], "enrollments": [{"name": "王一", "county": "370402", "status": "正常", "household": "B777", "town_code": "370402001", "village_code": "370402001004"}, {"name": "王一", "county": "370406", "status": "正常", "household": "H001", "town_code": "370406102", "village_code": "370406102001"}]}' \
    "$(owner -c "SELECT detail FROM central_findings_v1 WHERE code = 'ENROLLED_IN_TWO_COUNTIES'")"
expect_eq "government payments in two counties" '["370402", "370406"]|[]' \
    "$(owner -c "SELECT detail->'government_counties', detail->'personal_counties' FROM central_findings
                 WHERE subject = 'person:370406194009090092:medical:2026'")"
expect_eq "times as Beijing time text" "t" "$(owner -c "SELECT bool_and(v.first_seen_at = to_char(f.first_seen_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'))
                                                 FROM central_findings_v1 v JOIN central_findings f USING (code, subject)")"

before=$(dump)
seen_before=$(owner -c "SELECT max(last_seen_at) FROM central_findings")
sleep 1
expect_eq "second reconcile: found new reopened resolved open" "5 0 0 0 5" "$(reconcile)"
expect_eq "second reconcile changes nothing but last_seen_at" "$before" "$(dump)"
expect_eq "last_seen_at moved on" "t" "$(owner -c "SELECT bool_and(last_seen_at > '$seen_before') FROM central_findings")"

echo "== lifecycle and reviews"
P2="person:370402197502020029:pension:2026"
first_seen=$(owner -c "SELECT first_seen_at FROM central_findings_v1 WHERE subject = '$P2'")
expect_eq "county B removes its duplicate payment" "DELETE 1" "$(county $B -c "DELETE FROM county_payments WHERE txn_ref = 'AL-P2'" -v QUIET=0)"
expect_eq "reconcile: one resolved" "4 0 0 1 4" "$(reconcile)"
expect_eq "the duplicate is resolved" "resolved" "$(owner -c "SELECT status FROM central_findings WHERE subject = '$P2'")"
expect_eq "review" "1" "$(owner -c "SELECT recon_central_review('CROSS_COUNTY_DUPLICATE', '$P2', 'confirmed', 'auditor 李', 'refund asked in 370402')")"
expect_error "a review of an unknown finding is refused" "no cross-county finding" \
    owner -c "SELECT recon_central_review('CROSS_COUNTY_DUPLICATE', 'person:1:pension:2026', 'confirmed', 'x', 'y')"
expect_error "a review with an unknown state is refused" "confirmed, dismissed or escalated" \
    owner -c "SELECT recon_central_review('CROSS_COUNTY_DUPLICATE', '$P2', 'approved', 'x', 'y')"
expect_eq "review.sql" "2" "$(owner -v code=ENROLLED_IN_TWO_COUNTIES -v subject=person:370406198001010017:pension -v state=escalated \
                                   -v reviewer=王 -v note='two rosters' -f "$here/review.sql")"
expect_eq "reconcile after the review" "4 0 0 0 4" "$(reconcile)"
expect_eq "review state kept" "resolved|confirmed|refund asked in 370402" \
    "$(owner -c "SELECT status, review_state, review_note FROM central_findings WHERE subject = '$P2'")"
load $B county_payments <<'CSV'
370402,alipay,AL-P2,payment,,370402197502020029,1,pension,2026,50000,2025-12-01 11:00:00,acct2@2025-12-01,,alipay_20251201.csv.gz,2,1
CSV
expect_eq "the payment back: reopened" "5 0 1 0 5" "$(reconcile)"
expect_eq "reopened under the same subject, first_seen_at and review kept" "open|$first_seen|confirmed|refund asked in 370402" \
    "$(owner -c "SELECT status, first_seen_at, review_state, review_note FROM central_findings_v1 WHERE subject = '$P2'")"
expect_eq "central_reviews_v1" "CROSS_COUNTY_DUPLICATE|$P2|confirmed|auditor 李|refund asked in 370402
ENROLLED_IN_TWO_COUNTIES|person:370406198001010017:pension|escalated|王|two rosters" \
    "$(owner -c "SELECT code, subject, state, reviewer, note FROM central_reviews_v1 ORDER BY at, code")"
expect_eq "the other findings kept their review state" "escalated" \
    "$(owner -c "SELECT review_state FROM central_findings WHERE code = 'ENROLLED_IN_TWO_COUNTIES'")"
expect_error "central_reviews: no UPDATE" "append-only" owner -c "UPDATE central_reviews SET note = 'x'"
expect_error "central_reviews: no DELETE" "append-only" owner -c "DELETE FROM central_reviews"
expect_error "central_reviews: no TRUNCATE" "append-only" owner -c "TRUNCATE central_reviews"

echo "== the push protocol (push_begin.sql, push_merge.sql): idempotent, only changes written"
# versions TABLE: every row of county A in TABLE with the transaction that last wrote it.
versions() { owner -c "SELECT string_agg(xmin::text || ':' || md5(t::text), ',' ORDER BY md5(t::text)) FROM $1 t WHERE county = '$A'"; }
push_as_a() {  # push_as_a [SQL run on the stages before the merge]: A pushes its current rows again
    county $A -F ' ' <<SQL
BEGIN;
\i $here/push_begin.sql
INSERT INTO stage_files SELECT * FROM county_files;
INSERT INTO stage_payments SELECT * FROM county_payments;
INSERT INTO stage_roster SELECT * FROM county_roster;
INSERT INTO stage_deaths SELECT * FROM county_deaths;
INSERT INTO stage_findings SELECT * FROM county_findings;
INSERT INTO stage_reviews SELECT * FROM county_reviews;
${1:-}
\i $here/push_merge.sql
COMMIT;
SQL
}
tables="county_files county_payments county_roster county_deaths county_findings county_reviews"
declare -A v0
for t in $tables; do v0[$t]=$(versions $t); done
expect_eq "an unchanged push: counts, nothing replaced" "1 14 4 1 1 " "$(push_as_a)"
for t in $tables; do expect_eq "an unchanged push writes no row of $t" "${v0[$t]}" "$(versions $t)"; done
expect_eq "a push with changes" "1 14 4 1 1 roster" "$(push_as_a "
UPDATE stage_payments SET amount_fen = amount_fen + 1 WHERE txn_ref = 'WX-P5';
DELETE FROM stage_payments WHERE txn_ref = 'WX-P6';
INSERT INTO stage_payments VALUES ('$A','wechat','WX-NEW','payment',NULL,'370406199005050053',1,'medical',2026,38000,'2025-11-20 08:00:00',NULL,NULL,'wx_1_20251120.csv.gz',1,1);
UPDATE stage_roster SET household = 'H002' WHERE insurance = 'medical';")"
expect_eq "… wrote exactly the changed payments" "12 unchanged, written: WX-NEW WX-P5, WX-P6 gone" \
    "$(owner -c "WITH before AS (SELECT unnest(string_to_array('${v0[county_payments]}', ',')) AS v),
                      now AS (SELECT txn_ref, xmin::text || ':' || md5(t::text) AS v FROM county_payments t WHERE county = '$A')
                 SELECT count(*) FILTER (WHERE v IN (SELECT v FROM before)) || ' unchanged, written: '
                        || string_agg(txn_ref, ' ' ORDER BY txn_ref) FILTER (WHERE v NOT IN (SELECT v FROM before))
                        || CASE WHEN bool_or(txn_ref = 'WX-P6') THEN ', WX-P6 kept' ELSE ', WX-P6 gone' END
                 FROM now")"
expect_eq "… the roster replaced with the new household" "H001,H002,H004,H010" \
    "$(owner -c "SELECT string_agg(household, ',' ORDER BY household) FROM county_roster WHERE county = '$A'")"
expect_eq "findings after that push (nothing cross-county changed)" "5 0 0 0 5" "$(reconcile)"
expect_error "a push with a row of another county fails whole" "violates row-level security policy" \
    push_as_a "INSERT INTO stage_deaths VALUES ('$B','370406198001010017',1,'2025-01-01','2025-01-02');"
expect_eq "… and left nothing behind" "0" "$(owner -c "SELECT count(*) FROM county_deaths WHERE id_number = '370406198001010017'")"

echo "== confinement: what county $A's credentials can do"
own=$(county $A -c "SELECT count(*) FROM county_payments")
expect_eq "sees its own payments only" "14|14|0" \
    "$(county $A -c "SELECT count(*), count(*) FILTER (WHERE county = '$A'), count(*) FILTER (WHERE county <> '$A') FROM county_payments")"
for t in county_files county_payments county_roster county_deaths county_findings county_reviews pushes; do
    expect_eq "SELECT $t of $B: no rows" "0" "$(county $A -c "SELECT count(*) FROM $t WHERE county = '$B'")"
done
expect_eq "owner sees all counties" "370402,370406" "$(owner -c "SELECT string_agg(DISTINCT county, ',' ORDER BY county) FROM county_payments")"
expect_error "INSERT a row of $B" "violates row-level security policy" \
    county $A -c "INSERT INTO county_payments VALUES ('$B','wechat','X1','payment',NULL,'370406198001010017',1,'pension',2026,1,'2025-11-10 10:00:00',NULL,NULL,'f',1,1)"
expect_error "INSERT a roster row of $B" "violates row-level security policy" \
    county $A -c "INSERT INTO county_roster VALUES ('$B','370406198001010017',1,'pension','x',NULL,'370402001',NULL,'正常')"
expect_error "INSERT a death of $B" "violates row-level security policy" \
    county $A -c "INSERT INTO county_deaths VALUES ('$B','370406198001010017',1,'2025-01-01','2025-01-02')"
expect_error "INSERT a push of $B" "violates row-level security policy" county $A -c "INSERT INTO pushes(county) VALUES ('$B')"
expect_error "a roster row with another county's 乡镇代码" "violates check constraint" \
    county $A -c "INSERT INTO county_roster VALUES ('$A','370406198001010017',1,'pension','x',NULL,'370402001',NULL,'正常')"
expect_eq "UPDATE rows of $B: 0" "UPDATE 0" "$(county $A -v QUIET=0 -c "UPDATE county_payments SET amount_fen = 1 WHERE county = '$B'")"
expect_eq "UPDATE all payments touches its own only" "UPDATE 14" "$(county $A -v QUIET=0 -c "UPDATE county_payments SET amount_fen = amount_fen")"
expect_eq "DELETE rows of $B: 0" "DELETE 0" "$(county $A -v QUIET=0 -c "DELETE FROM county_payments WHERE county = '$B'")"
expect_error "DELETE pushes (no DELETE right on pushes)" "permission denied" county $A -c "DELETE FROM pushes WHERE county = '$B'"
expect_error "move its own row to $B" "violates row-level security policy" \
    county $A -c "UPDATE county_payments SET county = '$B' WHERE txn_ref = 'WX-P2'"
expect_error "INSERT … ON CONFLICT into $B's key" "violates row-level security policy" \
    county $A -c "INSERT INTO county_payments SELECT '$B', channel, txn_ref, kind, original_ref, id_number, id_valid, insurance, year, amount_fen, paid_at, payer_key, name, source_file, source_line, effective FROM county_payments LIMIT 1 ON CONFLICT DO NOTHING"
expect_error "COPY into the parent (RLS: refused for everyone, pushes stage first)" "COPY FROM not supported with row-level security" \
    county $A -c "COPY county_payments FROM STDIN"
expect_error "SELECT $B's partition" "permission denied" county $A -c "SELECT count(*) FROM county_payments_$B"
expect_error "INSERT into $B's partition" "permission denied" \
    county $A -c "INSERT INTO county_payments_$B SELECT * FROM county_payments_$B"
expect_error "even its own partition (only through the parent)" "permission denied" county $A -c "SELECT count(*) FROM county_payments_$A"
expect_error "TRUNCATE (would ignore RLS)" "permission denied" county $A -c "TRUNCATE county_payments"
expect_error "switch off row-level security" "must be owner" county $A -c "ALTER TABLE county_payments NO FORCE ROW LEVEL SECURITY"
expect_error "make a policy" "must be owner" county $A -c "CREATE POLICY mine ON county_payments USING (true)"
expect_error "SET ROLE to $B" "permission denied to set role" county $A -c "SET ROLE recon_$B"
expect_error "SET SESSION AUTHORIZATION" "permission denied" county $A -c "SET SESSION AUTHORIZATION recon_$B"
expect_error "read pg_authid" "permission denied" county $A -c "SELECT rolpassword FROM pg_authid"
expect_error "read pg_shadow" "permission denied" county $A -c "SELECT passwd FROM pg_shadow"
expect_eq "pg_roles masks passwords" "********" "$(county $A -c "SELECT DISTINCT rolpassword FROM pg_roles WHERE rolname LIKE 'recon%'")"
owner -c "ANALYZE county_payments, county_roster, county_deaths"
expect_eq "statistics exist (the next check is not vacuous)" "t" \
    "$(_pg_superuser_psql -d recon -At -c "SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'county_payments' AND attname = 'id_number'")"
expect_eq "no statistics of the tables under RLS (most common IDs)" "0" \
    "$(county $A -c "SELECT count(*) FROM pg_stats WHERE tablename LIKE 'county\_%'")"
for t in central_findings central_reviews counties central_findings_v1 central_reviews_v1 county_payments_v1 county_findings_v1 pushes_v1; do
    expect_error "SELECT $t" "permission denied" county $A -c "SELECT count(*) FROM $t"
done
expect_error "run reconcile" "permission denied" county $A -c "SELECT recon_reconcile()"
expect_error "add a county" "permission denied" county $A -c "SELECT recon_add_county('370499', 'longenoughpassword')"
expect_error "record a review" "permission denied" county $A -c "SELECT recon_central_review('a','b','confirmed','c','d')"
expect_error "create a table" "permission denied" county $A -c "CREATE TABLE public.mine(x int)"
expect_error "log in as $B with $A's password" "password authentication failed" \
    env PGPASSWORD="$(cat "$RECON_PG_DIR/county_$A.pass")" psql "postgresql://recon_$B@127.0.0.1:$RECON_PG_PORT/recon" -X -c "SELECT 1"
expect_error "log in with a wrong password" "password authentication failed" \
    env PGPASSWORD=wrong psql "postgresql://recon_$A@127.0.0.1:$RECON_PG_PORT/recon" -X -c "SELECT 1"
expect_eq "still only its own rows after all that" "$own" "$(county $A -c "SELECT count(*) FROM county_payments")"
expect_eq "and $B's rows are untouched" "8" "$(owner -c "SELECT count(*) FROM county_payments WHERE county = '$B'")"
expect_eq "the findings are as before" "5 0 0 0 5" "$(reconcile)"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all central SQL checks passed"
