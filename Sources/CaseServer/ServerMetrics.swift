import CaseStore
import Prometheus

/// What `/metrics` reports, in Prometheus's text format: requests and their latency per route, and
/// how much work waits (cases in the review queue, jobs for the database connections).
/// A registry of its own, not the process-wide MetricsSystem, so that each server counts only itself.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    /// From a millisecond to ten seconds: a case read is about a millisecond, an audit verify of a large file seconds.
    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
    ]

    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "casetool", metricName: "http_requests", unitName: "total",
                                             helpText: "HTTP requests answered, by method, route and status."),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "casetool", metricName: "http_request_duration", unitName: "seconds",
                                             helpText: "Time from a request's arrival to its response, by route."),
            labels: [("route", route)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// The exposition, with the gauges set to what they are now.
    func render(queueCases: [(CaseStatus, Int)], pendingJobs: (writer: Int, readers: Int)) -> String {
        let queue = MetricNameDescriptor(namespace: "casetool", metricName: "review_queue", unitName: "cases",
                                         helpText: "Cases waiting in the review queue, by status.")
        for (status, count) in queueCases {
            registry.makeGauge(descriptor: queue, labels: [("status", status.rawValue)]).set(Double(count))
        }
        let pending = MetricNameDescriptor(namespace: "casetool", metricName: "store_pending", unitName: "jobs",
                                           helpText: "Database jobs queued or running, by connection.")
        registry.makeGauge(descriptor: pending, labels: [("connection", "writer")]).set(Double(pendingJobs.writer))
        registry.makeGauge(descriptor: pending, labels: [("connection", "readers")]).set(Double(pendingJobs.readers))
        return registry.emitToString()
    }
}
