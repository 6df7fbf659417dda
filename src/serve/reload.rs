//! Live reload: the WebSocket at `/__primer/ws` and the small browser client.
//!
//! Messages are JSON text frames:
//! - `{"type":"reload"}`: reload the page (the client keeps the scroll position);
//! - `{"type":"css"}`: only stylesheets changed, swap `<link rel=stylesheet>` hrefs;
//! - `{"type":"error","html":…,"diagnostics":[…]}`: the build failed, show the overlay
//!   (`html` is escaped server-side; the page keeps showing the last good version;
//!   `diagnostics` are the objects `primer check --format json` prints).
//!
//! The upgrade is refused (403) unless the Origin header is this server's own origin,
//! so other sites open in the browser cannot listen in.

use super::Shared;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

pub(crate) const WS_PATH: &str = "/__primer/ws";
pub(crate) const CLIENT_PATH: &str = "/__primer/client.js";

pub(crate) fn reload_message() -> String {
    serde_json::json!({ "type": "reload" }).to_string()
}

pub(crate) fn css_message() -> String {
    serde_json::json!({ "type": "css" }).to_string()
}

pub(crate) fn error_message(html: &str, diagnostics: serde_json::Value) -> String {
    serde_json::json!({ "type": "error", "html": html, "diagnostics": diagnostics }).to_string()
}

pub async fn ws_handler(State(shared): State<Arc<Shared>>, headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if !origin.is_some_and(|o| shared.hosts.allows_origin(o)) {
        return (StatusCode::FORBIDDEN, "403 Forbidden: cross-origin WebSocket refused\n").into_response();
    }
    // Subscribe before answering, so no message published after the handshake is missed.
    let rx = shared.events.subscribe();
    ws.on_upgrade(move |socket| client(socket, rx, shared))
}

async fn client(mut socket: WebSocket, mut rx: tokio::sync::broadcast::Receiver<Arc<str>>, shared: Arc<Shared>) {
    let mut shutdown = shared.shutdown.subscribe();
    if *shutdown.borrow() {
        return;
    }
    if let super::Status::Failed { message, .. } = &**shared.status.load() {
        if socket.send(Message::Text(message.as_str().into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            m = rx.recv() => {
                let text: String = match m {
                    Ok(t) => t.to_string(),
                    Err(RecvError::Lagged(_)) => reload_message(),
                    Err(RecvError::Closed) => break,
                };
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            _ = shutdown.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}

/// The browser side. Reconnects when the connection drops and reloads once it is
/// back (the server may have restarted with new content).
pub(crate) const CLIENT_JS: &str = r#"// primer serve: live reload client (never part of `primer build` output)
(function () {
  "use strict";
  var KEY = "__primer_scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = parseFloat(saved) || 0;
      var restore = function () { window.scrollTo(0, y); };
      restore();
      window.addEventListener("load", restore);
    }
  } catch (e) {}

  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) {}
    location.reload();
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("__primer", String(Date.now()));
      links[i].href = url.href;
    }
  }

  function closeButton(root) {
    var b = root.querySelector("[data-primer-close]");
    if (b) b.addEventListener("click", function () { root.remove(); });
  }

  function showOverlay(html) {
    var old = document.getElementById("__primer-overlay");
    if (old) old.remove();
    var holder = document.createElement("div");
    holder.innerHTML = html; // escaped by the server
    var el = holder.firstElementChild;
    if (el) { document.body.appendChild(el); closeButton(el); }
  }

  var existing = document.getElementById("__primer-overlay");
  if (existing) closeButton(existing);

  var delay = 500, wasOpen = false;
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__primer/ws");
    ws.onopen = function () {
      if (wasOpen) { reload(); return; }
      wasOpen = true; delay = 500;
    };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg.type === "reload") reload();
      else if (msg.type === "css") swapStylesheets();
      else if (msg.type === "error") showOverlay(msg.html);
    };
    ws.onclose = function () {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }
  connect();
})();
"#;
