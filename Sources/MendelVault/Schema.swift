import GRDB

/// The vault's tables. PHI columns hold AES-256-GCM sealed boxes (nonce || ciphertext || tag).
enum Schema {
    static let format = "mendel-vault"
    /// `PRAGMA application_id` value: "MNDV".
    static let applicationID: Int32 = 0x4D4E_4456

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                PRAGMA application_id = \(applicationID);
                -- One row: how the master key is obtained and checked.
                CREATE TABLE meta (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    format TEXT NOT NULL,
                    master_key_kind TEXT NOT NULL CHECK (master_key_kind IN ('key', 'passphrase')),
                    scrypt_n INTEGER, scrypt_r INTEGER, scrypt_p INTEGER, scrypt_salt BLOB,
                    kek_salt BLOB NOT NULL,
                    key_check BLOB NOT NULL,
                    key_version INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    rotated_at INTEGER
                );
                -- Identity fields are sealed under the patient's DEK; mrn_index is an HMAC blind index.
                CREATE TABLE patients (
                    id TEXT PRIMARY KEY NOT NULL,
                    mrn_index BLOB UNIQUE,
                    mrn BLOB,
                    display_name BLOB,
                    date_of_birth BLOB,
                    wrapped_dek BLOB NOT NULL,
                    kek_version INTEGER NOT NULL,
                    dek_version INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                -- Non-PHI case facts, listable without keys.
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY NOT NULL,
                    patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    phenotype_count INTEGER NOT NULL,
                    variant_count INTEGER NOT NULL,
                    submitted_by_uid INTEGER
                );
                CREATE INDEX cases_patient ON cases(patient_id);
                CREATE INDEX cases_created ON cases(created_at, id);
                -- One row per (case, kind): deflate (or stored) then sealed.
                CREATE TABLE documents (
                    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('phenopacket', 'notes', 'vcf')),
                    encoding TEXT NOT NULL CHECK (encoding IN ('deflate', 'stored')),
                    plain_size INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (case_id, kind)
                );
                -- Versioned analysis outputs (diagnosis, variants, trace, report...), sealed like documents.
                CREATE TABLE results (
                    id TEXT PRIMARY KEY NOT NULL,
                    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    encoding TEXT NOT NULL CHECK (encoding IN ('deflate', 'stored')),
                    plain_size INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    UNIQUE (case_id, kind, version)
                );
                """)
        }
        // v2: payloads may also be LZ4 (`encoding = 'lz4'`, framing in `LZ4Codec`), the new default. The
        // `encoding` column is the payload's algorithm tag; v1 vaults (there are no production vaults yet)
        // keep their 'deflate' and 'stored' rows. SQLite cannot alter a CHECK constraint, so both tables are
        // rebuilt (GRDB runs migrations with foreign keys off and checks them before committing; secure_delete
        // zeroes the dropped tables' pages). A future algorithm adds its tag the same way.
        migrator.registerMigration("v2-lz4") { db in
            try db.execute(sql: """
                CREATE TABLE documents_v2 (
                    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('phenopacket', 'notes', 'vcf')),
                    encoding TEXT NOT NULL CHECK (encoding IN ('lz4', 'deflate', 'stored')),
                    plain_size INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (case_id, kind)
                );
                INSERT INTO documents_v2 (case_id, kind, encoding, plain_size, payload)
                    SELECT case_id, kind, encoding, plain_size, payload FROM documents;
                DROP TABLE documents;
                ALTER TABLE documents_v2 RENAME TO documents;
                CREATE TABLE results_v2 (
                    id TEXT PRIMARY KEY NOT NULL,
                    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    encoding TEXT NOT NULL CHECK (encoding IN ('lz4', 'deflate', 'stored')),
                    plain_size INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    UNIQUE (case_id, kind, version)
                );
                INSERT INTO results_v2 (id, case_id, kind, version, created_at, encoding, plain_size, payload)
                    SELECT id, case_id, kind, version, created_at, encoding, plain_size, payload FROM results;
                DROP TABLE results;
                ALTER TABLE results_v2 RENAME TO results;
                """)
        }
        return migrator
    }
}
