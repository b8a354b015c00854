/*
 * LeadMap form OnLoad handler (JScript web resource new_/leadmap/form_onload.js).
 *
 * Form properties > Events > OnLoad: library new_/leadmap/form_onload.js,
 * function LeadMap.onLoad, "Pass execution context as first parameter" on,
 * optional parameter: the web resource control's name in quotes (default
 * "WebResource_leadmap").
 *
 * Hands the form's Client API context to LeadMap's frame through
 * setClientApiContext(Xrm, formContext). The frame's WebAssembly may still be
 * starting when the form loads, so it retries for a few seconds.
 */
var LeadMap = window.LeadMap || {};

(function (ns) {
    "use strict";

    var DEFAULT_CONTROL = "WebResource_leadmap";
    var ATTEMPTS = 40;
    var DELAY_MS = 250;

    function wait(ms) {
        return new Promise(function (resolve) { setTimeout(resolve, ms); });
    }

    function clientApi() {
        if (typeof Xrm !== "undefined") { return Xrm; }
        return window.parent && window.parent.Xrm;
    }

    // Resolves true once LeadMap has the context, false when the control is
    // missing or LeadMap never became ready. Never rejects: a form script
    // error would show the user a dialog.
    function handOver(formContext, controlName) {
        var control = formContext && formContext.getControl && formContext.getControl(controlName);
        if (!control || typeof control.getContentWindow !== "function") {
            return Promise.resolve(false);
        }
        function attempt(left) {
            return control.getContentWindow().then(function (contentWindow) {
                if (contentWindow && typeof contentWindow.setClientApiContext === "function") {
                    contentWindow.setClientApiContext(clientApi(), formContext);
                    return true;
                }
                if (left <= 1) { return false; }
                return wait(DELAY_MS).then(function () { return attempt(left - 1); });
            });
        }
        return attempt(ATTEMPTS).catch(function () { return false; });
    }

    ns.onLoad = function (executionContext, controlName) {
        var formContext = executionContext && executionContext.getFormContext
            ? executionContext.getFormContext()
            : null;
        return handOver(formContext, controlName || DEFAULT_CONTROL);
    };
})(LeadMap);
