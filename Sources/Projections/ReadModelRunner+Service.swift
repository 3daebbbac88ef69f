public import ServiceLifecycle

/// The live runner is a service: `run()` follows the feed until the service group shuts down.
/// A graceful shutdown cancels the loop between batches; a batch that is being applied finishes
/// first (it is one transaction on a connection's own thread).
extension ReadModelRunner: Service {}
