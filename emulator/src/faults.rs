//! Fault injection (`/_emulator/faults`) and the API request log (`/_emulator/requests`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// The documented error body (for 2xx: the real answer).
    #[default]
    Json,
    /// An HTML page, as a gateway or sign-in page would send.
    Html,
    /// The real (or error) JSON body cut in half.
    Truncated,
    Empty,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Fault {
    pub path_contains: String,
    #[serde(default)]
    pub method: Option<String>,
    /// Without a status, the fault only delays the real answer.
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default = "one")]
    pub times: u32,
    #[serde(default)]
    pub retry_after: Option<u64>,
    #[serde(default)]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub body: BodyKind,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Default)]
pub struct Faults {
    list: Vec<Fault>,
}

impl Faults {
    pub fn add(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.list.push(fault);
        }
    }

    pub fn clear(&mut self) {
        self.list.clear();
    }

    pub fn list(&self) -> &[Fault] {
        &self.list
    }

    /// Consumes one use of the first fault matching `method` and the decoded
    /// `path?query` target.
    pub fn take(&mut self, method: &str, target: &str) -> Option<Fault> {
        let i = self.list.iter().position(|f| {
            target.contains(&f.path_contains)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let fault = self.list[i].clone();
        self.list[i].times -= 1;
        if self.list[i].times == 0 {
            self.list.remove(i);
        }
        Some(fault)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    /// The decoded query string (without `?`).
    pub query: String,
    /// The raw query string, as sent.
    pub raw_query: String,
    /// Milliseconds since the emulator started.
    pub time: u64,
    /// Microseconds since the emulator started: finds this entry again.
    #[serde(skip)]
    pub started_us: u64,
    pub prefer: Option<String>,
    /// For a `$batch`: its GET parts, `GET path?query` (decoded).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn faults_are_consumed() {
        let mut f = Faults::default();
        f.add(fault(
            r#"{"path_contains":"contacts","status":503,"times":2}"#,
        ));
        assert!(f.take("GET", "/api/data/v9.2/leads").is_none());
        assert_eq!(
            f.take("GET", "/api/data/v9.2/contacts").unwrap().status,
            Some(503)
        );
        assert!(f.take("GET", "/api/data/v9.2/contacts").is_some());
        assert!(f.take("GET", "/api/data/v9.2/contacts").is_none());
    }

    #[test]
    fn method_filter_and_defaults() {
        let mut f = Faults::default();
        f.add(fault(
            r#"{"path_contains":"$ref","method":"post","status":429,"body":"html"}"#,
        ));
        assert!(f.take("DELETE", "/x/$ref").is_none());
        let got = f.take("POST", "/x/$ref").unwrap();
        assert_eq!((got.times, got.body), (1, BodyKind::Html));
    }
}
