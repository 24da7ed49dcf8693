//! A Chromium session through chromedriver (fantoccini), the Chrome DevTools commands
//! chromedriver passes through, and waiting on a condition in the page.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::PATIENCE;

/// A new Chromium, headless, with the empty profile `profile` (made if missing).
pub async fn connect(driver: &str, chromium: &Path, profile: &Path) -> Client {
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            // Headless, as root, on a machine whose network reaches nothing but 127.0.0.1.
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,900",
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver)
        .await
        .unwrap_or_else(|e| panic!("chromedriver would not start Chromium: {e}"))
}

/// A chromedriver command fantoccini has no method for: `POST /session/{id}/<path>`.
#[derive(Debug)]
pub struct SessionPost {
    pub path: &'static str,
    pub body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// A Chrome DevTools Protocol command, through chromedriver's `goog/cdp/execute`.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value, String> {
    client
        .issue_cmd(SessionPost {
            path: "goog/cdp/execute",
            body: json!({ "cmd": cmd, "params": params }),
        })
        .await
        .map_err(|e| format!("Chromium refused {cmd}: {e}"))
}

/// Emulates the media features `features` (`[("prefers-color-scheme", "dark")]`) and the media
/// type `media` ("print", "screen", or "" for none) for the pages to come.
pub async fn emulate_media(
    client: &Client,
    media: &str,
    features: &[(&str, &str)],
) -> Result<(), String> {
    let features: Vec<Value> = features
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "media": media, "features": features }),
    )
    .await
    .map(drop)
}

/// Runs `script` in the page until it returns something truthy (which it returns), or `None`
/// after PATIENCE. The wait is on the condition, polled every 50 ms.
pub async fn wait_for(client: &Client, script: &str) -> Option<Value> {
    let started = Instant::now();
    loop {
        let value = client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("the page could not run {script:?}: {e}"));
        let truthy = match &value {
            Value::Null | Value::Bool(false) => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        };
        if truthy {
            return Some(value);
        }
        if started.elapsed() > PATIENCE {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
