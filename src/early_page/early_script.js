// LeadMap's first round trips, sent while the WebAssembly still downloads and
// compiles, each its own request, side by side: the first page of
// ContactLeads associations, the list of entity maps (with their attribute
// maps) and what the app shows of the map it most likely shows first (the
// one into the other side of ContactLeads): both tables' attributes unless
// kept from an earlier open, and the InitializeFrom preview. When the list's
// answer shows another map first, its reads follow, if the app has not
// started by then. The app takes these
// answers only for exactly the requests it would send (src/api/early.rs);
// anything this script does not fully understand (odd ids, names or
// options) makes it send nothing, and the app reports bad input itself.
//
// When the first page's answer is in before the app has started, the script
// draws its rows in place of the loading skeleton, in the app's own grid
// markup (rendered at build time with stand-ins, src/early_page/first_rows.rs),
// inert until the app mounts over them. Record values go in as text only.
(function () {
  'use strict';
  var REQUESTS = __REQUESTS__;
  var GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
  var ENTITY = /^[a-z][a-z0-9_]{0,63}$/;
  // How long the drawn rows wait for the map list's answer at most.
  var LIST_FIRST_MS = 150;
  // Requests in flight at once at most; the rest wait here, in order. Fewer than the
  // browser's six connections to a host over HTTP/1.1: the page's stylesheet, script and
  // wasm share them.
  var MAX_IN_FLIGHT = 4;

  // LeadMap's options: in `data`, or spilled into the query string when
  // `data` was not URL-encoded (values inside `data` win).
  function options(params) {
    var result = { view: 'both', pageSize: REQUESTS.defaultPageSize };
    var pairs = [];
    params.forEach(function (value, key) {
      if (key === 'view' || key === 'pagesize') pairs.push([key, value]);
    });
    new URLSearchParams((params.get('data') || '').trim()).forEach(function (value, key) {
      pairs.push([key.trim().toLowerCase(), value]);
    });
    for (var i = 0; i < pairs.length; i += 1) {
      var value = pairs[i][1].trim();
      if (pairs[i][0] === 'view') {
        value = value.toLowerCase() || 'both';
        if (['associations', 'maps', 'both'].indexOf(value) < 0) return null;
        result.view = value;
      } else if (pairs[i][0] === 'pagesize') {
        if (!/^\d{1,3}$/.test(value)) return null;
        result.pageSize = Number(value);
        if (result.pageSize < 1 || result.pageSize > REQUESTS.maxPageSize) return null;
      }
    }
    return result;
  }

  function clientUrl() {
    try {
      var xrm = (window.parent && window.parent.Xrm) || window.Xrm;
      var url = xrm && xrm.Utility.getGlobalContext().getClientUrl();
      if (typeof url === 'string' && /^https?:\/\//.test(url)) return url.replace(/\/+$/, '');
    } catch (e) {
      // A cross-origin parent or a partial Xrm: the page's origin is the org.
    }
    return location.origin;
  }

  // The user's language as the app picks it (Xrm, then the query string):
  // the first rows are drawn in LeadMap's English strings only.
  // It goes into the metadata requests' URLs: a whole number or the default, nothing else.
  function userLanguage(params) {
    var valid = function (lcid) { return Number.isInteger(lcid) && lcid >= 1 && lcid <= 65535; };
    try {
      var xrm = (window.parent && window.parent.Xrm) || window.Xrm;
      var lcid = xrm && xrm.Utility.getGlobalContext().userSettings.languageId;
      if (valid(lcid)) return lcid;
    } catch (e) {
      // As above: no usable Xrm.
    }
    var given = (params.get('userlcid') || '').trim();
    return /^\+?\d+$/.test(given) && valid(Number(given)) ? Number(given) : REQUESTS.drawnLanguage;
  }

  function fill(text, values) {
    return text.replace(/\{(id|entity|pagesize|table|target|lcid)\}/g, function (_, name) { return values[name]; });
  }

  function requests(params, root, lcid) {
    var entity = (params.get('typename') || '').trim();
    var id = GUID.exec((params.get('id') || '').trim());
    var opts = options(params);
    if (!ENTITY.test(entity) || !id || !opts) return [];
    var values = { id: id[1].toLowerCase(), entity: entity, pagesize: String(opts.pageSize) };
    var list = [];
    if (opts.view !== 'maps' && REQUESTS.associations[entity]) list.push(REQUESTS.associations[entity]);
    if (opts.view !== 'associations') list.push(REQUESTS.entityMaps);
    list = list.map(function (request) {
      var sent = { url: root + fill(request.path, values), prefer: fill(request.prefer, values), grid: request.grid };
      if (request === REQUESTS.entityMaps) sent.form = values;
      return sent;
    });
    var likely = REQUESTS.details.shownFirst.filter(function (pair) { return pair[0] === entity; })[0];
    if (opts.view !== 'associations' && likely) {
      values.guess = likely.join('>');
      list = list.concat(mapRequests(values, likely[0], likely[1], root, lcid));
    }
    return list;
  }

  // The map the app shows first (src/hooks/use_entity_maps.rs, MapList::first):
  // one of `shownFirst` among those from the form's entity, else the first of
  // those (by target), else the first into it (by source).
  function firstMap(entity, maps) {
    var byName = function (key) {
      return function (a, b) { return a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0; };
    };
    var outgoing = maps.filter(function (m) { return m.sourceentityname === entity; }).sort(byName('targetentityname'));
    var incoming = maps.filter(function (m) { return m.sourceentityname !== entity; }).sort(byName('sourceentityname'));
    var shown = outgoing.filter(function (m) {
      return REQUESTS.details.shownFirst.some(function (pair) {
        return pair[0] === m.sourceentityname && pair[1] === m.targetentityname;
      });
    });
    return shown[0] || outgoing[0] || incoming[0] || null;
  }

  function kept(request, lcid) {
    try {
      var key = REQUESTS.details.metadataKey.replace('{lcid}', String(lcid))
        .replace('{prefer}', request.prefer).replace('{url}', request.url);
      // Whether the key is there, without copying the kept answer.
      return Object.prototype.hasOwnProperty.call(window.localStorage, key);
    } catch (e) {
      return false; // No storage: the app has none either.
    }
  }

  // What the app reads to show a map of the list besides the list itself.
  function mapRequests(form, source, target, root, lcid) {
    var values = { id: form.id, target: target, lcid: String(lcid) };
    var make = function (template, table) {
      values.table = table;
      return { url: root + fill(template.path, values), prefer: fill(template.prefer, values) };
    };
    var list = [];
    var preview = REQUESTS.details.initializeFrom[form.entity];
    if (source === form.entity && preview) list.push(make(preview, ''));
    [source, target].filter(function (t, i, all) { return all.indexOf(t) === i; }).forEach(function (table) {
      REQUESTS.details.attributes.forEach(function (template) {
        var request = make(template, table);
        if (!kept(request, lcid)) list.push(request);
      });
    });
    return list;
  }

  // The display names of the form's entity and of every one at the other end
  // of a map (src/components/entity_maps/mod.rs), unless kept.
  function labelRequest(form, maps, root, lcid) {
    var names = [form.entity].concat(maps.map(function (m) {
      return m.sourceentityname === form.entity ? m.targetentityname : m.sourceentityname;
    })).filter(function (name) { return ENTITY.test(name); }).sort();
    names = names.filter(function (name, i) { return i === 0 || names[i - 1] !== name; });
    var labels = REQUESTS.details.labels;
    if (!labels) return [];
    var request = { url: root + labels.prefix + names.join(labels.separator) + labels.suffix, prefer: labels.prefer };
    return kept(request, lcid) ? [] : [request];
  }

  function json(answer) {
    return JSON.parse(new TextDecoder().decode(answer.body));
  }

  // What waits for the list's answer: the labels, and the first map's reads when it is not the one guessed.
  function detailRequests(form, answer, root, lcid, sent) {
    if (!answer || answer.status !== 200) return [];
    var page = json(answer);
    if (!Array.isArray(page.value) || page['@odata.nextLink']) return [];
    var list = labelRequest(form, page.value, root, lcid);
    var map = firstMap(form.entity, page.value);
    if (!map || !ENTITY.test(map.sourceentityname) || !ENTITY.test(map.targetentityname)) return list;
    if (map.sourceentityname + '>' + map.targetentityname === form.guess) return list;
    return list.concat(mapRequests(form, map.sourceentityname, map.targetentityname, root, lcid).filter(function (request) {
      return !sent.some(function (other) { return other.url === request.url && other.prefer === request.prefer; });
    }));
  }

  function cellText(record, column) {
    var value = record[column.attribute];
    var formatted = record[column.attribute + '@OData.Community.Display.V1.FormattedValue'];
    value = value === undefined || value === null ? null : String(value);
    formatted = typeof formatted === 'string' ? formatted : null;
    if (column.text === 'formatted') return formatted || '';
    if (column.text === 'formattedOrValue') return formatted !== null ? formatted : value || '';
    return value || '';
  }

  // Where a template row holds stand-ins (text nodes, attributes), by the
  // path of child indexes from the row: found once, filled in each clone.
  function placesOf(template, pattern) {
    var places = [];
    (function visit(node, path) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (pattern.test(node.nodeValue)) places.push({ path: path, text: node.nodeValue });
        return;
      }
      for (var i = 0; i < node.attributes.length; i += 1) {
        var attribute = node.attributes[i];
        if (pattern.test(attribute.value)) places.push({ path: path, attribute: attribute.name, text: attribute.value });
      }
      for (var c = 0; c < node.childNodes.length; c += 1) visit(node.childNodes[c], path.concat(c));
    })(template, []);
    return places;
  }

  function fillRow(row, places, pattern, replacements) {
    places.forEach(function (place) {
      var node = row;
      for (var i = 0; i < place.path.length; i += 1) node = node.childNodes[place.path[i]];
      var text = place.text.replace(pattern, function (standIn) { return replacements[standIn]; });
      if (place.attribute) node.setAttribute(place.attribute, text);
      else node.nodeValue = text;
    });
  }

  function drawFirstRows(grid, answer, client) {
    // Until the app mounts (it may have started and be waiting for this answer: then it lets
    // the browser paint these rows before its first render).
    var boot = document.querySelector('#leadmap > .lm-boot');
    if (!boot || !answer || answer.status !== 200) return;
    var records = json(answer).value;
    if (!Array.isArray(records) || records.length === 0) return;
    var holder = document.createElement('template');
    holder.innerHTML = grid.markup;
    var view = holder.content.firstElementChild;
    var body = view.querySelector('tbody');
    var templates = Array.prototype.slice.call(body.children);
    body.textContent = '';
    var standIns = [grid.idStandIn, grid.clientUrlStandIn].concat(grid.columns.map(function (c) { return c.standIn; }));
    // Stand-ins are letters, digits and dashes: no escaping needed.
    var pattern = new RegExp(standIns.join('|'), 'g');
    var test = new RegExp(standIns.join('|'));
    var places = templates.map(function (template) { return placesOf(template, test); });
    for (var i = 0; i < records.length; i += 1) {
      var id = GUID.exec(String(records[i][grid.key]));
      if (!id) return;
      var replacements = {};
      replacements[grid.idStandIn] = id[1].toLowerCase();
      replacements[grid.clientUrlStandIn] = client;
      grid.columns.forEach(function (column, index) {
        var text = cellText(records[i], column);
        replacements[column.standIn] = index === 0 && !text.trim() ? grid.noName : text;
      });
      var which = Math.min(i, templates.length - 1);
      var row = templates[which].cloneNode(true);
      fillRow(row, places[which], pattern, replacements);
      body.appendChild(row);
    }
    // Nothing answers yet: the app's controls come with the app.
    Array.prototype.forEach.call(view.querySelectorAll('button, input'), function (control) { control.disabled = true; });
    view.setAttribute('aria-busy', 'true');
    // The placeholder's note for an app that never comes stays.
    var slow = boot.querySelector('.lm-boot__slow');
    if (slow) view.querySelector('.lm-frame').appendChild(slow);
    boot.parentNode.replaceChild(view, boot);
    performance.mark('leadmap:first-rows');
  }

  function whenParsed(run) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }

  try {
    var client = clientUrl();
    var root = client + '/api/data/' + REQUESTS.apiVersion + '/';
    var params = new URLSearchParams(location.search);
    var lcid = userLanguage(params);
    var list = requests(params, root, lcid);
    if (list.length === 0) return;
    var draw = lcid === REQUESTS.drawnLanguage;
    // Each request's `sentAt` starts the app's timeout; its `abort` lets the app drop it.
    var early = { requests: list };
    var throttled = false;
    var inFlight = 0;
    var waiting = [];
    // Lets the waiting requests go while there is room; after a 429 or 503 none
    // leaves from here (each answers null: the app sends it once the wait is over).
    var next = function () {
      while (waiting.length > 0 && (throttled || inFlight < MAX_IN_FLIGHT)) {
        var go = waiting.shift();
        if (!throttled) inFlight += 1;
        go(!throttled);
      }
    };
    var send = function (request) {
      var headers = { Prefer: request.prefer };
      Object.keys(REQUESTS.headers).forEach(function (name) { headers[name] = REQUESTS.headers[name]; });
      // XMLHttpRequest rather than fetch: on a busy, slow main thread (the wasm compiling, the
      // app starting) its load event reaches this script sooner than a fetch's response and
      // then its body, which are tasks of their own (docs/BENCHMARKS.md).
      var xhr = new XMLHttpRequest();
      // Called off while still waiting for a slot, it must not leave later (an XHR not yet
      // opened ignores abort()).
      var calledOff = false;
      request.abort = function () { calledOff = true; xhr.abort(); };
      request.sentAt = performance.now();
      var turn = new Promise(function (go) { waiting.push(go); });
      next();
      // `settled` lets the app read an answer that came in before it started
      // during its first render, so the rows need no loading state.
      request.answer = turn
        .then(function (allowed) {
          if (!allowed) return null;
          return new Promise(function (answered, failed) {
            if (calledOff) return failed();
            xhr.open('GET', request.url);
            // Bytes, as the app reads its own answers: a string would cross into the wasm a
            // character at a time, tens of ms for a catalog on a slow CPU.
            xhr.responseType = 'arraybuffer';
            Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
            xhr.onreadystatechange = function () {
              if (xhr.readyState !== XMLHttpRequest.HEADERS_RECEIVED) return;
              request.responded = true;
              // Known from the status line on: no request leaves from here while its body is read,
              // and those not answered yet are called off (the browser may still hold them back);
              // the app sends them once the wait is over.
              if (xhr.status === 429 || xhr.status === 503) {
                throttled = true;
                list.forEach(function (other) { if (!other.responded && other.abort) other.abort(); });
              }
            };
            xhr.onload = function () {
              answered({ status: xhr.status, retryAfter: xhr.getResponseHeader('Retry-After'), body: xhr.response });
            };
            xhr.onerror = xhr.onabort = failed;
            xhr.send();
          }).catch(function () {
            // No answer (offline, aborted, cut off): the app sends its own.
            return null;
          }).then(function (answer) {
            inFlight -= 1;
            next();
            return answer;
          });
        })
        .then(function (answer) {
          request.settled = answer;
          // The service asked the page to wait: nothing more leaves from here (the app holds its own).
          if (answer && (answer.status === 429 || answer.status === 503)) throttled = true;
          // Once the app has taken the early requests it asks for the rest itself.
          if (request.form && !throttled && window.leadmapEarly === early) {
            try {
              detailRequests(request.form, answer, root, lcid, list).forEach(function (more) {
                list.push(more);
                send(more);
              });
            } catch (e) {
              // The app asks for the map's details itself.
            }
          }
          if (request.grid && draw) {
            var drawRows = function () {
              whenParsed(function () {
                try {
                  drawFirstRows(request.grid, answer, client);
                } catch (e) {
                  // The skeleton stays; the app draws the rows.
                }
              });
            };
            // The map list's answer first, briefly, when the first map's reads wait for it: they
            // are the view's slowest part, and the rows' layout and paint would hold them back.
            var maps = list.filter(function (r) { return r.form; })[0];
            if (maps && !maps.form.guess && !('settled' in maps)) {
              Promise.race([maps.answer, new Promise(function (done) { setTimeout(done, LIST_FIRST_MS); })]).then(drawRows);
            } else {
              drawRows();
            }
          }
          return answer;
        });
    };
    list.forEach(send);
    window.leadmapEarly = early;
  } catch (e) {
    // Never in the way: without it the app sends its own first requests.
  }
})();
