// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "casetool",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casetool", targets: ["CaseTool"]),
        .library(name: "CaseStore", targets: ["CaseStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // The team server; without its default traits, which would pull in swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Hummingbird's own foundation; named for the error a body over the size limit raises.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The command line as the team server's client (`--server`, `casetool login`), TLS included.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The system zlib, for DSA dumps as they ship (.zip of zips, .csv.gz) read without unpacking.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Turns migrations/*.sql and seeds/* into Swift source at build time, so the
        // binary carries its schema and seed data wherever it is copied.
        .executableTarget(name: "ResourceEmbedder"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["ResourceEmbedder"]
        ),
        // The SQLite layer: the only target that imports CSQLite.
        .target(name: "SQLiteDatabase", dependencies: ["CSQLite"]),
        .target(
            name: "CaseStore",
            dependencies: [
                "SQLiteDatabase",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                // bcrypt for passwords (C, no server code): the store checks them.
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // One-time codes (TOTP) for the second factor, which the store checks too.
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            plugins: ["EmbedResources"]
        ),
        // What the team server and its clients exchange: the routes, what each needs, and the JSON
        // bodies, declared once. No networking: the server and the command line both build on it.
        .target(name: "CaseAPI", dependencies: ["CaseStore"], plugins: ["EmbedResources"]),
        // The team server (`casetool serve`): HTTP on Hummingbird, reaching cases only through
        // CaseStore's public operations, never its SQL.
        .target(
            name: "CaseServer",
            dependencies: [
                "CaseAPI",
                "CaseStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The team server's client: the route table's requests over HTTP(S), answers read back into
        // the store's types. No SQL, no printing.
        .target(
            name: "CaseClient",
            dependencies: [
                "CaseAPI",
                "CaseStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Commands, renderers, charts and exit codes: a library, so tests use them in-process.
        .target(
            name: "CaseToolCLI",
            dependencies: [
                "CaseStore",
                "CaseAPI",
                "CaseServer",
                "CaseClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The executable is a shim over CaseToolCLI.
        .executableTarget(
            name: "CaseTool",
            dependencies: ["CaseToolCLI"]
        ),
        .testTarget(
            name: "CaseStoreTests",
            // Crypto for an independent one-time-code oracle (RFC 6238), checked against the RFC's own vector.
            dependencies: ["CaseStore", "SQLiteDatabase", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "CaseToolTests",
            dependencies: [
                "CaseTool", "CaseToolCLI", "CaseStore", "CaseAPI", "SQLiteDatabase",
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
