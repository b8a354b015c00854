//! Starts an emulator on 127.0.0.1:0 and speaks real HTTP to it.
#![allow(dead_code)]

use dataverse_emulator::{server, AppState, Config};
use serde_json::Value;

pub const CONTACT_MANY: &str = "c0000000-0000-4000-8000-000000000001";
pub const CONTACT_NONE: &str = "c0000000-0000-4000-8000-000000000002";
pub const CONTACT_OBRIEN: &str = "c0000000-0000-4000-8000-000000000003";
pub const LEAD_MANY: &str = "1ead0000-0000-4000-8000-000000000001";
pub const LEAD_NONE: &str = "1ead0000-0000-4000-8000-000000000002";
pub const LEAD_FULL: &str = "1ead0000-0000-4000-8000-000000000004";
pub const ACCOUNT_CONTOSO: &str = "acc00000-0000-4000-8000-000000000001";
pub const MAP_LEAD_CONTACT: &str = "e0000000-0000-4000-8000-000000000001";

pub struct Emu {
    /// `http://127.0.0.1:port`
    pub origin: String,
    client: reqwest::Client,
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

impl Emu {
    pub async fn start() -> Self {
        Self::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = server::router(AppState::new(config));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Emu {
            origin: format!("http://{addr}"),
            client: reqwest::Client::new(),
        }
    }

    /// `path` is relative to `/api/data/v9.2/` unless it starts with `/`.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.origin)
        } else {
            format!("{}/api/data/v9.2/{path}", self.origin)
        }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Resp {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            self.url(path)
        };
        let mut req = self.client.request(method.parse().unwrap(), url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        Resp {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send("GET", path, &[], None).await
    }

    pub async fn get_prefer(&self, path: &str, prefer: &str) -> Resp {
        self.send("GET", path, &[("Prefer", prefer)], None).await
    }

    /// GET that must succeed; returns the JSON body.
    pub async fn ok(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status, 200, "GET {path}: {}", r.text);
        r.json()
    }

    pub async fn associate(&self, contact: &str, lead_ref: &str) -> Resp {
        let body = serde_json::json!({"@odata.id": lead_ref}).to_string();
        self.send(
            "POST",
            &format!("contacts({contact})/contactleads_association/$ref"),
            &[("Content-Type", "application/json")],
            Some(body),
        )
        .await
    }
}

pub fn values(v: &Value) -> &Vec<Value> {
    v["value"].as_array().expect("value array")
}

pub fn strings(v: &Value, field: &str) -> Vec<String> {
    values(v)
        .iter()
        .map(|r| r[field].as_str().unwrap_or("").to_string())
        .collect()
}

/// Inject a fault through `/_emulator/faults`.
#[allow(dead_code)]
pub async fn add_fault(emu: &Emu, fault: Value) {
    let r = emu
        .send(
            "POST",
            "/_emulator/faults",
            &[("Content-Type", "application/json")],
            Some(fault.to_string()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}
