(function () {
  "use strict";
  // Embedded by the emulator: a few records to switch between, and the WhoAmI user.
  var RECORDS = __RECORDS_JSON__;
  var USER_ID = "__USER_ID__";
  var USER_NAME = "__USER_NAME__";
  var LANGS = { 1025: "ar", 1031: "de", 1033: "en", 1036: "fr", 1037: "he", 1041: "ja", 3082: "es" };
  var RTL = { 1025: true, 1037: true };
  var PRIMARY_ID = { contact: "contactid", lead: "leadid" };
  var SET = { contact: "contacts", lead: "leads" };

  var params = new URLSearchParams(location.search);
  var typename = params.get("typename") || "contact";
  var rawId = params.get("id");
  // `id=` or `id=new` opens a create form, as "+ New" does.
  var isNew = rawId !== null && (rawId === "" || rawId.toLowerCase() === "new");
  var formType = parseInt(params.get("formtype") || (isNew ? "1" : "2"), 10);
  var id = (isNew || formType === 1) ? "" :
    (rawId || "__DEFAULT_CONTACT_ID__").replace(/[{}]/g, "").toLowerCase();
  var lcid = parseInt(params.get("lcid") || "__DEFAULT_LCID__", 10);
  var data = params.get("data") || "";
  var height = parseInt(params.get("height") || "640", 10);
  var width = params.get("width") || "full";
  var src = (params.get("src") || "WebResources/new_/leadmap/index.html").replace(/^\/+/, "");
  var second = params.get("second");
  document.documentElement.lang = LANGS[lcid] || "en";
  document.documentElement.dir = RTL[lcid] ? "rtl" : "ltr";

  function braced(guid) { return guid ? "{" + guid.toUpperCase() + "}" : ""; }

  // The PassParams query; a create form has no record yet, so no `id`.
  function webResourceUrl(customData) {
    return "/" + src + "?type=" + (typename === "lead" ? 4 : 2) +
      "&typename=" + encodeURIComponent(typename) +
      (id ? "&id=" + encodeURIComponent(braced(id)) : "") +
      "&orgname=emulator&userlcid=" + lcid + "&orglcid=1033" +
      "&data=" + encodeURIComponent(customData);
  }

  var toastTimer = null;
  function showToast(text) {
    var toast = document.getElementById("toast");
    toast.textContent = text;
    toast.className = "visible";
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.className = ""; }, 6000);
  }

  var globalContext = {
    getClientUrl: function () { return location.origin; },
    getVersion: function () { return "9.2"; },
    userSettings: { languageId: lcid, userId: braced(USER_ID), userName: USER_NAME, isRTL: !!RTL[lcid] },
    organizationSettings: { languageId: 1033, uniqueName: "emulator" }
  };

  // --- The form: header, sections and web resource frames -----------------

  var label = { contact: lcid === 1036 ? "Contact" : "Contact", lead: lcid === 1036 ? "Prospect" : "Lead" };
  var recordName = "";
  var title = document.getElementById("record-title");
  function showTitle() {
    title.textContent = formType === 1 ? "New " + (label[typename] || typename) : recordName || id;
  }
  document.getElementById("record-entity").textContent = label[typename] || typename;
  document.getElementById("section-title").textContent = typename === "lead" ? "Related contacts" : "Related leads";
  var current = RECORDS.filter(function (r) { return r.id === id; })[0];
  recordName = current ? current.name : "";
  showTitle();
  if (id && !current) {
    fetch("/_emulator/name/" + encodeURIComponent(typename) + "/" + encodeURIComponent(id))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j && j.name) { recordName = j.name; showTitle(); } })
      .catch(function () {});
  }

  var loaded = {};
  function showFrame(frameId, sectionId, customData) {
    var frame = document.getElementById(frameId);
    frame.addEventListener("load", function () { loaded[frameId] = true; });
    frame.style.height = height + "px";
    frame.src = webResourceUrl(customData);
    var section = document.getElementById(sectionId);
    section.hidden = false;
    if (width === "third" || width === "half") {
      section.classList.add(width);
    } else if (/^\d+$/.test(width)) {
      section.style.width = width + "px";
    }
  }
  showFrame("WebResource_leadmap", "section-leadmap", data);
  if (second !== null) {
    showFrame("WebResource_leadmap_second", "section-second", second);
  }

  // --- formContext (Client API reference), also the deprecated Xrm.Page ----

  var saveHandlers = [];
  var postSaveHandlers = [];
  var sharedVariables = {};

  function executionContext(eventArgs) {
    return {
      getFormContext: function () { return formContext; },
      getEventArgs: function () { return eventArgs || null; },
      getEventSource: function () { return formContext.data.entity; },
      getDepth: function () { return 1; },
      getSharedVariable: function (key) { return sharedVariables[key]; },
      setSharedVariable: function (key, value) { sharedVariables[key] = value; }
    };
  }

  // getContentWindow resolves once the frame has loaded.
  function webResourceControl(frameId) {
    var frame = document.getElementById(frameId);
    if (!frame || frame.closest("section").hidden) { return null; }
    return {
      getName: function () { return frameId; },
      getControlType: function () { return "webresource"; },
      getObject: function () { return frame; },
      getSrc: function () { return frame.src; },
      getVisible: function () { return !frame.closest("section").hidden; },
      getContentWindow: function () {
        return new Promise(function (resolve) {
          if (loaded[frameId]) { resolve(frame.contentWindow); return; }
          frame.addEventListener("load", function () { resolve(frame.contentWindow); }, { once: true });
        });
      }
    };
  }

  function remove(list, fn) {
    var i = list.indexOf(fn);
    if (i >= 0) { list.splice(i, 1); }
  }

  var formContext = {
    ui: {
      getFormType: function () { return formType; },
      setFormNotification: function (message) { showToast(message); return true; },
      clearFormNotification: function () { return true; }
    },
    data: {
      entity: {
        getId: function () { return braced(id); },
        getEntityName: function () { return typename; },
        getPrimaryAttributeValue: function () { return recordName; },
        getIsDirty: function () { return false; },
        addOnSave: function (fn) { saveHandlers.push(fn); },
        removeOnSave: function (fn) { remove(saveHandlers, fn); },
        addOnPostSave: function (fn) { postSaveHandlers.push(fn); },
        removeOnPostSave: function (fn) { remove(postSaveHandlers, fn); }
      },
      save: function () { return save(1); },
      refresh: function () { return Promise.resolve(); }
    },
    getControl: function (name) { return webResourceControl(name); },
    context: globalContext
  };

  function saveEventArgs(saveMode) {
    var prevented = false;
    return {
      getSaveMode: function () { return saveMode; },
      isDefaultPrevented: function () { return prevented; },
      preventDefault: function () { prevented = true; }
    };
  }

  function postSaveEventArgs(success, error) {
    return {
      getEntityReference: function () {
        return success ? { entityType: typename, id: braced(id), name: recordName } : null;
      },
      getIsSaveSuccess: function () { return success; },
      getSaveErrorInfo: function () { return error || null; }
    };
  }

  var created = 0;
  // A create form's first save creates the record through the Web API.
  function createRecord() {
    created += 1;
    var name = "New " + typename + " " + created;
    var body = typename === "lead" ? { lastname: name, subject: name } : { lastname: name };
    return fetch("/api/data/v9.2/" + SET[typename], {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "OData-Version": "4.0",
        "OData-MaxVersion": "4.0",
        "Prefer": "return=representation"
      },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { throw (j && j.error) || { message: "HTTP " + r.status }; }
        return j;
      });
    }).then(function (record) {
      id = record[PRIMARY_ID[typename]];
      recordName = record.fullname || name;
      formType = 2;
      params.set("id", id);
      params.delete("formtype");
      history.replaceState(null, "", "?" + params.toString());
      showTitle();
    });
  }

  // The web resource frames stay loaded: PostSave handlers tell them.
  function save(saveMode) {
    if (formType === 3 || formType === 4) {
      return Promise.reject({ message: "The form is read-only." });
    }
    var args = saveEventArgs(saveMode);
    saveHandlers.slice().forEach(function (fn) { fn(executionContext(args)); });
    if (args.isDefaultPrevented()) {
      return Promise.reject({ message: "The save was canceled." });
    }
    var work = formType === 1 ? createRecord() : Promise.resolve();
    return work.then(function () {
      postSaveHandlers.slice().forEach(function (fn) { fn(executionContext(postSaveEventArgs(true))); });
    }, function (error) {
      postSaveHandlers.slice().forEach(function (fn) { fn(executionContext(postSaveEventArgs(false, error))); });
      showToast("Save failed: " + (error.message || error));
      throw error;
    });
  }

  window.Xrm = {
    Page: formContext,
    Utility: {
      getGlobalContext: function () { return globalContext; }
    },
    Navigation: {
      openForm: function (opts) {
        opts = opts || {};
        showToast("Would open " + opts.entityName + " " + opts.entityId);
        window.lastOpenForm = opts;
        return Promise.resolve({ savedEntityReference: [] });
      }
    }
  };

  // --- Command bar, record picker, OnLoad ------------------------------------

  document.getElementById("command-save").addEventListener("click", function () {
    save(1).catch(function () {});
  });
  document.getElementById("command-new").addEventListener("click", function () {
    params.set("id", "");
    params.delete("formtype");
    location.search = params.toString();
  });

  var picker = document.getElementById("record-picker");
  RECORDS.forEach(function (r) {
    var option = document.createElement("option");
    option.value = r.typename + ":" + r.id;
    option.textContent = (r.typename === "lead" ? "Lead: " : "Contact: ") + r.name;
    if (r.id === id) { option.selected = true; }
    picker.appendChild(option);
  });
  picker.addEventListener("change", function () {
    var parts = picker.value.split(":");
    params.set("typename", parts[0]);
    params.set("id", parts[1]);
    params.delete("formtype");
    location.search = params.toString();
  });

  // `onload=1`: the form library next to the web resource, called as a form
  // OnLoad handler with the execution context first.
  if (params.get("onload") === "1") {
    var script = document.createElement("script");
    script.src = "/" + src.replace(/[^\/]*$/, "form_onload.js");
    script.onload = function () {
      try {
        window.LeadMap.onLoad(executionContext({ getDataLoadState: function () { return 1; } }), "WebResource_leadmap");
      } catch (e) {
        window.onLoadError = String(e);
        showToast("LeadMap.onLoad failed: " + e);
      }
    };
    script.onerror = function () {
      window.onLoadError = "form_onload.js did not load";
      showToast(window.onLoadError + " (start the emulator with --dist or --webresources)");
    };
    document.head.appendChild(script);
  }
})();
