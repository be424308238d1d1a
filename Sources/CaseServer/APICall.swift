import CaseAPI
import CaseStore
import Hummingbird

/// One request as a route reads it: who sent it, its path id, query and body.
struct APICall: Sendable {
    let endpoint: Endpoint
    let request: Request
    let context: CaseRequestContext
    let pool: StorePool
    /// The session the bearer token proves, for routes that need one.
    private let session: Session?
    /// The query, holding only the parameters the route declares.
    let query: QueryParameters

    /// Checks the token before anything else of the request is read: whoever is not signed in
    /// learns nothing about bodies or cases, and sends no body the server reads.
    init(endpoint: Endpoint, request: Request, context: CaseRequestContext, pool: StorePool) async throws {
        self.endpoint = endpoint
        self.request = request
        self.context = context
        self.pool = pool
        switch endpoint.access {
        case .anyone:
            session = nil
        case .signedIn:
            let token = try Self.bearerToken(request)
            session = try await pool.reader.run { store in try store.authenticate(token: token) }
        }
        // `?&` or a trailing `&` holds nothing: not a parameter with an empty name.
        query = try QueryParameters(
            request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { !($0.0.isEmpty && $0.1.isEmpty) },
            known: endpoint.queryParameters)
    }

    /// Runs `job` for the signed-in person, on the writing connection if the route writes, else on a
    /// reading one. The store checks what the person may do, as their row says at that moment.
    @discardableResult
    func signedIn<T: Sendable>(_ job: @escaping @Sendable (CaseStore, Session) throws -> T) async throws -> T {
        guard let session else { throw APIError(.unauthenticated, CaseStoreError.notSignedIn.description) }
        return try await pool.worker(writing: endpoint.writes).run { store in try job(store, session) }
    }

    /// A signed-in job whose answer is a JSON document, written as bytes on the worker that built
    /// it (see `EncodedJSON`). Not a write's: the writer runs one job after another inside the
    /// group's transaction, and encoding there would hold every write behind it.
    func answer(_ job: @escaping @Sendable (CaseStore, Session) throws -> JSONValue) async throws -> EncodedJSON {
        if endpoint.writes { return EncodedJSON(try await signedIn(job)) }
        return try await signedIn { store, session in EncodedJSON(try job(store, session)) }
    }

    /// A signed-in read whose answer is written straight into bytes, with no tree in between:
    /// a page of cases, where building and walking the tree was a third of the work.
    func answer(written job: @escaping @Sendable (CaseStore, Session) throws -> CompactJSONWriter) async throws -> EncodedJSON {
        try await signedIn { store, session in EncodedJSON(written: try job(store, session)) }
    }

    private static func bearerToken(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthenticated, "not signed in: send Authorization: Bearer <token> (POST \(Endpoint.signIn.path) gives one)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError(.unauthenticated, "not signed in: the Authorization header must be Bearer <token>")
        }
        return String(parts[1])
    }

    /// The case id in the path.
    func caseID() throws -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else {
            throw APIError(.notFound, "no case with id '\(text.prefix(40))': case ids are whole numbers from 1")
        }
        return id
    }

    func bodyBytes() async throws -> [UInt8] {
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    func body<T: APIBody>(_ type: T.Type) async throws -> T {
        try T.decode(try await bodyBytes())
    }

    /// A body that may be left out entirely (claims take the default time).
    func optionalBody<T: APIBody>(_ type: T.Type) async throws -> T? {
        let bytes = try await bodyBytes()
        return bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) ? nil : try T.decode(bytes)
    }
}
