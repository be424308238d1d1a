import Hummingbird

/// What a request carries through the server: Hummingbird's own storage, and the body limit.
struct CaseRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// A case is at most a few tens of kilobytes and a bulk move of 1,000 cases about 100 KB: a
    /// megabyte leaves room, and refuses a body sent to exhaust memory.
    var maxUploadSize: Int { CaseServer.maximumBodyBytes }
}
