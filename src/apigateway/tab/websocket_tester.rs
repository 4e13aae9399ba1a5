//! A WebSocket session walked through by hand, kept by a WebSocket API's tab: one connection
//! id across `$connect`, messages and `$disconnect`, each step's event sent to its route's
//! function.

use crate::apigateway::calls::route_function::{LocalRuns, now_epoch_ms};
use crate::apigateway::model::api_parts::LambdaTarget;
use crate::apigateway::model::route_event::{
    WebSocketEventType, WebSocketRequest, aws_style_id, websocket_event,
};
use crate::apigateway::tab::route_invoke::{
    InvokeWhere, RouteInvocation, RouteOrigin, run_at, start_route_invocation,
};
use crate::connection::calls::AwsClients;
use crate::shared::bridge::backend::Backend;
use crate::shared::bridge::request::Request;

/// One step as the WebSocket tester's form describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebSocketTest {
    pub route_key: String,
    /// The function the route's integration calls.
    pub target: LambdaTarget,
    pub stage: String,
    /// `$connect` only.
    pub headers: Vec<(String, String)>,
    pub query: String,
    /// Messages only.
    pub body: String,
    pub body_base64: bool,
    /// `$disconnect` only.
    pub disconnect_status_code: u16,
    pub disconnect_reason: String,
    /// Deployed ("Invoke function") or locally ("Invoke locally").
    pub run: InvokeWhere,
}

/// A step sent, for the session's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionStep {
    pub route_key: String,
    pub connection_id: String,
    pub message_id: Option<String>,
}

/// What the WebSocket API's tab needs to send a step.
pub struct SessionContext<'a> {
    pub clients: Option<AwsClients>,
    pub api_id: &'a str,
    /// The API's `wss://` endpoint: its host is the events' `domainName`.
    pub endpoint: Option<String>,
    pub backend: &'a Backend,
    pub local: &'a LocalRuns,
}

/// The session: its connection, the last step's answer, and every step sent.
pub struct WebSocketSession {
    pub connection_id: Option<String>,
    pub connected_at_ms: u64,
    /// Steps sent on the current connection.
    pub sent_on_connection: usize,
    pub invocation: Request<RouteInvocation>,
    /// Oldest first, across connections.
    pub steps: Vec<SessionStep>,
    /// Mixed into ids, so two made in the same millisecond differ.
    ids_made: u64,
}

impl Default for WebSocketSession {
    fn default() -> Self {
        Self {
            connection_id: None,
            connected_at_ms: 0,
            sent_on_connection: 0,
            invocation: Request::new("Invoke"),
            steps: Vec::new(),
            ids_made: 0,
        }
    }
}

impl WebSocketSession {
    /// Forgets the connection: the next step opens a new one.
    pub fn new_connection(&mut self) {
        self.connection_id = None;
        self.sent_on_connection = 0;
    }

    fn new_id(&mut self) -> String {
        self.ids_made += 1;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        aws_style_id(nanos ^ self.ids_made.rotate_left(40))
    }

    /// The connection and message ids of the next step on `route_key`: a `$connect` on a
    /// connection that has already been used opens a new one (a handshake always starts a
    /// connection); any other step uses the current connection, opening one when there is
    /// none; a message gets its own id.
    fn step_ids(&mut self, route_key: &str) -> (String, Option<String>) {
        let event_type = WebSocketEventType::of_route(route_key);
        if event_type == WebSocketEventType::Connect && self.sent_on_connection > 0 {
            self.new_connection();
        }
        let connection_id = match &self.connection_id {
            Some(id) => id.clone(),
            None => {
                let id = self.new_id();
                self.connection_id = Some(id.clone());
                self.connected_at_ms = now_epoch_ms();
                id
            }
        };
        let message_id = (event_type == WebSocketEventType::Message).then(|| self.new_id());
        (connection_id, message_id)
    }

    /// Sends one step to the route's function on the session's connection.
    pub fn send(&mut self, test: WebSocketTest, ctx: &SessionContext<'_>) {
        let (connection_id, message_id) = self.step_ids(&test.route_key);
        let request = WebSocketRequest {
            stage: test.stage,
            connection_id: connection_id.clone(),
            connected_at_ms: self.connected_at_ms,
            headers: test.headers,
            query: test.query,
            body: test.body,
            body_base64: test.body_base64,
            message_id: message_id.clone().unwrap_or_default(),
            disconnect_status_code: test.disconnect_status_code,
            disconnect_reason: test.disconnect_reason,
        };
        let origin = RouteOrigin {
            api_id: ctx.api_id.to_owned(),
            endpoint: ctx.endpoint.clone(),
            route_key: test.route_key.clone(),
            response_format: "2.0",
            function_error_status: 500,
        };
        let run = run_at(test.run, &test.target, ctx.local);
        let started = start_route_invocation(
            &mut self.invocation,
            ctx.clients.clone(),
            ctx.backend,
            (test.target, run),
            origin,
            |context| websocket_event(&request, context),
        );
        if !started {
            return;
        }
        self.sent_on_connection += 1;
        self.steps.push(SessionStep {
            route_key: test.route_key,
            connection_id,
            message_id,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marks a step as sent, as `send` does once the invocation is on its way.
    fn sent(session: &mut WebSocketSession, route_key: &str) -> (String, Option<String>) {
        let ids = session.step_ids(route_key);
        session.sent_on_connection += 1;
        ids
    }

    #[test]
    fn one_connection_lasts_until_a_new_handshake_or_new_connection() {
        let mut session = WebSocketSession::default();
        let (connection, none) = sent(&mut session, "$connect");
        assert_eq!(none, None);
        assert!(session.connected_at_ms > 0);
        let (same, first) = sent(&mut session, "sendMessage");
        let (again, second) = sent(&mut session, "$default");
        assert_eq!((&same, &again), (&connection, &connection));
        assert!(first.is_some() && second.is_some() && first != second);
        assert_eq!(
            sent(&mut session, "$disconnect"),
            (connection.clone(), None)
        );
        // A second handshake is a new connection.
        let (reconnected, _) = sent(&mut session, "$connect");
        assert_ne!(reconnected, connection);
        // So is "New connection"; a message first opens one too.
        session.new_connection();
        assert_eq!(session.connection_id, None);
        let (fresh, message) = sent(&mut session, "sendMessage");
        assert_ne!(fresh, reconnected);
        assert!(message.is_some());
        // A connect right after "New connection" keeps the id it opens.
        session.new_connection();
        let (opened, _) = session.step_ids("$connect");
        assert_eq!(session.connection_id.as_deref(), Some(opened.as_str()));
    }
}
