extension CaseStore {
    /// Runs several writes as one transaction: all of them land, or none do (also when the
    /// process is killed part-way). Store methods called inside join the batch.
    public func batch<T>(_ body: () throws -> T) throws -> T {
        try write(body)
    }
}
