-- weiquan-store schema 1 (PostgreSQL). See docs/store.md.
CREATE TABLE store_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE cases (
    case_id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    intake_digest TEXT NOT NULL,
    query_code_hash TEXT NOT NULL,
    procedure TEXT NOT NULL,
    state TEXT NOT NULL,
    body_id TEXT NOT NULL,
    business_uscc TEXT,
    category TEXT NOT NULL,
    received_at TEXT NOT NULL,
    next_due TEXT,
    last_seq BIGINT NOT NULL CHECK (last_seq >= 1),
    head TEXT NOT NULL,
    closed_at TEXT,
    volunteer TEXT,
    station TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_body_state ON cases (body_id, state);
CREATE INDEX cases_next_due ON cases (next_due);
CREATE INDEX cases_business_uscc ON cases (business_uscc);
CREATE INDEX cases_category ON cases (category);
CREATE INDEX cases_received_at ON cases (received_at);

CREATE TABLE complaints (
    case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
    document TEXT NOT NULL
);

CREATE TABLE decisions (
    case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
    body_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    document TEXT NOT NULL
);

CREATE TABLE events (
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    seq BIGINT NOT NULL CHECK (seq >= 1),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    line TEXT NOT NULL,
    seal TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE FUNCTION weiquan_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION weiquan_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION weiquan_append_only();

CREATE TABLE personal (
    case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
    sealed BYTEA,
    mobile_hash TEXT,
    resident_id_hash TEXT,
    erased_at TEXT,
    CHECK ((sealed IS NULL) = (erased_at IS NOT NULL))
);
CREATE INDEX personal_mobile_hash ON personal (mobile_hash);
CREATE INDEX personal_resident_id_hash ON personal (resident_id_hash);

CREATE TABLE personal_reads (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id TEXT,
    staff TEXT NOT NULL,
    purpose TEXT NOT NULL,
    action TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX personal_reads_case ON personal_reads (case_id);
CREATE TRIGGER personal_reads_append_only BEFORE UPDATE OR DELETE ON personal_reads
    FOR EACH ROW EXECUTE FUNCTION weiquan_append_only();
CREATE TRIGGER personal_reads_no_truncate BEFORE TRUNCATE ON personal_reads
    FOR EACH STATEMENT EXECUTE FUNCTION weiquan_append_only();

CREATE TABLE assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    claim_id TEXT,
    document TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX assessments_case ON assessments (case_id);

CREATE TABLE responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    responder TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX responses_case ON responses (case_id);

CREATE TABLE ratings (
    case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    at TEXT NOT NULL
);

CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    event_seq BIGINT,
    recipient TEXT NOT NULL CHECK (recipient IN ('consumer', 'business', 'staff')),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);
