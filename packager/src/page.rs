//! The packaged page: no inline script (a strict CSP allows only `'self'`),
//! every reference relative (the org serves it under a cache-busting path).

/// The development page (Trunk's input): the one source of the app's root
/// element and its loading placeholder.
const DEV_PAGE: &str = include_str!("../../index.html");

/// `<div id="leadmap" …>…</div>` of the development page.
fn root_element() -> &'static str {
    let start = DEV_PAGE.find(r#"<div id="leadmap""#);
    let end = DEV_PAGE.find("</body>");
    match (start, end) {
        (Some(start), Some(end)) if start < end => DEV_PAGE[start..end].trim(),
        _ => r#"<div id="leadmap" class="lm-root"></div>"#,
    }
}

/// The HTML web resource. `early_requests.js` comes first and runs as soon as
/// it is in (a script after a stylesheet would wait for the stylesheet), so
/// the first data requests leave while the app downloads; the wasm's web
/// resource is fetched from the start (`preload`, the same request
/// `leadmap.js` then makes);
/// `leadmap.js` is deferred, so `#leadmap` exists when the app's main looks for it.
pub fn index_html() -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LeadMap</title>
<script src="early_requests.js"></script>
<link rel="stylesheet" href="leadmap.css">
<link rel="preload" href="leadmap_wasm.js" as="fetch" crossorigin>
<script src="leadmap.js" defer></script>
</head>
<body>
{}
</body>
</html>
"#,
        root_element()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_external_script_and_styles() {
        let page = index_html();
        let page = page.as_str();
        assert_eq!(page.matches("<script").count(), 2);
        assert!(page.contains(r#"<script src="early_requests.js"></script>"#));
        assert!(page.contains(r#"<script src="leadmap.js" defer></script>"#));
        assert!(page.contains(r#"<link rel="stylesheet" href="leadmap.css">"#));
        assert!(page.contains(r#"<div id="leadmap" class="lm-root">"#));
        // The first requests wait for nothing: their script comes before the stylesheet.
        assert!(page.find("early_requests.js") < page.find("leadmap.css"));
        // The development page's loading placeholder.
        assert!(page.contains("lm-boot") && page.contains("lm-skeleton__row"));
        // No inline style either: a strict CSP would block it.
        assert!(!page.contains("<style") && !page.contains("style="));
        for absolute in [
            "href=\"/",
            "src=\"/",
            "http:",
            "https:",
            "data:",
            "type=\"module\"",
        ] {
            assert!(!page.contains(absolute), "{absolute}");
        }
    }
}
