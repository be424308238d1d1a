import SQLiteDatabase

/// The one error type of CaseStore. Every case carries what a user needs to act on it;
/// `description` is a single line in the library's terms. Remedies that name a command or a flag
/// are the command line's to add (CaseToolCLI's `ErrorWording`).
public enum CaseStoreError: Error, Equatable, Sendable {
    /// SQLite refused an operation. Bound values are never included: they may be personal data.
    /// SQLite refused a statement (or one was misused): the SQLite layer's error, as the cause.
    case database(DatabaseError)
    case databaseNotFound(path: String)
    /// An input file (to import or load) does not exist.
    case fileNotFound(path: String)
    /// The file exists but holds no casetool schema yet (e.g. an empty file).
    case notInitialized(path: String)
    case notADatabase(path: String)
    case cannotOpen(path: String, problem: String)
    case readOnlyDatabase(path: String)
    /// An output file that must not be written there (it is the database or the input, or exists).
    case outputRefused(path: String, problem: String)
    /// The output file exists and the caller did not ask to replace it.
    case outputExists(path: String)
    /// Writing an output file failed (disk full, I/O error).
    case cannotWrite(path: String, problem: String)
    /// The database records migrations this build does not have: a newer casetool wrote it.
    case newerDatabase(path: String, unknownMigrations: [String])
    /// A migration already applied to the database differs from the one in this build.
    case migrationChanged(version: Int, name: String)
    case invalidMigration(file: String, problem: String)
    /// The record of an applied migration is gone (or the schema was edited): running it again would
    /// fail half-way or do harm.
    case migrationRecordMissing(path: String, migration: String, evidence: String? = nil)
    case invalidValue(field: String, problem: String)
    case unknownPolicy(code: String, suggestions: [String])
    case policyExists(code: String)
    /// A case with this external id is already logged for the platform.
    case alreadyLogged(platform: String, externalID: String)
    case caseNotFound(id: Int64)
    case accountNotFound(platform: String, handle: String)
    case illegalTransition(caseID: Int64, from: CaseStatus, to: CaseStatus, allowed: [CaseStatus])
    case reasonRequired(caseID: Int64, to: CaseStatus)
    case userExists(name: String)
    case userNotFound(name: String)
    case tokenNotFound(id: Int64)
    case templateExists(name: String, policy: String?)
    case templateNotFound(name: String, policy: String?)
    /// No valid proof of who is asking: one message for an unknown, expired or revoked token and a
    /// wrong name or password alike (the security log says which).
    case notSignedIn
    /// The password was right, but the person signs in with a one-time code too, and none was given.
    case oneTimeCodeRequired
    /// The person's role does not allow the operation.
    case notPermitted(person: String, role: Role, permission: Permission)
    /// An appeal decided by the person who actioned the case (see `Workflow.decidesAppeal`).
    case sameReviewer(caseID: Int64, person: String, to: CaseStatus)
    /// Someone else holds a live claim on the case.
    case caseClaimed(caseID: Int64, holder: String, until: Timestamp)
    /// The case is not waiting in the queue, so nobody can claim it.
    case notClaimable(caseID: Int64, status: CaseStatus)
    /// The person does not hold the case: to release it, or (a moderator) to move it.
    case claimNotHeld(caseID: Int64, person: String)
    /// Nobody holds the case: there is no claim to release.
    case notClaimed(caseID: Int64)
    case invalidSeed(file: String, problem: String)
    /// A problem in an import file, located as FILE:LINE: field: problem.
    case invalidImport(file: String, line: Int, field: String?, problem: String)
    /// A column the file's layout does not know.
    case unknownColumn(file: String, line: Int, column: String, known: [String])
    /// A report with more rows than `ReportRequest.maxRows`.
    case reportTooLarge(rows: Int64, limit: Int)
    /// A report metric key that is not one.
    case unknownMetric(field: String, key: String, suggestions: [String])
    /// A .zip or .gz input that cannot be read as one (damaged, encrypted, an unknown compression).
    case unreadableArchive(file: String, problem: String)
    /// A stored row holds something casetool never writes: a damaged or hand-edited database.
    case corruptRow(table: String, problem: String)
    /// SQLite accepted a write but stored something else than asked (nothing, or more than one row):
    /// the file holds schema objects casetool did not create. Rolled back.
    case writeNotStored(statement: String, found: String)
    /// The file holds a trigger or table definition casetool did not create: no write is made to it.
    case schemaAltered(path: String, difference: String)
    /// The file is damaged (SQLite reports corruption): commands other than `check` stop here.
    case damagedDatabase(path: String, problem: String)

    /// Groups errors by what the user has to do about them; the CLI maps these to exit codes.
    public enum Category: Sendable {
        case invalidInput, notFound, workflowRefused, incompatibleDatabase, busy, readOnly, storage
        /// Not signed in, or the role does not allow it.
        case unauthenticated, forbidden
        /// The file is damaged or altered: `check` says how.
        case damaged
    }

    /// The SQLite layer's error in CaseStore's terms: file problems become the cases that name them
    /// for a user; SQLite's own refusals are wrapped whole.
    public init(_ error: DatabaseError) {
        switch error {
        case .fileNotFound(let path): self = .databaseNotFound(path: path)
        case .cannotOpen(let path, let problem): self = .cannotOpen(path: path, problem: problem)
        case .notADatabase(let path): self = .notADatabase(path: path)
        case .damaged(let path, let message): self = .damagedDatabase(path: path, problem: message)
        case .unexpectedValue(let table, let column, let problem): self = .corruptRow(table: table, problem: "\(column) \(problem)")
        case .changeNotStored(let sql, let found): self = .writeNotStored(statement: sql, found: found)
        case .sqlite, .statementInUse: self = .database(error)
        }
    }

    public var category: Category {
        switch self {
        case .invalidValue, .unknownPolicy, .policyExists, .alreadyLogged, .invalidSeed, .invalidImport, .unreadableArchive,
             .outputRefused, .outputExists, .unknownColumn, .reportTooLarge, .unknownMetric, .userExists, .templateExists:
            return .invalidInput
        case .databaseNotFound, .fileNotFound, .notInitialized, .caseNotFound, .accountNotFound, .userNotFound, .tokenNotFound, .templateNotFound:
            return .notFound
        case .illegalTransition, .reasonRequired, .sameReviewer, .caseClaimed, .notClaimable, .claimNotHeld, .notClaimed:
            return .workflowRefused
        case .notADatabase, .newerDatabase, .migrationChanged, .invalidMigration, .corruptRow, .migrationRecordMissing:
            return .incompatibleDatabase
        case .readOnlyDatabase:
            return .readOnly
        case .notSignedIn, .oneTimeCodeRequired:
            return .unauthenticated
        case .notPermitted:
            return .forbidden
        case .writeNotStored, .damagedDatabase, .schemaAltered:
            return .damaged
        case .cannotOpen, .cannotWrite:
            return .storage
        case .database(let error):
            switch error.resultCode {
            case .busy?, .locked?: return .busy
            case .readOnly?: return .readOnly
            case .notADatabase?: return .incompatibleDatabase
            // A trigger's RAISE is the schema refusing a change casetool never makes, not bad input.
            case .constraintTrigger?: return .storage
            case .constraint?: return .invalidInput
            default: return .storage
            }
        }
    }
}

extension CaseStoreError: CustomStringConvertible {
    /// The one input a refusal is about and what is wrong with it, so that a front end can name its
    /// own option or field for it; nil when the refusal is not about one value.
    public var refusedValue: (field: String, problem: String)? {
        switch self {
        case .invalidValue(let field, let problem): (field, problem)
        case .invalidImport(_, _, let field?, let problem): (field, problem)
        case .alreadyLogged(let platform, let externalID): ("external_id", "'\(externalID)' is already logged for \(platform)")
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .database(.sqlite(let code, let message, _)) where ResultCode.constraint ~= code:
            // The validators enforce every constraint casetool declares, so this is a trigger or a rule
            // someone else added: say what it says, without SQL.
            return "the database refused the change: \(message)"
        case .database(.sqlite(let code, let message, let sql)):
            let hint = Self.hint(for: code).map { ": \($0)" } ?? ""
            let statement = sql.map { " in: \(Self.abbreviated($0))" } ?? ""
            return "\(message)\(hint) [SQLite \(code.primary.rawValue)/\(code.rawValue)\(statement)]"
        case .database(let error):
            return "internal error: \(error)"
        case .databaseNotFound(let path):
            return "no database at \(path)"
        case .fileNotFound(let path):
            return "no file at \(path)"
        case .notInitialized(let path):
            return "\(path) has no casetool data yet"
        case .notADatabase(let path):
            return "\(path) is not a casetool database (not an SQLite file, or it is encrypted or damaged)"
        case .cannotOpen(let path, let problem):
            return "cannot open \(path): \(problem)"
        case .outputRefused(let path, let problem):
            return "will not write \(path): \(problem)"
        case .outputExists(let path):
            return "will not write \(path): it already exists"
        case .unknownColumn(let file, let line, let column, let known):
            return "\(file):\(line): \(column): unknown column (known: \(known.joined(separator: ", ")))"
        case .reportTooLarge(let rows, let limit):
            return "the report would have \(rows) rows (at most \(limit))"
        case .unknownMetric(let field, let key, let suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?)"
            return "\(field): '\(key)' is not a metric\(hint)"
        case .cannotWrite(let path, let problem):
            return "cannot write \(path): \(problem); nothing was written there"
        case .readOnlyDatabase(let path):
            return "\(path) is read-only: this command needs to write (check the file's and its folder's permissions)"
        case .newerDatabase(let path, let unknown):
            return "\(path) was written by a newer casetool (unknown migrations: \(unknown.joined(separator: ", "))); upgrade casetool"
        case .migrationChanged(let version, let name):
            return "the database's record of migration \(version) ('\(name)') does not match this build's migrations: "
                + "a migration or its record was edited; migrations must never change once released (restore a backup)"
        case .invalidMigration(let file, let problem):
            return "migration \(file): \(problem)"
        case .migrationRecordMissing(let path, let migration, let evidence):
            return "\(path) does not record migration \(migration) as applied, yet its schema "
                + (evidence.map { "is not what the recorded ones create (\($0))" } ?? "has later ones")
                + ": the file was edited by another tool; casetool will not re-apply migrations over it (restore a backup)"
        case .invalidValue(let field, let problem):
            return "\(field): \(problem)"
        case .unknownPolicy(let code, let suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            return "unknown policy '\(code)'\(hint)"
        case .policyExists(let code):
            return "policy '\(code)' already exists"
        case .alreadyLogged:
            return refusedValue.map { "\($0.field): \($0.problem)" } ?? ""
        case .caseNotFound(let id):
            return "no case with id \(id)"
        case .accountNotFound(let platform, let handle):
            return "no account '\(handle)' on \(platform)"
        case .illegalTransition(let id, let from, let to, let allowed):
            let next = allowed.isEmpty ? "none (\(from.rawValue) is final)" : allowed.map(\.rawValue).joined(separator: ", ")
            return "case \(id) is \(from.rawValue): it cannot become \(to.rawValue); allowed next: \(next)"
        case .reasonRequired(let id, let to):
            return "case \(id): moving to \(to.rawValue) requires a reason"
        case .sameReviewer(let id, let person, let to):
            return "case \(id) was actioned by \(person): its appeal must be decided (\(to.rawValue)) by someone else"
        case .caseClaimed(let id, let holder, let until):
            return "case \(id) is claimed by \(holder) until \(until): they or a lead can move or release it"
        case .notClaimable(let id, let status):
            return "case \(id) is \(status.rawValue): only cases waiting in the queue ("
                + Workflow.queueStatuses.map(\.rawValue).joined(separator: ", ") + ") can be claimed"
        case .claimNotHeld(let id, let person):
            return "\(person) does not hold case \(id): it must be claimed first"
        case .notClaimed(let id):
            return "nobody holds case \(id): there is no claim to release"
        case .userExists(let name):
            return "a person named \(name) already exists"
        case .userNotFound(let name):
            return "no person named \(name)"
        case .tokenNotFound(let id):
            return "no token with id \(id)"
        case .templateExists(let name, let policy):
            return "a reason template '\(name)' already exists " + (policy.map { "for policy \($0)" } ?? "for all policies")
        case .templateNotFound(let name, let policy):
            return "no reason template '\(name)' " + (policy.map { "for policy \($0) or for all policies" } ?? "for all policies")
        case .notSignedIn:
            return "not signed in: the token is unknown, expired or revoked, or the name or password is wrong"
        case .oneTimeCodeRequired:
            return "a one-time code is required: give the code your authenticator app shows (one_time_code)"
        case .notPermitted(let person, let role, let permission):
            let needed = Role.allCases.first { $0.allows(permission) }.map { "the \($0.rawValue) role" } ?? "a role that has it"
            return "\(person) may not \(permission.rawValue) as \(role.rawValue): that needs \(needed)"
        case .invalidSeed(let file, let problem):
            return "seed file \(file): \(problem)"
        case .invalidImport(let file, let line, let field, let problem):
            return "\(file):\(line): " + (field.map { "\($0): " } ?? "") + problem
        case .unreadableArchive(let file, let problem):
            return "\(file): \(problem)"
        case .corruptRow(let table, let problem):
            return "damaged row in \(table): \(problem)"
        case .writeNotStored(let statement, let found):
            return "the database did not store the change (\(found) after: \(Self.abbreviated(statement))): "
                + "something in the file that casetool did not create interferes; nothing was saved"
        case .schemaAltered(let path, let difference):
            return "\(path) was altered by another tool (\(difference)); casetool will not write to it"
        case .damagedDatabase(let path, let problem):
            return "\(path) is damaged (\(problem))"
        }
    }

    /// What a user can do about the SQLite errors that come from the environment, not from casetool.
    private static func hint(for code: ResultCode) -> String? {
        switch code {
        case .full: "free space on the disk that holds the database; the change was not saved"
        case .ioError: "the disk or file system reported an error; the change was not saved"
        case .busy, .locked: "another process kept the database locked past the timeout; try again"
        case .readOnly: "the database file or its folder is read-only"
        case .cannotOpen: "check that the file and its folder exist and are accessible"
        default: nil
        }
    }

    private static func abbreviated(_ sql: String) -> String {
        let oneLine = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return oneLine.count > 120 ? String(oneLine.prefix(117)) + "..." : oneLine
    }
}
