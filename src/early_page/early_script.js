// LeadMap's first round trip, sent while the WebAssembly still downloads and
// compiles: the first page of ContactLeads associations and the list of
// entity maps, each its own request, side by side. The app takes these
// answers only for exactly the requests it would send (src/api/early.rs);
// anything this script does not fully understand (odd ids, names or
// options) makes it send nothing, and the app reports bad input itself.
(function () {
  'use strict';
  var REQUESTS = __REQUESTS__;
  var GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
  var ENTITY = /^[a-z][a-z0-9_]{0,63}$/;

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

  function fill(text, values) {
    return text.replace(/\{(id|entity|pagesize)\}/g, function (_, name) { return values[name]; });
  }

  function requests(params, root) {
    var entity = (params.get('typename') || '').trim();
    var id = GUID.exec((params.get('id') || '').trim());
    var opts = options(params);
    if (!ENTITY.test(entity) || !id || !opts) return [];
    var values = { id: id[1].toLowerCase(), entity: entity, pagesize: String(opts.pageSize) };
    var list = [];
    if (opts.view !== 'maps' && REQUESTS.associations[entity]) list.push(REQUESTS.associations[entity]);
    if (opts.view !== 'associations') list.push(REQUESTS.entityMaps);
    return list.map(function (request) {
      return { url: root + fill(request.path, values), prefer: fill(request.prefer, values) };
    });
  }

  try {
    var root = clientUrl() + '/api/data/' + REQUESTS.apiVersion + '/';
    var list = requests(new URLSearchParams(location.search), root);
    if (list.length === 0) return;
    // `abort` lets the app drop what it no longer waits for; `sentAt` starts its timeout.
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var early = {
      requests: list,
      sentAt: performance.now(),
      abort: function () { if (controller) controller.abort(); },
    };
    list.forEach(function (request) {
      var headers = { Prefer: request.prefer };
      Object.keys(REQUESTS.headers).forEach(function (name) { headers[name] = REQUESTS.headers[name]; });
      var init = { credentials: 'same-origin', headers: headers, signal: controller && controller.signal };
      // `settled` lets the app read an answer that came in before it started
      // during its first render, so the rows need no loading state.
      request.answer = fetch(request.url, init)
        .then(function (response) {
          return response.text().then(function (body) {
            return { status: response.status, retryAfter: response.headers.get('Retry-After'), body: body };
          });
        })
        .catch(function () {
          // No answer (offline, aborted, cut off): the app sends its own.
          return null;
        })
        .then(function (answer) {
          request.settled = answer;
          return answer;
        });
    });
    window.leadmapEarly = early;
  } catch (e) {
    // Never in the way: without it the app sends its own first requests.
  }
})();
