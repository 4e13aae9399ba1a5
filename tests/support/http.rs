//! A one-request HTTP server on a free loopback port, for the testers' "Send HTTP request".

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::sync::mpsc;

/// Answers one HTTP request with 201 and a body, and reports the request line it got.
pub fn one_shot_server() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut buffer = [0u8; 8192];
        let read = stream.read(&mut buffer).unwrap_or(0);
        let request = String::from_utf8_lossy(&buffer[..read]).to_string();
        let _ = sender.send(request.lines().next().unwrap_or_default().to_owned());
        let body = "hello from the route";
        let _ = write!(
            stream,
            "HTTP/1.1 201 Created\r\ncontent-type: text/plain\r\nx-test: yes\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
    });
    (port, receiver)
}
