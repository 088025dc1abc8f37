import GavelServer
import GaveldConfiguration
import Testing

@Suite("Server settings")
struct ServerSettingsTests {
    /// `gaveld` builds its configuration from the settings, which cannot import the server: this keeps the
    /// two sets of defaults one, and every setting a configuration property.
    @Test("each setting's default is the server configuration's")
    func defaultsAreTheServers() {
        let configuration = Dictionary(
            uniqueKeysWithValues: Mirror(reflecting: ServerConfiguration()).children.map {
                ($0.label!, String(describing: $0.value))
            })
        for setting in Mirror(reflecting: ServerSettings()).children {
            let name = setting.label!
            #expect(configuration[name] != nil, "\(name) is no ServerConfiguration property")
            #expect(configuration[name] == String(describing: setting.value), "\(name)'s default differs")
        }
    }
}
