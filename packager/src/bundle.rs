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

use crate::error::PackageError;
use base64::Engine;

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

/// The global that wasm-bindgen's `--target no-modules` glue declares (its
/// default `--no-modules-global`): the init function.
const GLUE_GLOBAL: &str = "wasm_bindgen";

/// Builds the classic script: the no-modules glue as wasm-bindgen wrote it,
/// inside a function so its global stays local, and the loader that calls it.
/// Fails when the glue is not that shape, rather than emitting a script that
/// breaks in an org.
pub fn classic_script(glue: &str) -> Result<String, PackageError> {
    if !glue
        .trim_start()
        .starts_with(&format!("let {GLUE_GLOBAL} ="))
    {
        return Err(PackageError::GlueNotClassic);
    }
    if !glue.contains("__wbindgen_start") {
        return Err(PackageError::GlueWithoutStart);
    }
    let init = GLUE_GLOBAL;
    let body = glue.trim_end();
    Ok(format!(
        r#"/* LeadMap: wasm-bindgen glue and its loader, packaged by leadmap-packager. */
(function () {{
"use strict";
{body}

var LEADMAP_WASM_URL = new URL("{WASM_RESOURCE}", document.currentScript ? document.currentScript.src : document.baseURI);

// The browser's own decoder where it has one (Chromium 140+, Firefox 133+, Safari 18.2+):
// a small fraction of the per-byte loop's main-thread time, which the early answers wait for.
function leadmapBase64Bytes(base64) {{
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {{
        bytes[i] = binary.charCodeAt(i);
    }}
    return bytes;
}}

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
            var chunk = rest.slice(0, whole);
            rest = rest.slice(whole);
            out.enqueue(leadmapBase64Bytes(chunk));
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
/// Zopfli: a standard deflate stream, a few percent smaller than zlib's best,
/// paid once at packaging time instead of on every cold open.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>, PackageError> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )
    .map_err(PackageError::Gzip)?;
    Ok(out)
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

    /// The shape of wasm-bindgen 0.2's `--target no-modules` glue.
    const GLUE: &str = r#"let wasm_bindgen = (function(exports) {
    let script_src;
    if (typeof document !== 'undefined' && document.currentScript !== null) {
        script_src = new URL(document.currentScript.src, location.href).toString();
    }
    function __wbg_finalize_init(instance, module) {
        wasm = instance.exports;
        wasm.__wbindgen_start();
        return wasm;
    }
    function greet(name) { return `Function(${name})`; }
    async function __wbg_init(module_or_path) {
        return wasm;
    }
    return Object.assign(__wbg_init, { initSync }, exports);
})({ __proto__: null });
"#;

    #[test]
    fn makes_a_classic_script_that_streams_the_wasm_resource() {
        let js = classic_script(GLUE).unwrap();
        assert!(js.starts_with("/* LeadMap"));
        assert!(
            js.contains("(function () {\n\"use strict\";\nlet wasm_bindgen = (function(exports) {")
        );
        assert!(js.trim_end().ends_with("})();"));
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
        assert!(js.contains("return wasm_bindgen({ module_or_path: module });"));
        assert_eq!(forbidden_constructs(&js), Vec::<&str>::new());
    }

    #[test]
    fn refuses_glue_it_cannot_load() {
        assert!(matches!(
            classic_script("let x = 1;"),
            Err(PackageError::GlueNotClassic)
        ));
        // wasm-bindgen's --target web: an ES module, which a JScript web resource cannot be.
        let module = "let wasm;\nasync function __wbg_init(m) { wasm.__wbindgen_start(); }\nexport { initSync, __wbg_init as default };\n";
        assert!(matches!(
            classic_script(module),
            Err(PackageError::GlueNotClassic)
        ));
        let no_start = GLUE.replace("wasm.__wbindgen_start();", "");
        assert!(classic_script(&no_start)
            .unwrap_err()
            .to_string()
            .contains("__wbindgen_start"));
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
