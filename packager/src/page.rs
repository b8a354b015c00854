//! The packaged page: no inline script (a strict CSP allows only `'self'`),
//! every reference relative (the org serves it under a cache-busting path).

/// The HTML web resource. `early_batch.js` runs at once, so the first data
/// request leaves while `leadmap.js` still downloads; `leadmap.js` is
/// deferred, so `#leadmap` exists when the app's main looks for it.
pub const INDEX_HTML: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LeadMap</title>
<link rel="stylesheet" href="leadmap.css">
<script src="early_batch.js"></script>
<script src="leadmap.js" defer></script>
</head>
<body>
<div id="leadmap" class="lm-root"><div class="lm-frame lm-boot" role="status"><span class="lm-visually-hidden">Loading LeadMap…</span><div class="lm-skeleton" aria-hidden="true"><div class="lm-skeleton__row"><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span></div><div class="lm-skeleton__row"><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span></div><div class="lm-skeleton__row"><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span></div><div class="lm-skeleton__row"><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span></div><div class="lm-skeleton__row"><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span><span class="lm-skeleton__cell"></span></div></div><p class="lm-boot__slow">LeadMap is taking longer than usual to load. Check the connection, then reopen the form.</p></div><noscript>LeadMap needs JavaScript and WebAssembly to show this record's leads and entity maps.</noscript></div>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// `<div id="leadmap" …>…</div>`: the app's root with its placeholder.
    fn root_element() -> &'static str {
        let start = INDEX_HTML.find(r#"<div id="leadmap""#);
        let end = INDEX_HTML.find("</body>");
        assert!(start.is_some() && end.is_some(), "no #leadmap in the page");
        INDEX_HTML[start.unwrap_or(0)..end.unwrap_or(0)].trim_end()
    }

    #[test]
    fn only_relative_external_script_and_styles() {
        assert_eq!(INDEX_HTML.matches("<script").count(), 2);
        assert!(INDEX_HTML.contains(r#"<script src="early_batch.js"></script>"#));
        assert!(INDEX_HTML.contains(r#"<script src="leadmap.js" defer></script>"#));
        assert!(INDEX_HTML.contains(r#"<link rel="stylesheet" href="leadmap.css">"#));
        assert!(INDEX_HTML.contains(r#"<div id="leadmap" class="lm-root">"#));
        // The same loading placeholder as the development page.
        assert!(include_str!("../../index.html").contains(root_element()));
        // No inline style either: a strict CSP would block it.
        assert!(!INDEX_HTML.contains("<style") && !INDEX_HTML.contains("style="));
        for absolute in [
            "href=\"/",
            "src=\"/",
            "http:",
            "https:",
            "data:",
            "type=\"module\"",
        ] {
            assert!(!INDEX_HTML.contains(absolute), "{absolute}");
        }
    }
}
