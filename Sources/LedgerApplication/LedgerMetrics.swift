import HTTPServer
import Metrics
import Prometheus

/// The process's metrics, in Prometheus's text format at `GET /metrics`.
///
/// swift-metrics is bootstrapped once per process, on first use, with a Prometheus registry; every
/// part records through swift-metrics (`Counter`, `Timer`, `Gauge`), so the modules below know
/// nothing of Prometheus:
///
/// * `hb_requests`, `http_server_request_duration` (a histogram, seconds), `hb_request_errors` and
///   `http_server_active_requests` (Hummingbird's `MetricsMiddleware`): requests and latency by
///   route (`http_route`), method and status (`http_response_status_code`);
/// * `icpledger_events_appended_total`: events stored by commands;
/// * `icpledger_pool_wait_seconds{pool}`: how long callers waited for a busy connection pool;
/// * `icpledger_projection_events_behind`, `icpledger_projection_seconds_behind`,
///   `icpledger_projection_halted_workspaces`: the read models' lag, set at every scrape.
public enum LedgerMetrics {
    /// The registry every metric of this process goes to.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The text exposition after updating the gauges from `report`.
    static func scrape(_ report: ReadinessReport) -> String {
        _ = registry
        Gauge(label: "icpledger_projection_events_behind").record(report.eventsBehind)
        Gauge(label: "icpledger_projection_seconds_behind").record(report.secondsBehind)
        Gauge(label: "icpledger_projection_halted_workspaces").record(report.haltedWorkspaces.count)
        Gauge(label: "icpledger_ready").record(report.ready ? 1 : 0)
        return registry.emitToString()
    }
}
