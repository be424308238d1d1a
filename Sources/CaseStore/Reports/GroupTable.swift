/// Report groups by key: an open-addressing table with a multiplicative hash. A report looks up one
/// group per case; Swift's Dictionary hashes each key with SipHash, which dominated the scan.
struct GroupTable {
    private(set) var keys: [ReportKey] = []
    private(set) var groups: [ReportAccumulator] = []
    private var slots = [Int32](repeating: -1, count: 64)

    /// The group for `key`, created empty on first use.
    mutating func withGroup(_ key: ReportKey, _ body: (inout ReportAccumulator) -> Void) {
        var slot = Self.slot(of: key, mask: slots.count - 1)
        while true {
            let index = Int(slots[slot])
            if index < 0 {
                slots[slot] = Int32(groups.count)
                keys.append(key)
                groups.append(ReportAccumulator())
                body(&groups[groups.count - 1])
                if groups.count * 2 > slots.count { rehash() }
                return
            }
            if keys[index] == key {
                body(&groups[index])
                return
            }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    private mutating func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (index, key) in keys.enumerated() {
            var slot = Self.slot(of: key, mask: slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(index)
        }
    }

    private static func slot(of key: ReportKey, mask: Int) -> Int {
        var mixed = UInt64(bitPattern: key.period) &* 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ UInt64(UInt32(bitPattern: key.platform))) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ UInt64(bitPattern: key.policy)) &* 0x94D0_49BB_1331_11EB
        mixed = (mixed ^ (UInt64(UInt8(bitPattern: key.decision)) << 8 | UInt64(UInt8(bitPattern: key.source)))) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }
}
