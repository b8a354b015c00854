//! Turns wasm-bindgen's `--target web` glue (an ES module) and the wasm
//! binary into one classic script that Dataverse can serve as a JScript web
//! resource: the wasm travels gzip-compressed and base64-encoded inside it
//! and is compiled from bytes, so nothing depends on the server sending
//! `application/wasm`.
//!
//! Why gzip first: base64 of the raw wasm compresses badly (its 6-bit groups
//! break the byte patterns gzip finds), so with the org's own compression it
//! came to 290 KB on the wire for a 216 KB gzip wasm. Base64 of gzip output
//! is random-looking text that the org's compression brings back to about
//! the gzip size. The browser inflates it with `DecompressionStream`.

use std::io::Write;

use crate::error::PackageError;
use base64::Engine;
use flate2::{write::GzEncoder, Compression};

/// Builds the classic script. Fails when the glue is not the shape this
/// conversion understands, rather than emitting a script that breaks in an org.
pub fn classic_script(glue: &str, wasm: &[u8]) -> Result<String, PackageError> {
    let init = default_export(glue).ok_or(PackageError::GlueWithoutDefaultExport)?;
    if !glue.contains("__wbindgen_start") {
        return Err(PackageError::GlueWithoutStart);
    }
    if !wasm.starts_with(b"\0asm") {
        return Err(PackageError::NotWasm);
    }
    let mut body = String::with_capacity(glue.len());
    for line in glue.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("export {") || trimmed.starts_with("export{") {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("export ") {
            // `export function f`, `export class C`: keep the declaration.
            body.push_str(rest);
        } else if trimmed.starts_with("import ") || trimmed.starts_with("import{") {
            return Err(PackageError::GlueImport {
                line: trimmed.to_string(),
            });
        } else {
            body.push_str(line);
        }
        body.push('\n');
    }
    // Only reached when init gets no module; a classic script has no import.meta.
    let body = body.replace("import.meta.url", "document.baseURI");
    let wasm_base64 = base64::engine::general_purpose::STANDARD.encode(gzip(wasm)?);
    Ok(format!(
        r#"/* LeadMap: wasm-bindgen glue and the WebAssembly module (gzip, base64), packaged by leadmap-packager. */
(function () {{
"use strict";
{body}
var LEADMAP_WASM_GZIP_BASE64 = "{wasm_base64}";

// The wasm's bytes: base64 to gzip bytes, then inflated by the browser.
function leadmapWasmBytes() {{
    if (typeof DecompressionStream !== "function") {{
        throw new Error("this browser cannot unpack the app (no DecompressionStream): use a current Edge, Chrome, Firefox or Safari.");
    }}
    var binary = atob(LEADMAP_WASM_GZIP_BASE64);
    LEADMAP_WASM_GZIP_BASE64 = null; // ~300 KB the page need not keep
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {{
        bytes[i] = binary.charCodeAt(i);
    }}
    var inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(inflated).arrayBuffer();
}}

function leadmapFailed(error) {{
    console.error("LeadMap could not start", error);
    var root = document.getElementById("leadmap");
    if (root) {{
        root.setAttribute("role", "alert");
        root.textContent = "LeadMap could not start: " + (error && error.message ? error.message : String(error));
    }}
}}

// Compiled from bytes: needs 'wasm-unsafe-eval' under a strict CSP, never application/wasm.
// Started inside a promise, so that any failure, however early, reaches leadmapFailed.
Promise.resolve()
    .then(leadmapWasmBytes)
    .then(function (bytes) {{ return WebAssembly.compile(bytes); }})
    .then(function (module) {{ return {init}({{ module_or_path: module }}); }})
    .catch(leadmapFailed);
}})();
"#
    ))
}

/// `bytes` gzip-compressed, as `DecompressionStream("gzip")` reads them.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>, PackageError> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(PackageError::Gzip)
}

/// The local name exported as default: `__wbg_init` in
/// `export { initSync, __wbg_init as default };`.
fn default_export(glue: &str) -> Option<&str> {
    glue.lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("export")?.trim_start().strip_prefix('{'))
        .flat_map(|list| list.split(['}', ',']))
        .find_map(|item| item.trim().strip_suffix(" as default").map(str::trim))
        .filter(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
}

/// What a strict Content Security Policy forbids in script text: `eval(` and
/// `new Function`. Returns the constructs found (empty when clean).
pub fn forbidden_constructs(js: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    if has_call(js, "eval") {
        found.push("eval(");
    }
    if has_word_sequence(js, "new", "Function") {
        found.push("new Function");
    }
    found
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// `word` as a whole identifier followed (after spaces) by `(`.
fn has_call(js: &str, word: &str) -> bool {
    js.match_indices(word).any(|(i, _)| {
        let before_ok = !js[..i].chars().next_back().is_some_and(is_ident);
        let after = js[i + word.len()..].trim_start();
        before_ok && after.starts_with('(')
    })
}

/// `first` and `second` as whole identifiers separated by whitespace.
fn has_word_sequence(js: &str, first: &str, second: &str) -> bool {
    js.match_indices(first).any(|(i, _)| {
        let before_ok = !js[..i].chars().next_back().is_some_and(is_ident);
        let rest = &js[i + first.len()..];
        let after = rest.trim_start();
        before_ok
            && after.len() < rest.len()
            && after.starts_with(second)
            && !after[second.len()..].starts_with(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = r#"let wasm;
function __wbg_finalize_init(instance, module) {
    wasm = instance.exports;
    wasm.__wbindgen_start();
    return wasm;
}
export function greet(name) { return `Function(${name})`; }
async function __wbg_init(module_or_path) {
    if (module_or_path === undefined) {
        module_or_path = new URL('app_bg.wasm', import.meta.url);
    }
    return wasm;
}
export { initSync, __wbg_init as default };
"#;

    #[test]
    fn finds_the_default_export() {
        assert_eq!(default_export(GLUE), Some("__wbg_init"));
        assert_eq!(default_export("export {init as default}"), Some("init"));
        assert_eq!(default_export("function f() {}"), None);
    }

    #[test]
    fn makes_a_classic_script_that_starts_from_bytes() {
        let js = classic_script(GLUE, b"\0asm\x01\0\0\0").unwrap();
        assert!(js.starts_with("/* LeadMap"));
        assert!(js.contains("(function () {\n\"use strict\";"));
        assert!(js.trim_end().ends_with("})();"));
        assert!(!js.contains("import.meta"));
        assert!(!js.lines().any(|l| l.trim_start().starts_with("export")));
        assert!(js.contains("function greet(name)"));
        assert!(js.contains("var LEADMAP_WASM_GZIP_BASE64 = \"H4sI"));
        assert!(js.contains("new DecompressionStream(\"gzip\")"));
        assert!(js.contains("return WebAssembly.compile(bytes);"));
        assert!(js.contains("return __wbg_init({ module_or_path: module });"));
        assert_eq!(forbidden_constructs(&js), Vec::<&str>::new());
    }

    #[test]
    fn refuses_glue_it_cannot_convert() {
        let wasm = b"\0asm\x01\0\0\0";
        assert!(classic_script("let x = 1;", wasm).is_err());
        let no_start = GLUE.replace("wasm.__wbindgen_start();", "");
        assert!(classic_script(&no_start, wasm)
            .unwrap_err()
            .to_string()
            .contains("__wbindgen_start"));
        let importing = format!("import * as s from './snippets/a.js';\n{GLUE}");
        assert!(classic_script(&importing, wasm).is_err());
        assert!(classic_script(GLUE, b"not wasm").is_err());
    }

    #[test]
    fn spots_eval_and_new_function() {
        assert_eq!(forbidden_constructs("eval('1')"), ["eval("]);
        assert_eq!(forbidden_constructs("x = window.eval (s)"), ["eval("]);
        assert_eq!(
            forbidden_constructs("new Function('a', 'b')"),
            ["new Function"]
        );
        assert_eq!(forbidden_constructs("new  Function"), ["new Function"]);
        for clean in [
            "evaluate(x)",
            "medieval(x)",
            "`Function(${name})`",
            "new FunctionBuilder()",
            "renew Function",
            "var evalResult = 1;",
        ] {
            assert!(forbidden_constructs(clean).is_empty(), "{clean}");
        }
    }
}
