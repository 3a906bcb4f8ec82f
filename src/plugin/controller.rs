//! go-plugin's side services: `GRPCController` (the host asks us to exit) and `GRPCStdio`
//! (tether logs to stderr directly, so the stream stays open and idle).

use std::pin::Pin;

use futures::Stream;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::proto::plugin as pb;

/// Answers Shutdown by cancelling `shutdown`; the serve loop then exits the process.
pub struct Controller {
    pub shutdown: CancellationToken,
}

#[tonic::async_trait]
impl pb::grpc_controller_server::GrpcController for Controller {
    async fn shutdown(&self, _request: Request<pb::Empty>) -> Result<Response<pb::Empty>, Status> {
        tracing::debug!(rpc = "Shutdown", "host asked the plugin to exit");
        self.shutdown.cancel();
        Ok(Response::new(pb::Empty {}))
    }
}

pub struct Stdio {
    pub shutdown: CancellationToken,
}

type StdioStream = Pin<Box<dyn Stream<Item = Result<pb::StdioData, Status>> + Send>>;

#[tonic::async_trait]
impl pb::grpc_stdio_server::GrpcStdio for Stdio {
    async fn stream_stdio(&self, _request: Request<()>) -> Result<Response<StdioStream>, Status> {
        // Nothing is ever sent: logs go to the real stderr, which the host reads itself.
        // The stream ends when the plugin shuts down.
        let shutdown = self.shutdown.clone();
        let stream = futures::stream::once(async move {
            shutdown.cancelled().await;
            Err(Status::unavailable("plugin is shutting down"))
        });
        Ok(Response::new(Box::pin(stream)))
    }
}
