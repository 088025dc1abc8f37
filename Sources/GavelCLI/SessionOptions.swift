import Foundation
public import GavelClient

/// What every command that talks to a server needs: where it is, who we are, how to print, where receipts go.
public struct SessionOptions: Sendable {
    public var address: ServerAddress
    /// Further addresses of the same service (`--host a:7070,b:7071`), tried in order after `address`.
    public var fallbackAddresses: [ServerAddress] = []
    /// `--token`, else `GAVEL_TOKEN`; `AUTH` is sent first when there is one.
    public var token: String?
    public var json: Bool
    public var receiptsDirectory: URL
    /// `--tls` / `--ca-file`: the connection speaks TLS; `nil` is plain TCP.
    public var tls: GavelTLS?

    public init(
        address: ServerAddress = .defaultAddress, token: String? = nil, json: Bool = false,
        receiptsDirectory: URL = SessionOptions.defaultReceiptsDirectory, tls: GavelTLS? = nil
    ) {
        self.address = address
        self.token = token
        self.json = json
        self.receiptsDirectory = receiptsDirectory
        self.tls = tls
    }

    /// `address`, then the fallbacks.
    public var addresses: [ServerAddress] { [address] + fallbackAddresses }

    /// Parses `--host`: `HOST:PORT`, or several separated by commas; nil when one is not HOST:PORT.
    public static func addresses(parsing text: String) -> [ServerAddress]? {
        let addresses = text.split(separator: ",", omittingEmptySubsequences: false).map {
            ServerAddress(parsing: String($0))
        }
        guard !addresses.isEmpty, !addresses.contains(nil) else { return nil }
        return addresses.compactMap { $0 }
    }

    /// `~/.gavel/receipts`.
    public static var defaultReceiptsDirectory: URL {
        homeDirectory.appendingPathComponent(".gavel/receipts", isDirectory: true)
    }

    /// `~`: `$HOME` as the shell has it, else the account's home directory (Foundation's own answer
    /// ignores `$HOME` on Linux).
    public static var homeDirectory: URL {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    /// The token given on the command line, or else the one in the environment (`GAVEL_TOKEN`).
    public static func token(flag: String?, environment: [String: String]) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment["GAVEL_TOKEN"], !value.isEmpty { return value }
        return nil
    }
}
