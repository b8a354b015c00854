//! Turns wasm-bindgen's `--target web` glue (an ES module) into a classic
//! script that Dataverse can serve as a JScript web resource, and the wasm
//! binary into a second JScript web resource that carries it gzip-compressed
//! and base64-encoded as one string literal (`leadmap_wasm.js`). The app's
//! script reads that file as data, as it arrives: base64 decoded chunk by
//! chunk, inflated by `DecompressionStream`, compiled by
//! `WebAssembly.compileStreaming` while the rest still downloads, so nothing
//! depends on the server sending `application/wasm`.
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

/// The file name of the web resource that carries the wasm, beside `leadmap.js`.
pub const WASM_RESOURCE: &str = "leadmap_wasm.js";

/// The web resource that carries the wasm: a valid script (one string
/// literal, which does nothing when run), read by the app as data.
pub fn wasm_resource(wasm: &[u8]) -> Result<String, PackageError> {
    if !wasm.starts_with(b"\0asm") {
        return Err(PackageError::NotWasm);
    }
    let wasm_base64 = base64::engine::general_purpose::STANDARD.encode(gzip(wasm)?);
    Ok(format!(
        "/* LeadMap's WebAssembly module, gzip then base64: leadmap.js reads this file as data. */\n\"{wasm_base64}\";\n"
    ))
}

/// Builds the classic script. Fails when the glue is not the shape this
/// conversion understands, rather than emitting a script that breaks in an org.
pub fn classic_script(glue: &str) -> Result<String, PackageError> {
    let init = default_export(glue).ok_or(PackageError::GlueWithoutDefaultExport)?;
    if !glue.contains("__wbindgen_start") {
        return Err(PackageError::GlueWithoutStart);
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
    Ok(format!(
        r#"/* LeadMap: wasm-bindgen glue and its loader, packaged by leadmap-packager. */
(function () {{
"use strict";
{body}
var LEADMAP_WASM_URL = new URL("{WASM_RESOURCE}", document.currentScript ? document.currentScript.src : document.baseURI);

// base64 text (the string literal of leadmap_wasm.js) to bytes, as it arrives.
function leadmapBase64Decoder() {{
    var rest = "";
    var inside = false;
    return new TransformStream({{
        transform: function (text, out) {{
            if (!inside) {{
                var open = text.indexOf('"');
                if (open < 0) return;
                inside = true;
                text = text.slice(open + 1);
            }}
            var close = text.indexOf('"');
            rest += close < 0 ? text : text.slice(0, close);
            var whole = rest.length - (rest.length % 4);
            var binary = atob(rest.slice(0, whole));
            rest = rest.slice(whole);
            var bytes = new Uint8Array(binary.length);
            for (var i = 0; i < binary.length; i++) {{
                bytes[i] = binary.charCodeAt(i);
            }}
            out.enqueue(bytes);
        }},
        flush: function () {{
            if (rest) throw new Error("the app's module arrived cut off: reload the form.");
        }}
    }});
}}

// Downloaded, decoded, inflated and compiled as it streams in.
function leadmapWasmModule() {{
    if (typeof DecompressionStream !== "function" || typeof TextDecoderStream !== "function" || !WebAssembly.compileStreaming) {{
        throw new Error("this browser cannot unpack the app (no DecompressionStream): use a current Edge, Chrome, Firefox or Safari.");
    }}
    return fetch(LEADMAP_WASM_URL, {{ credentials: "same-origin" }}).then(function (response) {{
        if (!response.ok) throw new Error("the app's module could not be loaded (HTTP " + response.status + ").");
        var bytes = response.body
            .pipeThrough(new TextDecoderStream())
            .pipeThrough(leadmapBase64Decoder())
            .pipeThrough(new DecompressionStream("gzip"));
        return WebAssembly.compileStreaming(new Response(bytes, {{ headers: {{ "Content-Type": "application/wasm" }} }}));
    }});
}}

function leadmapFailed(error) {{
    console.error("LeadMap could not start", error);
    var root = document.getElementById("leadmap");
    if (root) {{
        root.setAttribute("role", "alert");
        root.textContent = "LeadMap could not start: " + (error && error.message ? error.message : String(error));
    }}
}}

// Compiled from bytes the page made: needs 'wasm-unsafe-eval' under a strict CSP.
// Started inside a promise, so that any failure, however early, reaches leadmapFailed.
Promise.resolve()
    .then(leadmapWasmModule)
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
    fn makes_a_classic_script_that_streams_the_wasm_resource() {
        let js = classic_script(GLUE).unwrap();
        assert!(js.starts_with("/* LeadMap"));
        assert!(js.contains("(function () {\n\"use strict\";"));
        assert!(js.trim_end().ends_with("})();"));
        assert!(!js.contains("import.meta"));
        assert!(!js.lines().any(|l| l.trim_start().starts_with("export")));
        assert!(js.contains("function greet(name)"));
        assert!(js.contains("new URL(\"leadmap_wasm.js\""));
        assert!(js.contains("new DecompressionStream(\"gzip\")"));
        assert!(js.contains("WebAssembly.compileStreaming(new Response(bytes"));
        let wasm = wasm_resource(b"\0asm\x01\0\0\0").unwrap();
        assert!(wasm
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("\"H4sI") && l.ends_with("\";")));
        assert!(matches!(wasm_resource(b"text"), Err(PackageError::NotWasm)));
        assert!(js.contains("return __wbg_init({ module_or_path: module });"));
        assert_eq!(forbidden_constructs(&js), Vec::<&str>::new());
    }

    #[test]
    fn refuses_glue_it_cannot_convert() {
        assert!(classic_script("let x = 1;").is_err());
        let no_start = GLUE.replace("wasm.__wbindgen_start();", "");
        assert!(classic_script(&no_start)
            .unwrap_err()
            .to_string()
            .contains("__wbindgen_start"));
        let importing = format!("import * as s from './snippets/a.js';\n{GLUE}");
        assert!(classic_script(&importing).is_err());
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
