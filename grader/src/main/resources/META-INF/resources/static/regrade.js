// The regrade page: while the regrade runs, ask the JSON API for its progress every second (the session cookie
// signs the request in) and show it. Numbers from the server are only ever set as textContent.
(function () {
  'use strict';
  var root = document.getElementById('regrade');
  if (!root || root.dataset.finished === 'true') {
    return;
  }
  function show(id, value) {
    document.getElementById(id).textContent = String(value);
  }
  function poll() {
    fetch('/api/instructor/regrades/' + encodeURIComponent(root.dataset.regrade), {
      headers: { Accept: 'application/json' }, credentials: 'same-origin'
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (regrade) {
      var bar = document.getElementById('regrade-progress');
      bar.max = regrade.total;
      bar.value = regrade.done;
      show('regrade-done', regrade.done);
      show('regrade-total', regrade.total);
      show('regrade-changed', regrade.changed);
      show('regrade-kept', regrade.kept);
      if (regrade.finished) {
        show('regrade-state', 'finished');
        return;
      }
      window.setTimeout(poll, 1000);
    }).catch(function () {
      window.setTimeout(poll, 3000);     // the server may be restarting: keep trying, a little slower
    });
  }
  window.setTimeout(poll, 1000);
})();
