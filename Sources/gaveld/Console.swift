import ArgumentParser
import Foundation
import GaveldConfiguration
import Logging

/// What every subcommand does before its own work: resolve the configuration, report failures as one line.
enum Console {
    /// Writes `gaveld: <message>` on one line to standard error and returns the exit code to throw.
    static func fail(_ message: String, exitCode: Int32 = 1) -> ExitCode {
        note(message)
        return ExitCode(exitCode)
    }

    /// Writes `gaveld: <message>` to standard error: what a command did, beside its result on standard output.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data(("gaveld: " + oneLine(message) + "\n").utf8))
    }

    /// Newlines and tabs (libpq and pg_ctl messages have them) folded into single spaces.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: { $0.isNewline || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// Resolves the settings from `commandLine`, the process environment and the configuration file;
    /// a configuration error ends the command with `exitCode`.
    static func settings(
        configFile: String?, commandLine: [ConfigurationKey: String], exitCode: Int32 = 1
    ) throws -> GaveldSettings {
        let file: ConfigurationFileChoice =
            configFile.map { .required($0) } ?? .ifPresent(ConfigurationKey.defaultFilePath)
        do {
            return try GaveldSettings.resolve(
                commandLine: commandLine, environment: ProcessInfo.processInfo.environment, file: file)
        } catch {
            throw fail(error.description, exitCode: exitCode)
        }
    }

    /// swift-log to standard error at `level`, so standard output carries only a command's result.
    static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
