import Foundation

/// The PostgreSQL server tools a local cluster needs, taken from one installation so their versions match.
public struct PostgresBinaries: Sendable, Equatable {
    public let initdb: String
    public let pgCtl: String

    /// Looks on `searchPath` (PATH syntax) first, then in `<versionedRoot>/<version>/bin`, highest version first —
    /// the Debian layout, whose binaries are not on PATH.
    public static func locate(
        searchPath: String? = ProcessInfo.processInfo.environment["PATH"],
        versionedRoot: String = "/usr/lib/postgresql"
    ) throws -> PostgresBinaries {
        let pathDirectories = (searchPath ?? "").split(separator: ":").map(String.init)
        let candidates = pathDirectories + versionedDirectories(under: versionedRoot)
        var initdbWithoutPgCtl: String?
        for directory in candidates {
            let initdb = directory + "/initdb"
            let pgCtl = directory + "/pg_ctl"
            guard FileManager.default.isExecutableFile(atPath: initdb) else { continue }
            if FileManager.default.isExecutableFile(atPath: pgCtl) {
                return PostgresBinaries(initdb: initdb, pgCtl: pgCtl)
            }
            initdbWithoutPgCtl = initdbWithoutPgCtl ?? initdb
        }
        if let initdbWithoutPgCtl { throw EmbeddedPostgresError.pgCtlMissing(besideInitdb: initdbWithoutPgCtl) }
        throw EmbeddedPostgresError.notInstalled(versionedRoot: versionedRoot)
    }

    private static func versionedDirectories(under root: String) -> [String] {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let numbered = versions.compactMap { name -> (name: String, version: [Int])? in
            let parts = name.split(separator: ".").map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            return (name, parts.compactMap { $0 })
        }
        return numbered.sorted { $0.version.lexicographicallyPrecedes($1.version) }.reversed()
            .map { "\(root)/\($0.name)/bin" }
    }
}
