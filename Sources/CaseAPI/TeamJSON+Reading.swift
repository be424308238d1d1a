import CaseStore
import Foundation

/// The other direction of `TeamJSON`: what a client reads back from the server, into the store's
/// own types, so that the command line prints a server's answer exactly as it prints its own.
extension CaseJSON {
    public static func claim(from json: JSONFields) throws -> Claim {
        Claim(
            caseID: try json.integer("case_id"), holder: try json.string("holder"), claimedAt: try json.time("claimed_at"),
            expiresAt: try json.time("expires_at"), assignedBy: try json.optionalString("assigned_by"))
    }

    public static func auditHead(from json: JSONFields) throws -> AuditHead {
        AuditHead(eventCount: Int(try json.integer("events")), hash: try json.string("head"))
    }

    public static func auditReport(from json: JSONFields) throws -> AuditReport {
        AuditReport(
            eventCount: Int(try json.integer("events")), caseCount: Int(try json.integer("cases")), headHash: try json.string("head"),
            problems: try json.objects("problems").map { problem in
                AuditProblem(
                    eventID: try problem.optionalInteger("event_id"), caseID: try problem.optionalInteger("case_id"),
                    problem: try problem.string("problem"))
            })
    }

    public static func securityEvent(from json: JSONFields) throws -> SecurityEvent {
        SecurityEvent(
            id: try json.integer("id"), occurredAt: try json.time("occurred_at"),
            kind: try json.choice("kind", as: SecurityEvent.Kind.self), person: try json.optionalString("person"),
            actor: try json.string("actor"), channel: try json.choice("channel", as: Channel.self),
            detail: try json.optionalString("detail"), repeats: try json.integer("repeats"), lastAt: try json.optionalTime("last_at"))
    }

    public static func queueLine(from json: JSONFields) throws -> QueueLine {
        let claim = try (json.members["claim"] as? [String: Any]).map { try Self.claim(from: JSONFields($0, path: "claim")) }
        return QueueLine(
            caseID: try json.integer("id"), status: try json.choice("status", as: CaseStatus.self), policy: try json.string("policy"),
            platform: try json.string("platform"), handle: try json.string("handle"), waitingSince: try json.time("waiting_since"),
            claim: claim)
    }

    public static func event(from json: JSONFields) throws -> CaseEvent {
        CaseEvent(
            id: try json.integer("id"), caseID: try json.integer("case_id"), sequence: Int(try json.integer("seq")),
            kind: try json.choice("kind", as: EventKind.self),
            fromStatus: try json.optionalString("from_status").map { try JSONFields.choice($0, field: "from_status", as: CaseStatus.self) },
            toStatus: try json.optionalString("to_status").map { try JSONFields.choice($0, field: "to_status", as: CaseStatus.self) },
            actor: try json.string("actor"), reason: try json.optionalString("reason"), payload: try json.optionalString("payload"),
            occurredAt: try json.time("occurred_at"), recordedAt: try json.time("recorded_at"),
            previousHash: try json.string("previous_hash"), hash: try json.string("hash"), format: Int(try json.integer("format")),
            channel: try json.choice("channel", as: Channel.self))
    }

    public static func caseLine(from json: JSONFields) throws -> CaseLine {
        CaseLine(
            id: try json.integer("id"), openedAt: try json.time("opened_at"), platform: try json.string("platform"),
            handle: try json.string("handle"), policy: try json.string("policy"),
            decisions: try json.objects("decisions").map { try decision(from: $0).text },
            status: try json.choice("status", as: CaseStatus.self), source: try json.choice("source", as: DetectionSource.self),
            followers: try json.optionalInteger("followers"), externalID: try json.optionalString("external_id"))
    }

    /// A decision as `json(_: Decision)` wrote it.
    public static func decision(from json: JSONFields) throws -> Decision {
        let scope: TerritorialScope
        switch json.members["territories"] {
        case nil, is NSNull: scope = .everywhere
        case let codes as [String]: scope = .territories(codes)
        case let word as String where word == "unrecorded": scope = .unrecorded
        default: throw APIError(.internalError, "the server's answer does not hold a decision's territories")
        }
        return Decision(try json.choice("kind", as: DecisionKind.self), endsAt: try json.optionalTime("ends_at"), scope: scope)
    }

    public static func person(from json: JSONFields) throws -> (name: String, role: Role) {
        (try json.string("name"), try json.choice("role", as: Role.self))
    }
}

/// A case in the queue as a list shows it: what `casetool queue` prints, from the file's
/// `QueueEntry` or from a server's answer alike.
public struct QueueLine: Sendable, Equatable {
    public let caseID: Int64
    public let status: CaseStatus
    public let policy: String
    public let platform: String
    public let handle: String
    public let waitingSince: Timestamp
    public let claim: Claim?

    public init(caseID: Int64, status: CaseStatus, policy: String, platform: String, handle: String, waitingSince: Timestamp, claim: Claim?) {
        self.caseID = caseID
        self.status = status
        self.policy = policy
        self.platform = platform
        self.handle = handle
        self.waitingSince = waitingSince
        self.claim = claim
    }

    public init(_ entry: QueueEntry) {
        self.init(
            caseID: entry.record.id, status: entry.record.status, policy: entry.record.policy.code, platform: entry.record.account.platform,
            handle: entry.record.account.handle, waitingSince: entry.waitingSince, claim: entry.claim)
    }
}

/// A case as a list shows it: what `casetool list` prints, from the file's `CaseRecord` or from a
/// server's answer alike.
public struct CaseLine: Sendable, Equatable {
    public let id: Int64
    public let openedAt: Timestamp
    public let platform: String
    public let handle: String
    public let policy: String
    /// Each decision as `KIND[ until TIME][ in CC,…]`.
    public let decisions: [String]
    public let status: CaseStatus
    public let source: DetectionSource
    public let followers: Int64?
    public let externalID: String?

    public init(
        id: Int64, openedAt: Timestamp, platform: String, handle: String, policy: String, decisions: [String], status: CaseStatus,
        source: DetectionSource, followers: Int64?, externalID: String?
    ) {
        self.id = id
        self.openedAt = openedAt
        self.platform = platform
        self.handle = handle
        self.policy = policy
        self.decisions = decisions
        self.status = status
        self.source = source
        self.followers = followers
        self.externalID = externalID
    }

    public init(_ record: CaseRecord) {
        self.init(
            id: record.id, openedAt: record.openedAt, platform: record.account.platform, handle: record.account.handle,
            policy: record.policy.code, decisions: record.decisions.texts, status: record.status, source: record.source,
            followers: record.followerCount, externalID: record.externalID)
    }
}

extension CaseJSON {
    public static func template(from json: JSONFields) throws -> ReasonTemplate {
        ReasonTemplate(
            name: try json.string("name"), policyCode: try json.optionalString("policy"), text: try json.string("text"),
            createdBy: try json.string("created_by"), createdAt: try json.time("created_at"))
    }
}

/// A JSON object as Foundation parses it, read field by field; a field missing or of another
/// type is an `internal` APIError naming it (the server and its client disagree: a bug, not input).
public struct JSONFields: @unchecked Sendable {
    // @unchecked: holds only what JSONSerialization makes (dictionaries, arrays, strings, numbers), never mutated.
    public let members: [String: Any]
    private let path: String

    public init(_ members: [String: Any], path: String = "") {
        self.members = members
        self.path = path
    }

    /// Parses `bytes` as one JSON object.
    public init(parsing bytes: [UInt8], what: String) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw APIError(.internalError, "\(what) is not a JSON object")
        }
        self.init(object)
    }

    public func string(_ name: String) throws -> String {
        guard let value = members[name] as? String else { throw wrong(name, "a string") }
        return value
    }

    public func optionalString(_ name: String) throws -> String? {
        if members[name] == nil || members[name] is NSNull { return nil }
        return try string(name)
    }

    public func integer(_ name: String) throws -> Int64 {
        // (Not `is Bool`-checked: Foundation lets 0 and 1 pass for Bool too.)
        guard let number = members[name] as? NSNumber, "\(number)" == String(number.int64Value) else {
            throw wrong(name, "a whole number")
        }
        return number.int64Value
    }

    public func bool(_ name: String) throws -> Bool {
        guard let value = members[name] as? Bool else { throw wrong(name, "true or false") }
        return value
    }

    /// A member object.
    public func object(_ name: String) throws -> JSONFields {
        guard let object = members[name] as? [String: Any] else { throw wrong(name, "an object") }
        return JSONFields(object, path: qualified(name))
    }

    public func optionalObject(_ name: String) throws -> JSONFields? {
        if members[name] == nil || members[name] is NSNull { return nil }
        return try object(name)
    }

    public func strings(_ name: String) throws -> [String] {
        guard let items = members[name] as? [String] else { throw wrong(name, "an array of strings") }
        return items
    }

    public func optionalInteger(_ name: String) throws -> Int64? {
        if members[name] == nil || members[name] is NSNull { return nil }
        return try integer(name)
    }

    public func time(_ name: String) throws -> Timestamp {
        do {
            return try Timestamp(parsing: try string(name), field: name)
        } catch is CaseStoreError {
            throw wrong(name, "a time")
        }
    }

    public func optionalTime(_ name: String) throws -> Timestamp? {
        if members[name] == nil || members[name] is NSNull { return nil }
        return try time(name)
    }

    public func choice<T: RawRepresentable>(_ name: String, as type: T.Type) throws -> T where T.RawValue == String {
        try Self.choice(try string(name), field: qualified(name), as: type)
    }

    static func choice<T: RawRepresentable>(_ text: String, field: String, as type: T.Type) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw APIError(.internalError, "the server's answer does not hold one of casetool's \(T.self) values at \(field): is it another casetool version?")
        }
        return value
    }

    public func objects(_ name: String) throws -> [JSONFields] {
        guard let items = members[name] as? [Any] else { throw wrong(name, "an array") }
        return try items.enumerated().map { index, item in
            guard let object = item as? [String: Any] else { throw wrong("\(name)[\(index)]", "an object") }
            return JSONFields(object, path: qualified("\(name)[\(index)]"))
        }
    }

    private func qualified(_ name: String) -> String {
        path.isEmpty ? name : path + "." + name
    }

    private func wrong(_ name: String, _ expected: String) -> APIError {
        APIError(.internalError, "the server's answer does not hold \(expected) at \(qualified(name)): is it another casetool version?")
    }
}
