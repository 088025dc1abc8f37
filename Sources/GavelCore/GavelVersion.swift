/// The release of this source tree: `gaveld --version`, `gavel --version` and the server's `* HELLO`.
public enum GavelVersion {
    public static let current = "0.1.0"
}
