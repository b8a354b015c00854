// LeadMap's first round trip, sent while the WebAssembly still downloads and
// compiles: the first page of ContactLeads associations and the list of entity
// maps, in one $batch (one GET when the view needs only one of them).
//
// The app (src/api/early_batch.rs) takes this answer only when it asks for
// exactly these requests; otherwise it sends its own. So anything this script
// gets wrong costs one request, never a wrong answer. Input it does not fully
// understand (odd ids, names or options) makes it do nothing: the app reports
// bad input itself. Keep the queries in step with src/hooks/relationship.rs,
// use_associations.rs and use_entity_maps.rs; tests/e2e/views.test.mjs checks
// that the app uses this answer.
(function () {
  'use strict';
  var API_VERSION = 'v9.2';
  var ANNOTATIONS = 'odata.include-annotations="*"';
  var DEFAULT_PAGE_SIZE = 25;
  var MAX_PAGE_SIZE = 250;
  var MAP_LIST_PAGE_SIZE = 5000;
  // The related records' columns, then their key (relationship.rs `Side::select`).
  var SELECT = {
    contact: 'fullname,companyname,emailaddress1,statuscode,createdon,leadid',
    lead: 'fullname,emailaddress1,_parentcustomerid_value,telephone1,contactid',
  };
  var ENTITY_SET = { contact: 'contacts', lead: 'leads' };
  var GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
  var ENTITY = /^[a-z][a-z0-9_]{0,63}$/;

  function options(data) {
    var result = { view: 'both', pageSize: DEFAULT_PAGE_SIZE };
    if (!data) return result;
    var params = new URLSearchParams(data);
    var view = params.get('view');
    if (view !== null) {
      if (['associations', 'maps', 'both'].indexOf(view.trim()) < 0) return null;
      result.view = view.trim();
    }
    var pageSize = params.get('pagesize');
    if (pageSize !== null) {
      if (!/^\s*\d{1,3}\s*$/.test(pageSize)) return null;
      result.pageSize = Number(pageSize);
      if (result.pageSize < 1 || result.pageSize > MAX_PAGE_SIZE) return null;
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

  function requests(params, root) {
    var entity = (params.get('typename') || '').trim();
    var id = GUID.exec((params.get('id') || '').trim());
    var opts = options(params.get('data'));
    if (!ENTITY.test(entity) || !id || !opts) return [];
    var list = [];
    if (opts.view !== 'maps' && SELECT[entity]) {
      list.push([
        root + ENTITY_SET[entity] + '(' + id[1].toLowerCase() + ')/contactleads_association' +
          '?$select=' + SELECT[entity] + '&$orderby=fullname%20asc&$count=true',
        ANNOTATIONS + ',odata.maxpagesize=' + opts.pageSize,
      ]);
    }
    if (opts.view !== 'associations') {
      list.push([
        root + 'entitymaps?$select=sourceentityname,targetentityname' +
          "&$filter=sourceentityname%20eq%20'" + entity + "'%20or%20targetentityname%20eq%20'" +
          entity + "'",
        ANNOTATIONS + ',odata.maxpagesize=' + MAP_LIST_PAGE_SIZE,
      ]);
    }
    return list;
  }

  function send(root, list, signal) {
    var headers = {
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
    };
    var init = { credentials: 'same-origin', headers: headers, signal: signal };
    var url = list[0][0];
    if (list.length === 1) {
      headers.Prefer = list[0][1];
    } else {
      var boundary = 'batch_leadmap_early';
      var body = '';
      list.forEach(function (request) {
        // Parts name their resource by absolute path, as the app's batches do.
        var target = request[0].replace(/^https?:\/\/[^\/]+/, '');
        body += '--' + boundary + '\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n' +
          'GET ' + target + ' HTTP/1.1\r\nAccept: application/json\r\nPrefer: ' + request[1] + '\r\n\r\n';
      });
      body += '--' + boundary + '--\r\n';
      url = root + '$batch';
      headers.Prefer = 'odata.continue-on-error';
      headers['Content-Type'] = 'multipart/mixed; boundary=' + boundary;
      init.method = 'POST';
      init.body = body;
    }
    return fetch(url, init)
      .then(function (response) {
        return response.text().then(function (text) {
          return {
            status: response.status,
            contentType: response.headers.get('Content-Type') || '',
            body: text,
          };
        });
      })
      .catch(function () {
        // No answer (offline, aborted, cut off): the app sends its own.
        return null;
      });
  }

  try {
    var root = clientUrl() + '/api/data/' + API_VERSION + '/';
    var list = requests(new URLSearchParams(location.search), root);
    if (list.length > 0) {
      // `sentAt` starts the app's timeout for this answer; `abort` lets it
      // drop a request it no longer waits for.
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      var early = {
        requests: list,
        batch: list.length > 1,
        sentAt: performance.now(),
        abort: function () { if (controller) controller.abort(); },
      };
      // `settled` lets the app read an answer that came in before it started
      // during its first render, so the rows need no loading state.
      early.answer = send(root, list, controller && controller.signal).then(function (answer) {
        early.settled = answer;
        return answer;
      });
      window.leadmapEarlyBatch = early;
    }
  } catch (e) {
    // Never in the way: without it the app sends its own first requests.
  }
})();
