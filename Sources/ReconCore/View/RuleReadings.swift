/// Where RULES.md leaves room, the reading the rules take (the most literal one), in one place.
///
/// 1. **Effective only, unless said.** Every payment rule looks at effective payments only
///    (amount − its primary reversals > 0): INVALID_ID, NOT_ENROLLED, NAME_MISMATCH,
///    INACTIVE_ENROLLMENT, PAID_AFTER_DEATH, NONSTANDARD_AMOUNT, TIER_NOT_ALLOWED,
///    SHOULD_BE_GOVERNMENT_PAID, GOVERNMENT_PAID_INELIGIBLE, INELIGIBLE_PENSION, LATE_PAYMENT,
///    LEDGER_MISMATCH, NO_POLICY, and the person and account rules. The exceptions are the ones
///    RULES.md names: REFUND_AFTER_CUTOFF (any reversal), LEDGER_WITHOUT_PAYMENT (any payment), and
///    the record checks (every repeated sighting of a payment or reversal).
/// 2. **Invalid IDs and NO_POLICY payments** get exactly the listed rules: the record checks, the
///    ledger checks (NOT_IN_TAX_LEDGER, LEDGER_WITHOUT_PAYMENT, LEDGER_MISMATCH), and for invalid IDs
///    INVALID_ID, the pension tier check (NONSTANDARD_AMOUNT for pension, including "a government
///    pension payment must be 100"), LATE_PAYMENT and REFUND_AFTER_CUTOFF. A NO_POLICY payment gets
///    NO_POLICY (and INVALID_ID when its ID is invalid, which needs neither), but not NOT_ENROLLED,
///    NAME_MISMATCH, INACTIVE_ENROLLMENT or PAID_AFTER_DEATH. Neither takes part in DUPLICATE_PAYMENT,
///    EMPLOYEE_INSURED, POOLED_ACCOUNT, MISSING_GOVERNMENT_PAYMENT or the subsidy lines.
/// 3. **Amount** is the payment's amount as paid, not net of partial reversals (tiers, shares, the
///    hardship tier, subsidy bands and sums, ledger comparison).
/// 4. **Roster facts come from the (ID, insurance) row** ("Person"): status, name, student, town and
///    village. INELIGIBLE_PENSION reads 在校学生 of the 养老 row only (no fallback to the 医疗 row).
///    Only POOLED_ACCOUNT's household falls back to any row of the ID, as RULES.md says. When a
///    snapshot has two rows for one (ID, insurance), the first stands.
/// 5. **NAME_MISMATCH** compares the trimmed texts exactly. "Did you mean": a roster row (either
///    insurance) of the enrolled person's 村居代码 whose name is the row's name and whose ID differs
///    from the paid one by one digit or one adjacent swap of the 17-digit body; the payment's
///    insurance first, then the smallest ID; others are listed as `other_candidates`.
/// 6. **MISSING_GOVERNMENT_PAYMENT** is checked for every year with a policy whose window's last day
///    is before as_of; "after the window" means as_of ≥ the day after the window's last day. The
///    severe-disability pension entitlement has no age condition.
/// 7. **REFUND_AFTER_CUTOFF**: dated after `refunds_until` (for 2024: on or after 2024-01-01). The
///    original is known when a primary payment of the same channel has txn_ref = original_ref; a
///    year without a policy has no limit, so nothing opens. The finding's txn_ref is the reversal_ref
///    (as in payments_v1); the original is in the detail.
/// 8. **POOLED_ACCOUNT** groups an account's payments of all years with a policy; the thresholds are
///    those of the newest year among them.
/// 9. **Ledger grace** of a NO_POLICY payment (or ledger row of a year without a policy): the newest
///    policy's. **LEDGER_MISMATCH** opens when any 个人缴费 row of the channel and 渠道流水号 differs; it
///    is not gated (the two "found each other").
/// 10. **Record checks**: each repeated sighting is compared with the standing one on amount,
///     normalised ID (and whether it is valid), insurance and time; an identity seen again both ways
///     opens both DUPLICATE_RECORD and CONFLICTING_RECORD.
/// 11. **Subsidy lines**: the newest claim of a (乡镇代码, 险种, 补助类别) by (file date, file name,
///     line); full_paid / half_paid are government medical payments equal to the policy's full /
///     half government share.
/// 12. **Dates**: PAID_AFTER_DEATH compares the payment's date with 死亡日期 (the death day itself
///     opens nothing); LATE_PAYMENT compares the time with the window's last second. Death,
///     assistance and employee rows with an invalid ID match nothing. Without any ingested statement
///     or ledger file (no as_of) the gated rules open nothing.
/// 13. **amount_fen** ("money at stake"): a payment's amount for txn findings; the money beyond one
///     payment of each kind for DUPLICATE_PAYMENT; the sum of the payments for EMPLOYEE_INSURED and
///     POOLED_ACCOUNT; the expected government share for MISSING_GOVERNMENT_PAYMENT; the reversal's
///     amount for REFUND_AFTER_CUTOFF; the ledger amount for LEDGER_WITHOUT_PAYMENT; |claimed −
///     computed 金额| for SUBSIDY_MISMATCH.
enum RuleReadings {}
