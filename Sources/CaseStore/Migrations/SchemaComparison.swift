import SQLiteDatabase
/// A table, index, trigger or view of the database, as `sqlite_schema` lists it.
struct SchemaObject: Hashable {
    let type: String
    let name: String
    /// The CREATE statement, white space collapsed; nil for objects SQLite makes itself.
    let sql: String?

    var label: String { "\(type) \(name)" }
}

/// One way the file's schema differs from the one casetool's migrations create.
public struct SchemaDifference: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// In the file, but no migration creates it (someone else's trigger, view, index or table).
        case unknown
        /// Created by a migration, but not in the file.
        case missing
        /// In both, with a different definition.
        case altered
    }

    public let kind: Kind
    public let type: String
    public let name: String

    public var description: String {
        switch kind {
        case .unknown: "unknown \(type) \(name): casetool's migrations do not create it"
        case .missing: "missing \(type) \(name): casetool's migrations create it"
        case .altered: "altered \(type) \(name): its definition differs from the one casetool's migrations create"
        }
    }
}

extension Migrator {
    /// The schema objects of the database, without those SQLite keeps for itself (`sqlite_%`).
    static func schemaObjects(in database: Database) throws -> Set<SchemaObject> {
        Set(try database.prepare(
            // SQLite's own tables and automatic indexes; a trigger or view by such a name is not SQLite's.
            // SQLite loads an object whatever the case of its type: compare it lower-cased.
            "SELECT lower(type), name, sql FROM sqlite_schema WHERE NOT (lower(type) IN ('table', 'index') AND name LIKE 'sqlite\\_%' ESCAPE '\\')"
        ).query { row in
            SchemaObject(type: try row.string(0), name: try row.string(1), sql: row.optionalString(2).map(Self.collapsed))
        })
    }

    /// SQL with every run of white space as SQLite's tokenizer reads it (ASCII only: a combining mark
    /// after a space is part of the next token, not white space) made one space.
    static func collapsed(_ sql: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count)
        var pendingSpace = false
        for byte in sql.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20) }
            pendingSpace = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The objects the first `count` migrations create, from running them on an empty in-memory
    /// database: the same SQL as `migrate`, in one transaction, without the record's bookkeeping (this
    /// runs before a process's first write).
    func expectedSchema(afterFirst count: Int) throws -> Set<SchemaObject> {
        let reference = try Database.forStore(path: Database.inMemoryPath)
        try Self.allowingTableRebuilds(reference) {
            try reference.inTransaction(.immediate) {
                if count > 0 { try reference.execute(Self.trackingTableSQL) }
                for migration in migrations.prefix(count) { try reference.execute(migration.sql) }
            }
        }
        return try Self.schemaObjects(in: reference)
    }

    /// The tables and triggers the migrations leave, by label (`table cases`), with their definitions
    /// as `sqlite_schema` keeps them (white space collapsed): what decides what a write stores. Cheap
    /// enough for every process's first write, unlike `expectedSchema`: triggers are read from the
    /// migrations' text, and tables come from running only their CREATE TABLE and ALTER TABLE
    /// statements in memory (SQLite rewrites a table's definition on ADD COLUMN, so that text is
    /// SQLite's to write). A test holds both equal to `expectedSchema`.
    func expectedWriteSchema() throws -> [String: String] {
        var expected: [String: String] = [:]
        var tableStatements = [Self.trackingTableSQL]
        for migration in migrations {
            for statement in Database.statements(of: migration.sql) {
                let text = Self.collapsed(String(statement.withoutLeadingComments))
                let original = text.split(separator: " ", maxSplits: 6)
                let words = original.map { $0.uppercased() }
                // The name after `CREATE|DROP TRIGGER` and any `IF [NOT] EXISTS`.
                var nameIndex = 2
                if words.count > nameIndex, words[nameIndex] == "IF" { nameIndex += words[0] == "DROP" ? 2 : 3 }
                let name = original.indices.contains(nameIndex) ? String(original[nameIndex]) : nil
                if words.starts(with: ["CREATE", "TRIGGER"]), let name {
                    expected["trigger " + name] = text
                } else if words.starts(with: ["DROP", "TRIGGER"]), let name {
                    expected["trigger " + name] = nil
                } else if words.starts(with: ["CREATE", "TABLE"]) || words.starts(with: ["ALTER", "TABLE"])
                            || words.starts(with: ["DROP", "TABLE"]) {
                    tableStatements.append(statement)
                }
            }
        }
        let reference = try Database.forStore(path: Database.inMemoryPath)
        try Self.allowingTableRebuilds(reference) { try reference.execute(tableStatements.joined(separator: ";\n")) }
        for table in try Self.schemaObjects(in: reference) where table.type == "table" {
            expected[table.label] = table.sql
        }
        return expected
    }

    /// Tables and triggers in the database that the migrations do not create, or create otherwise.
    func writeSchemaDifferences(in database: Database) throws -> [SchemaDifference] {
        let expected = try expectedWriteSchema()
        return try Self.schemaObjects(in: database).filter { $0.type == "table" || $0.type == "trigger" }
            .sorted { $0.label < $1.label }
            .compactMap { object in
                guard let sql = expected[object.label] else { return SchemaDifference(kind: .unknown, type: object.type, name: object.name) }
                return object.sql == sql ? nil : SchemaDifference(kind: .altered, type: object.type, name: object.name)
            }
    }

    /// How the database's schema differs from what its recorded migrations create, by object name.
    func schemaDifferences(in database: Database) throws -> [SchemaDifference] {
        let applied = try appliedMigrations(in: database)
        let expected = try expectedSchema(afterFirst: applied.count)
        let actual = try Self.schemaObjects(in: database)
        let expectedByName = Dictionary(expected.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        let actualByName = Dictionary(actual.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        var differences: [SchemaDifference] = []
        for object in actual.sorted(by: { $0.label < $1.label }) {
            guard let reference = expectedByName[object.label] else {
                differences.append(SchemaDifference(kind: .unknown, type: object.type, name: object.name))
                continue
            }
            if reference.sql != object.sql {
                differences.append(SchemaDifference(kind: .altered, type: object.type, name: object.name))
            }
        }
        for object in expected.sorted(by: { $0.label < $1.label }) where actualByName[object.label] == nil {
            differences.append(SchemaDifference(kind: .missing, type: object.type, name: object.name))
        }
        return differences
    }
}
