/// How much the daemon logs (`log_level`): the levels of swift-log, named the same, so the
/// configuration is read without the logging library.
public enum LogLevel: String, CaseIterable, Sendable {
    case trace, debug, info, notice, warning, error, critical
}

/// How each log line is written (`log_format`).
public enum LogFormat: String, CaseIterable, Sendable {
    /// `time LEVEL label: message key=value …`, for a person reading a terminal or the journal.
    case text
    /// One JSON object per line, for a log collector.
    case json
}
